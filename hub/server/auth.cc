#include "hub/server/auth.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/security/auth_context.h"

namespace hub {
namespace internal {
namespace {

constexpr char kPrincipalHeader[] = "x-hub-principal";

// A principal that does not parse is an authentication failure.
absl::StatusOr<Principal> ParseIdentity(grpc::string_ref identity,
                                        absl::string_view source) {
  absl::StatusOr<Principal> p =
      Principal::Parse(std::string(identity.data(), identity.size()));
  if (p.ok()) return p;
  return absl::UnauthenticatedError(
      absl::StrCat(source, ": ", p.status().message()));
}

}  // namespace

// Authenticates its call when the call's metadata arrives; forgets it when
// the call is over (the interceptor lives exactly as long as its call).
class Authenticator::Interceptor : public grpc::experimental::Interceptor {
 public:
  Interceptor(Authenticator* auth, const grpc::ServerContextBase* call,
              std::string method)
      : auth_(auth), call_(call), method_(std::move(method)) {}
  ~Interceptor() override { auth_->Forget(call_); }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::
                POST_RECV_INITIAL_METADATA)) {
      auth_->Remember(
          call_,
          Call{auth_->Identify(*methods->GetRecvInitialMetadata(), *call_),
               method_});
    }
    methods->Proceed();
  }

 private:
  Authenticator* const auth_;
  const grpc::ServerContextBase* const call_;
  const std::string method_;
};

class Authenticator::Factory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit Factory(Authenticator* auth) : auth_(auth) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new Interceptor(auth_, info->server_context(),
                           info->method() != nullptr ? info->method() : "");
  }

 private:
  Authenticator* const auth_;
};

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
Authenticator::NewInterceptorFactory() {
  return std::make_unique<Factory>(this);
}

absl::StatusOr<Principal> Authenticator::Identify(
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata,
    const grpc::ServerContextBase& call) const {
  if (insecure_demo_auth_) {
    auto [first, last] = metadata.equal_range(kPrincipalHeader);
    if (first == last) {
      return absl::UnauthenticatedError(
          "x-hub-principal: missing (demo server without TLS)");
    }
    if (std::next(first) != last) {
      return absl::UnauthenticatedError(
          "x-hub-principal: given more than once; say who you are once");
    }
    return ParseIdentity(first->second, kPrincipalHeader);
  }
  std::shared_ptr<const grpc::AuthContext> auth = call.auth_context();
  std::vector<grpc::string_ref> cn =
      auth ? auth->FindPropertyValues("x509_common_name")
           : std::vector<grpc::string_ref>();
  if (cn.size() != 1) {
    return absl::UnauthenticatedError(
        cn.empty() ? "no client certificate common name"
                   : "the client certificate has more than one common name");
  }
  return ParseIdentity(cn[0], "client certificate common name");
}

void Authenticator::Remember(const grpc::ServerContextBase* call, Call state) {
  absl::MutexLock lock(&mu_);
  Call& entry = calls_[call];
  entry.method = std::move(state.method);
  if (!entry.refused) entry.principal = std::move(state.principal);
}

void Authenticator::Refuse(const grpc::ServerContextBase* call,
                           absl::Status status) {
  absl::MutexLock lock(&mu_);
  Call& entry = calls_[call];
  entry.principal = std::move(status);
  entry.refused = true;
}

std::string Authenticator::Method(const grpc::ServerContextBase* call) const {
  absl::MutexLock lock(&mu_);
  auto it = calls_.find(call);
  return it == calls_.end() ? std::string() : it->second.method;
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
  return it->second.principal;
}

}  // namespace internal
}  // namespace hub
