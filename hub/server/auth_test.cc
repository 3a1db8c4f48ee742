// The Authenticator on a real gRPC server on 127.0.0.1:0: every call is
// authenticated once, as it arrives, with its own principal, and nothing
// is kept once it is over.
#include "hub/server/auth.h"

#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "hub/transport/grpc_status.h"
#include "hub/v1/hub_service.grpc.pb.h"

namespace hub {
namespace internal {
namespace {

using ::testing::HasSubstr;

// Answers GetCatalog with the caller: one department whose code is the
// principal, or the authentication failure.
class WhoAmI final : public v1::CatalogService::Service {
 public:
  explicit WhoAmI(const Authenticator* auth) : auth_(auth) {}
  grpc::Status GetCatalog(grpc::ServerContext* ctx,
                          const v1::GetCatalogRequest*,
                          v1::Catalog* response) override {
    absl::StatusOr<Principal> principal = auth_->Caller(ctx);
    if (!principal.ok()) return ToGrpcStatus(principal.status());
    response->add_departments()->set_code(principal->ToString());
    return grpc::Status::OK;
  }

 private:
  const Authenticator* const auth_;
};

class AuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&service_);
    std::vector<
        std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
        interceptors;
    interceptors.push_back(auth_.NewInterceptorFactory());
    builder.experimental().SetInterceptorCreators(std::move(interceptors));
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = v1::CatalogService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { server_->Shutdown(); }

  grpc::Status Call(const char* principal, std::string* who) {
    grpc::ClientContext ctx;
    if (principal != nullptr) ctx.AddMetadata("x-hub-principal", principal);
    v1::Catalog response;
    grpc::Status s =
        stub_->GetCatalog(&ctx, v1::GetCatalogRequest(), &response);
    if (s.ok() && response.departments_size() == 1) {
      *who = response.departments(0).code();
    }
    return s;
  }

  Authenticator auth_{/*insecure_demo_auth=*/true};
  WhoAmI service_{&auth_};
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::CatalogService::Stub> stub_;
};

TEST_F(AuthenticatorTest, AMissingOrMalformedIdentityIsUnauthenticated) {
  std::string who;
  grpc::Status s = Call(nullptr, &who);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("x-hub-principal: missing"));
  s = Call("finance", &who);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("finance"));
  {  // Two identities in one call: neither is believed.
    grpc::ClientContext ctx;
    ctx.AddMetadata("x-hub-principal", "finance@350400");
    ctx.AddMetadata("x-hub-principal", "reform_office@350400");
    v1::Catalog response;
    s = stub_->GetCatalog(&ctx, v1::GetCatalogRequest(), &response);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_THAT(s.error_message(), HasSubstr("given more than once"));
  }
  s = Call(std::string(200, 'a').append("@350400").c_str(), &who);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("at most 80"));
  ASSERT_TRUE(Call("finance@350400", &who).ok());
  EXPECT_EQ(who, "finance@350400");
}

TEST_F(AuthenticatorTest, ConcurrentCallsOnOneChannelKeepTheirOwnPrincipal) {
  const char* principals[] = {"finance@350400", "analyst@411300",
                              "medical_insurance@350424", "auditor@350000"};
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        std::string who;
        if (!Call(principals[t], &who).ok() || who != principals[t]) ++wrong;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  // Each call's result is dropped when the call ends (shortly after the
  // client has its answer).
  for (int i = 0; i < 100 && auth_.InFlight() > 0; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(auth_.InFlight(), 0u);
}

}  // namespace
}  // namespace internal
}  // namespace hub
