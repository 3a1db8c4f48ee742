// The server's limits and its handling of malformed requests, over a real
// gRPC server on 127.0.0.1:0.
#include "hub/server/limits.h"

#include <thread>

#include "absl/strings/str_cat.h"
#include "adapters/builtin.h"
#include "gmock/gmock.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/engine/internal/test_fixtures.h"
#include "hub/model/errors.h"
#include "hub/server/server.h"
#include "hub/transport/grpc_status.h"
#include "hub/v1/audit.grpc.pb.h"
#include "hub/v1/hub_service.grpc.pb.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::SanmingTestCatalog;
using ::hub::testing::SubsidySubmission;
using ::testing::HasSubstr;

Principal P(const char* text) { return *Principal::Parse(text); }

// Every test runs against both SubmissionServices: the callback one
// (--callback_submissions, hubd's default: its reactor paces a stream by
// delaying its next read, never blocking a gRPC thread) and the synchronous
// one (the interceptor sleeps on the service's thread).
class LimitsTest : public ::testing::TestWithParam<bool> {
 protected:
  void Start(const LimitOptions& limits) {
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
    so.limits = limits;
    so.callback_submissions = GetParam();
    auto server = HubServer::Start(hub_.get(), so);
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
    channel_ =
        grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                            grpc::InsecureChannelCredentials());
    records_ = v1::RecordService::NewStub(channel_);
    audit_ = v1::AuditService::NewStub(channel_);
    submissions_ = v1::SubmissionService::NewStub(channel_);
  }
  void TearDown() override { server_.reset(); }

  static void As(grpc::ClientContext* ctx, const char* principal,
                 absl::Duration deadline = absl::Seconds(30)) {
    ctx->AddMetadata("x-hub-principal", principal);
    if (deadline != absl::InfiniteDuration()) {
      ctx->set_deadline(absl::ToChronoTime(absl::Now() + deadline));
    }
  }
  absl::Status GetRecord(const char* principal,
                         absl::Duration deadline = absl::Seconds(30)) {
    grpc::ClientContext ctx;
    As(&ctx, principal, deadline);
    v1::GetRecordRequest request;
    request.mutable_key()->set_kind(v1::SUBJECT_KIND_INDICATOR);
    request.mutable_key()->set_code("resident_insurance_subsidy_per_person");
    request.mutable_key()->set_region_code("350424");
    request.mutable_key()->set_period("2024");
    v1::MergedRecord record;
    return FromGrpcStatus(records_->GetRecord(&ctx, request, &record));
  }

  std::unique_ptr<Hub> hub_;
  std::unique_ptr<HubServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::RecordService::Stub> records_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
  std::unique_ptr<v1::SubmissionService::Stub> submissions_;
};

TEST_P(LimitsTest, APrincipalOverItsRateWaitsAndOthersDoNot) {
  LimitOptions limits;
  limits.calls_per_second = 2;
  limits.burst = 3;
  Start(limits);
  const uint64_t head = hub_->head().sequence;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(GetRecord("analyst@350400").code(), absl::StatusCode::kNotFound);
  }
  absl::Status over = GetRecord("analyst@350400");
  EXPECT_EQ(over.code(), absl::StatusCode::kResourceExhausted) << over;
  EXPECT_THAT(over.message(),
              HasSubstr("analyst@350400 is over its rate of 2 calls a second; "
                        "retry after"));
  ASSERT_TRUE(GetRetryDelay(over).has_value());
  EXPECT_GT(*GetRetryDelay(over), absl::ZeroDuration());
  EXPECT_LE(*GetRetryDelay(over), absl::Milliseconds(500));
  // Another principal has its own rate; refusals for rate are not logged.
  EXPECT_EQ(GetRecord("auditor@350000").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(hub_->head().sequence, head);
  absl::SleepFor(*GetRetryDelay(over));
  EXPECT_EQ(GetRecord("analyst@350400").code(), absl::StatusCode::kNotFound);
}

