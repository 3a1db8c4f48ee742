// The demo clock over a real gRPC server on 127.0.0.1:0: a call's
// x-hub-demo-time is the transaction time of what it writes, calls without
// it run on the real time, the log never goes back, and a server refuses
// the demo clock without demo auth.
#include "hub/server/demo_clock.h"

#include <chrono>

#include "adapters/builtin.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "hub/common/cst_time.h"
#include "hub/common/status_matchers.h"
#include "hub/engine/internal/test_fixtures.h"
#include "hub/server/server.h"
#include "hub/v1/hub_service.grpc.pb.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::SanmingTestCatalog;
using ::hub::testing::StatusIs;
using ::hub::testing::SubsidySubmission;
using ::testing::HasSubstr;

// The composition root's adapters (hubd's main registers the same).
std::shared_ptr<const adapters::AdapterRegistry> BuiltinAdapters() {
  auto registry = std::make_shared<adapters::AdapterRegistry>();
  EXPECT_TRUE(adapters::RegisterBuiltinAdapters(registry.get()).ok());
  return registry;
}

int64_t CstNoon(int y, int m, int d) {
  return ToUnixMicros(absl::FromCivil(absl::CivilSecond(y, m, d, 12, 0, 0),
                                      ChinaStandardTime()));
}

class DemoClockServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HubOptions options;
    options.rules = *NewBuiltinRuleRegistry();
    options.sync = false;
    options.clock = [this] { return clock_.Now(); };
    hub_ = *Hub::Open(NewMemStore(), options);
    // The catalog first, at the start of the demo year (the log never goes
    // back in time).
    clock_.Pin(absl::FromUnixMicros(CstNoon(2024, 1, 1)));
    ASSERT_THAT(hub_->UpdateCatalog(*Principal::Parse("reform_office@350400"),
                                    SanmingTestCatalog()),
                IsOk());
    clock_.Unpin();
    ServerOptions so;
    so.adapters = BuiltinAdapters();
    so.listen_address = "127.0.0.1:0";
    so.insecure_demo_auth = true;
    so.demo_clock = &clock_;
    auto server = HubServer::Start(hub_.get(), so);
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
    stub_ = v1::SubmissionService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                            grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { server_.reset(); }

  // Submits as finance, with x-hub-demo-time when demo_micros is not 0.
  v1::Receipt Submit(const std::string& id, const std::string& region,
                     int64_t demo_micros) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(30));
    ctx.AddMetadata("x-hub-principal", "finance@350400");
    if (demo_micros != 0) {
      ctx.AddMetadata(kDemoTimeHeader, std::to_string(demo_micros));
    }
    v1::SubmitRequest request;
    *request.mutable_submission() =
        SubsidySubmission(id, "finance", region, "670.00");
    v1::SubmitResponse response;
    grpc::Status s = stub_->Submit(&ctx, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response.receipt();
  }

  DemoClock clock_;
  std::unique_ptr<Hub> hub_;
  std::unique_ptr<HubServer> server_;
  std::unique_ptr<v1::SubmissionService::Stub> stub_;
};

TEST_F(DemoClockServerTest, TheHeaderIsTheTransactionTimeOfTheCall) {
  const int64_t due = CstNoon(2024, 7, 25);
  v1::Receipt r = Submit("f-1", "350404", due);
  EXPECT_EQ(r.accepted_at_micros(), due);
  EXPECT_EQ(clock_.Now() > absl::FromUnixMicros(due) + absl::Hours(24 * 365),
            true);  // unpinned again once the call is done
}

TEST_F(DemoClockServerTest, CallsWithoutTheHeaderRunOnTheRealTime) {
  const int64_t before = ToUnixMicros(absl::Now());
  v1::Receipt r = Submit("f-1", "350404", 0);
  EXPECT_GE(r.accepted_at_micros(), before);
}

TEST_F(DemoClockServerTest, TheLogNeverGoesBack) {
  const int64_t late = CstNoon(2024, 9, 26);
  EXPECT_EQ(Submit("f-1", "350404", late).accepted_at_micros(), late);
  EXPECT_EQ(Submit("f-2", "350424", CstNoon(2024, 7, 25)).accepted_at_micros(),
            late);
}

TEST(DemoClockOptionsTest, RefusedWithoutDemoAuth) {
  HubOptions options;
  options.rules = *NewBuiltinRuleRegistry();
  auto hub = Hub::Open(NewMemStore(), options);
  ASSERT_THAT(hub, IsOk());
  DemoClock clock;
  ServerOptions so;
  so.adapters = BuiltinAdapters();
  so.listen_address = "127.0.0.1:0";
  so.tls_cert_file = "/nonexistent/cert.pem";
  so.tls_key_file = "/nonexistent/key.pem";
  so.tls_client_ca_file = "/nonexistent/ca.pem";
  so.demo_clock = &clock;
  EXPECT_THAT(HubServer::Start(hub->get(), so),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--demo_clock lets callers set the hub's "
                                 "transaction time and is for a local demo "
                                 "only: it needs --insecure_demo_auth")));
}

}  // namespace
}  // namespace hub
