#include "hub/server/auth.h"

#include <string>
#include <vector>

#include "grpcpp/security/auth_context.h"

namespace hub {
namespace internal {
namespace {

constexpr char kPrincipalHeader[] = "x-hub-principal";

// A principal that does not parse is an authentication failure.
absl::StatusOr<Principal> ParseIdentity(grpc::string_ref identity) {
  absl::StatusOr<Principal> p =
      Principal::Parse(std::string(identity.data(), identity.size()));
  if (p.ok()) return p;
  return absl::UnauthenticatedError(p.status().message());
}

}  // namespace

// Authenticates its call when the call's metadata arrives; forgets it when
// the call is over (the interceptor lives exactly as long as its call).
class Authenticator::Interceptor : public grpc::experimental::Interceptor {
 public:
  Interceptor(Authenticator* auth, const grpc::ServerContextBase* call)
      : auth_(auth), call_(call) {}
  ~Interceptor() override { auth_->Forget(call_); }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::
                POST_RECV_INITIAL_METADATA)) {
      auth_->Remember(call_, auth_->Authenticate(
                                 *methods->GetRecvInitialMetadata(), *call_));
    }
    methods->Proceed();
  }

 private:
  Authenticator* const auth_;
  const grpc::ServerContextBase* const call_;
};

class Authenticator::Factory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit Factory(Authenticator* auth) : auth_(auth) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new Interceptor(auth_, info->server_context());
  }

 private:
  Authenticator* const auth_;
};

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
Authenticator::NewInterceptorFactory() {
  return std::make_unique<Factory>(this);
}

absl::StatusOr<Principal> Authenticator::Authenticate(
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata,
    const grpc::ServerContextBase& call) const {
  if (insecure_demo_auth_) {
    auto it = metadata.find(kPrincipalHeader);
    if (it == metadata.end()) {
      return absl::UnauthenticatedError(
          "missing x-hub-principal header (demo server without TLS)");
    }
    return ParseIdentity(it->second);
  }
  std::shared_ptr<const grpc::AuthContext> auth = call.auth_context();
  std::vector<grpc::string_ref> cn =
      auth ? auth->FindPropertyValues("x509_common_name")
           : std::vector<grpc::string_ref>();
  if (cn.empty()) {
    return absl::UnauthenticatedError("no client certificate common name");
  }
  return ParseIdentity(cn[0]);
}

void Authenticator::Remember(const grpc::ServerContextBase* call,
                             absl::StatusOr<Principal> principal) {
  absl::MutexLock lock(&mu_);
  calls_.insert_or_assign(call, std::move(principal));
}

void Authenticator::Forget(const grpc::ServerContextBase* call) {
  absl::MutexLock lock(&mu_);
  calls_.erase(call);
}

size_t Authenticator::InFlight() const {
  absl::MutexLock lock(&mu_);
  return calls_.size();
}

absl::StatusOr<Principal> Authenticator::Caller(
    const grpc::ServerContextBase* call) const {
  absl::MutexLock lock(&mu_);
  auto it = calls_.find(call);
  if (it == calls_.end()) {
    return absl::UnauthenticatedError("the call was not authenticated");
  }
  return it->second;
}

}  // namespace internal
}  // namespace hub