TEST_P(LimitsTest, UnaryCallsNeedADeadlineWithinTheCap) {
  LimitOptions limits;
  limits.max_deadline = absl::Minutes(1);
  Start(limits);
  absl::Status none = GetRecord("analyst@350400", absl::InfiniteDuration());
  EXPECT_EQ(none.code(), absl::StatusCode::kInvalidArgument) << none;
  ASSERT_EQ(GetFieldViolations(none).size(), 1u);
  EXPECT_EQ(GetFieldViolations(none)[0].field, "grpc-timeout");
  EXPECT_THAT(GetFieldViolations(none)[0].description,
              HasSubstr("every call needs a deadline, of at most 1m"));
  absl::Status far = GetRecord("analyst@350400", absl::Hours(2));
  EXPECT_EQ(far.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(GetFieldViolations(far)[0].description,
              HasSubstr("is past the cap of 1m"));
  EXPECT_EQ(GetRecord("analyst@350400", absl::Seconds(50)).code(),
            absl::StatusCode::kNotFound);
}

TEST_P(LimitsTest, OpenStreamsAreCappedPerPrincipalAndInAll) {
  LimitOptions limits;
  limits.streams_per_principal = 2;
  limits.streams = 3;
  Start(limits);
  struct Follow {
    grpc::ClientContext ctx;
    std::unique_ptr<grpc::ClientReader<v1::ReplayResponse>> reader;
  };
  auto open = [&](const char* principal) {
    auto f = std::make_unique<Follow>();
    As(&f->ctx, principal, absl::InfiniteDuration());
    v1::ReplayRequest request;
    request.set_follow(true);
    f->reader = audit_->Replay(&f->ctx, request);
    return f;
  };
  // Whether a stream is admitted shows in its first message (a live replay
  // reports its progress) or its status.
  auto admitted = [](Follow* f) {
    v1::ReplayResponse r;
    if (f->reader->Read(&r)) return absl::OkStatus();
    return FromGrpcStatus(f->reader->Finish());
  };
  auto a = open("auditor@350000");
  ASSERT_THAT(admitted(a.get()), IsOk());
  auto b = open("auditor@350000");
  ASSERT_THAT(admitted(b.get()), IsOk());
  auto c = open("auditor@350000");
  absl::Status third = admitted(c.get());
  EXPECT_EQ(third.code(), absl::StatusCode::kResourceExhausted) << third;
  EXPECT_THAT(third.message(),
              HasSubstr("auditor@350000 has 2 streams open, at most 2"));
  auto d = open("reform_office@350400");
  ASSERT_THAT(admitted(d.get()), IsOk());
  auto e = open("reform_office@350400");
  EXPECT_THAT(admitted(e.get()).message(),
              HasSubstr("hubd has 3 streams open, at most 3"));
  // A stream that ends gives its place back.
  a->ctx.TryCancel();
  a->reader->Finish();
  for (int i = 0; i < 100 && a != nullptr; ++i) {
    auto again = open("auditor@350000");
    if (admitted(again.get()).ok()) {
      again->ctx.TryCancel();
      again->reader->Finish();
      a.reset();
      break;
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(a, nullptr) << "the cancelled stream's place never came back";
  for (Follow* f : {b.get(), d.get()}) {
    f->ctx.TryCancel();
    f->reader->Finish();
  }
}

// A stream over its principal's message rate is slowed down, every message
// still answered; the unary calls of the same principal keep their own rate.
TEST_P(LimitsTest, AStreamOverItsMessageRateIsSlowedNotFailed) {
  LimitOptions limits;
  limits.messages_per_second = 20;
  limits.message_burst = 1;
  Start(limits);
  grpc::ClientContext ctx;
  As(&ctx, "finance@350400", absl::InfiniteDuration());
  auto stream = submissions_->StreamSubmit(&ctx);
  constexpr int kMessages = 11;  // the first is the call's; 1 in the burst
  const absl::Time start = absl::Now();
  for (int i = 0; i < kMessages; ++i) {
    v1::SubmitRequest request;
    *request.mutable_submission() = SubsidySubmission(
        absl::StrCat("fin-paced-", i), "finance", "350424", "670.00");
    ASSERT_TRUE(stream->Write(request));
  }
  stream->WritesDone();
  int receipts = 0;
  for (v1::SubmitResponse r; stream->Read(&r);) {
    EXPECT_FALSE(r.has_error()) << r.error().message();
    ++receipts;
  }
  EXPECT_THAT(FromGrpcStatus(stream->Finish()), IsOk());
  EXPECT_EQ(receipts, kMessages);
  // 9 messages beyond the burst at 20 a second take at least 0.45 s.
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(440));
  EXPECT_NE(GetRecord("finance@350400").code(),
            absl::StatusCode::kResourceExhausted);
}

TEST_P(LimitsTest, AStringThatIsNotUtf8IsInvalidArgumentNamingTheField) {
  Start(LimitOptions());
  const uint64_t head = hub_->head().sequence;
  v1::SubmitRequest request;
  *request.mutable_submission() =
      SubsidySubmission("utf8-1", "finance", "350424", "670.00");
  request.mutable_submission()
      ->mutable_items(0)
      ->mutable_indicator_value()
      ->set_note("\xC0\xAF overlong");  // C++ clients still send it
  grpc::ClientContext ctx;
  As(&ctx, "finance@350400");
  v1::SubmitResponse response;
  absl::Status s =
      FromGrpcStatus(submissions_->Submit(&ctx, request, &response));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  ASSERT_EQ(GetFieldViolations(s).size(), 1u) << s;
  EXPECT_EQ(GetFieldViolations(s)[0].field, "hub.v1.IndicatorValue.note");
  EXPECT_EQ(GetFieldViolations(s)[0].description, "not valid UTF-8");
  EXPECT_EQ(hub_->head().sequence, head);  // nothing parsed, nothing logged
}

TEST_P(LimitsTest, BytesThatAreNotTheRequestAreInvalidArgument) {
  Start(LimitOptions());
  grpc::GenericStub generic(channel_);
  grpc::ClientContext ctx;
  As(&ctx, "finance@350400");
  const std::string junk = "\xff\xff\xff\xff junk";
  grpc::Slice slice(junk);
  grpc::ByteBuffer request(&slice, 1), response;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  grpc::Status status;
  generic.UnaryCall(&ctx, "/hub.v1.SubmissionService/Submit",
                    grpc::StubOptions(), &request, &response,
                    [&](grpc::Status s) {
                      std::lock_guard<std::mutex> lock(mu);
                      status = s;
                      done = true;
                      cv.notify_one();
                    });
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return done; });
  absl::Status s = FromGrpcStatus(status);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  ASSERT_EQ(GetFieldViolations(s).size(), 1u);
  EXPECT_EQ(GetFieldViolations(s)[0].field, "request");
}

