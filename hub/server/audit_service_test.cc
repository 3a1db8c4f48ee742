// AuditService over a real gRPC server on 127.0.0.1:0: a live replay that
// the client drops and resumes from resume_after, with no gaps or repeats,
// and the status codes clients see.
#include <chrono>
#include <thread>

#include "adapters/builtin.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/engine/internal/test_fixtures.h"
#include "hub/log/log_reader.h"
#include "hub/model/errors.h"
#include "hub/model/model.h"
#include "hub/server/server.h"
#include "hub/transport/grpc_status.h"
#include "hub/v1/audit.grpc.pb.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::SanmingTestCatalog;
using ::hub::testing::SubsidySubmission;

Principal P(const char* text) { return *Principal::Parse(text); }

class AuditServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HubOptions options;
    options.rules = *NewBuiltinRuleRegistry();
    options.sync = false;
    hub_ = *Hub::Open(NewMemStore(), options);
    ASSERT_THAT(
        hub_->UpdateCatalog(P("reform_office@350400"), SanmingTestCatalog()),
        IsOk());
    ServerOptions so;
    auto adapters = std::make_shared<adapters::AdapterRegistry>();
    ASSERT_TRUE(adapters::RegisterBuiltinAdapters(adapters.get()).ok());
    so.adapters = adapters;
    so.listen_address = "127.0.0.1:0";
    so.insecure_demo_auth = true;
    auto server = HubServer::Start(hub_.get(), so);
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
    stub_ = v1::AuditService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                            grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { server_.reset(); }

  void Submit(int i) {
    ASSERT_THAT(hub_->Submit(P("finance@350400"),
                             SubsidySubmission(absl::StrCat("f", i), "finance",
                                               i % 2 ? "350404" : "350424",
                                               absl::StrCat(600 + i, ".00")),
                             false),
                IsOk());
  }

  std::unique_ptr<Hub> hub_;
  std::unique_ptr<HubServer> server_;
  std::unique_ptr<v1::AuditService::Stub> stub_;
};

TEST_F(AuditServiceTest, DroppedLiveReplayResumesWithoutGapsOrRepeats) {
  std::thread writer([&] {
    for (int i = 0; i < 30; ++i) {
      Submit(i);
      absl::SleepFor(absl::Milliseconds(3));
    }
  });
  const uint64_t want_last = 1 + 30 * 2;  // catalog, then 2 events each
  std::vector<uint64_t> seen;
  uint64_t resume = 0;
  for (int connection = 0; resume < want_last && connection < 200;
       ++connection) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("x-hub-principal", "auditor@350000");
    v1::ReplayRequest request;
    request.set_after_sequence(resume);
    request.set_follow(true);
    auto reader = stub_->Replay(&ctx, request);
    v1::ReplayResponse response;
    for (int n = 0; n < 5 && resume < want_last && reader->Read(&response);
         ++n) {
      if (response.has_event()) seen.push_back(response.event().sequence());
      resume = response.resume_after();
    }
    ctx.TryCancel();  // the client goes away mid-stream
    while (reader->Read(&response)) {
    }
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  writer.join();
  std::vector<uint64_t> want;
  for (uint64_t s = 1; s <= want_last; ++s) want.push_back(s);
  EXPECT_EQ(seen, want);
}

// A client that asks for batches gets the events of the one-per-message
// form, many per message, byte for byte; one that does not (the first
// clients) gets one per message in `event`.
TEST_F(AuditServiceTest, BatchedReplayCarriesTheSameEvents) {
  for (int i = 0; i < 9; ++i) Submit(i);
  auto replay = [&](uint32_t batch_size, int* messages) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("x-hub-principal", "auditor@350000");
    v1::ReplayRequest request;
    request.set_batch_size(batch_size);
    auto reader = stub_->Replay(&ctx, request);
    std::vector<std::string> events;
    v1::ReplayResponse r;
    *messages = 0;
    while (reader->Read(&r)) {
      ++*messages;
      if (batch_size == 0) {
        EXPECT_EQ(r.events_size(), 0);
        if (r.has_event()) events.push_back(r.event().SerializeAsString());
      } else {
        EXPECT_FALSE(r.has_event());
        for (const auto& e : r.events())
          events.push_back(e.SerializeAsString());
      }
    }
    EXPECT_TRUE(reader->Finish().ok());
    return events;
  };
  int single_messages = 0, batched_messages = 0;
  std::vector<std::string> single = replay(0, &single_messages);
  std::vector<std::string> batched = replay(1000, &batched_messages);
  ASSERT_GE(single.size(), 18u);  // an accepted and a record event each
  EXPECT_EQ(batched, single);
  EXPECT_EQ(single_messages, static_cast<int>(single.size()));
  EXPECT_EQ(batched_messages, 1);
  const LogReader log = hub_->NewReaders().log;
  v1::ChangeEvent first;
  ASSERT_TRUE(first.ParseFromString(batched[0]));
  EXPECT_THAT(log.ReadBytes(first.sequence()),
              testing::IsOkAndHolds(DeterministicBytes(first)));

  grpc::ClientContext ctx;
  ctx.AddMetadata("x-hub-principal", "auditor@350000");
  v1::ReplayRequest bad;
  bad.set_batch_size(20000);
  auto reader = stub_->Replay(&ctx, bad);
  v1::ReplayResponse r;
  EXPECT_FALSE(reader->Read(&r));
  // The violation is sent once, in the BadRequest detail (the message is
  // the summary).
  absl::Status s = FromGrpcStatus(reader->Finish());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  ASSERT_EQ(GetFieldViolations(s).size(), 1u) << s;
  EXPECT_EQ(GetFieldViolations(s)[0].field, "batch_size");
  EXPECT_EQ(GetFieldViolations(s)[0].description, "20000 is not in 0..10000");
  EXPECT_EQ(GetFieldViolations(s)[0].reason, reason::kBatchSizeOutOfRange);
}

TEST_F(AuditServiceTest, StatusCodesReachTheClient) {
  Submit(1);
  struct Case {
    const char* principal;
    uint64_t sequence;
    grpc::StatusCode code;
  } cases[] = {{"analyst@350400", 2, grpc::StatusCode::OK},  // presence
               {"operator@350400", 2, grpc::StatusCode::OK},
               {"auditor@350000", 0, grpc::StatusCode::INVALID_ARGUMENT},
               {"auditor@350000", 99, grpc::StatusCode::INVALID_ARGUMENT},
               {"no principal", 2, grpc::StatusCode::UNAUTHENTICATED},
               {"finance@350400", 2, grpc::StatusCode::OK}};
  for (const Case& c : cases) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(30));
    ctx.AddMetadata("x-hub-principal", c.principal);
    v1::ProveInclusionRequest request;
    request.set_sequence(c.sequence);
    v1::InclusionProof proof;
    grpc::Status s = stub_->ProveInclusion(&ctx, request, &proof);
    EXPECT_EQ(s.error_code(), c.code)
        << c.principal << " " << c.sequence << ": " << s.error_message();
  }
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  ctx.AddMetadata("x-hub-principal", "auditor@350000");
  v1::GetRecordAsOfRequest request;
  request.mutable_key()->set_kind(v1::SUBJECT_KIND_INDICATOR);
  request.mutable_key()->set_code("resident_insurance_subsidy_per_person");
  request.mutable_key()->set_region_code("350404");
  request.mutable_key()->set_period("2024");
  request.set_sequence(1);
  v1::GetRecordAsOfResponse response;
  grpc::Status s = stub_->GetRecordAsOf(&ctx, request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("as of sequence 1"));
}

}  // namespace
}  // namespace hub