TEST_P(LimitsTest, UnknownFieldsAreDroppedBeforeTheHubSeesThem) {
  Start(LimitOptions());
  v1::SubmitRequest request;
  *request.mutable_submission() =
      SubsidySubmission("unknown-1", "finance", "350424", "670.00");
  // Field 99 of the submission, which hub.v1.Submission does not have.
  request.mutable_submission()
      ->GetReflection()
      ->MutableUnknownFields(request.mutable_submission())
      ->AddLengthDelimited(99, std::string(10000, 'u'));
  grpc::ClientContext ctx;
  As(&ctx, "finance@350400");
  v1::SubmitResponse response;
  ASSERT_TRUE(submissions_->Submit(&ctx, request, &response).ok());
  std::vector<v1::ChangeEvent> events = testing::EventsAfter(*hub_, 0);
  ASSERT_FALSE(events.empty());
  const v1::ChangeEvent& accepted = events[events.size() - 2];
  ASSERT_EQ(accepted.kind(), v1::EVENT_KIND_SUBMISSION_ACCEPTED);
  EXPECT_TRUE(accepted.submission_body()
                  .GetReflection()
                  ->GetUnknownFields(accepted.submission_body())
                  .empty());
  EXPECT_LT(accepted.ByteSizeLong(), 2000u);
}

INSTANTIATE_TEST_SUITE_P(SubmissionServices, LimitsTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Callback" : "Sync";
                         });

}  // namespace
}  // namespace hub
