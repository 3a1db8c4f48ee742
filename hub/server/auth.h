// Authentication, once per call (after Arrow Flight's server middleware).
//
// A server interceptor reads the caller's identity as each call arrives --
// the client certificate's common name under mutual TLS, or on a demo
// server (--insecure_demo_auth) the "x-hub-principal" header -- parses it
// into a Principal and keeps the result for as long as the call lasts. The
// services do not look at certificates or headers: they read the call's
// principal with Caller(). A call whose identity is missing or does not
// parse has an Unauthenticated result, which the service returns as is.
//
// This decides who is calling, not what they may do: the access policy
// (hub/access/access_policy.h) does, asked by the engine. Interceptors
// after this one in the server's list (limits.h) may refuse a call
// (Refuse()); Caller() then returns their status instead of the principal.
//
// Thread safety: all methods may be called concurrently.
#ifndef HUB_SERVER_AUTH_H_
#define HUB_SERVER_AUTH_H_

#include <map>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_interceptor.h"
#include "hub/model/principal.h"

namespace hub {
namespace internal {

class Authenticator {
 public:
  // insecure_demo_auth: the principal is the x-hub-principal header instead
  // of the client certificate's common name.
  explicit Authenticator(bool insecure_demo_auth)
      : insecure_demo_auth_(insecure_demo_auth) {}
  Authenticator(const Authenticator&) = delete;
  Authenticator& operator=(const Authenticator&) = delete;

  // The interceptor factory to register with the server builder; its
  // interceptors authenticate each call as it arrives. The authenticator
  // must outlive the server.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
  NewInterceptorFactory();

  // The principal of call, authenticated when it arrived: Unauthenticated,
  // saying why, when its identity is missing, given twice or malformed; or
  // the status a later interceptor refused the call with.
  absl::StatusOr<Principal> Caller(const grpc::ServerContextBase* call) const;
  // The gRPC method of call ("/hub.v1.RecordService/GetRecord"); empty for
  // a call not authenticated here.
  std::string Method(const grpc::ServerContextBase* call) const;
  // Makes Caller(call) return status (not OK) from now on, whether the
  // call's own authentication is remembered before or after.
  void Refuse(const grpc::ServerContextBase* call, absl::Status status);

  // The identity call presents in metadata (its initial metadata) and its
  // auth context, as the interceptor authenticates it; for interceptors
  // that need the principal whatever order gRPC runs them in (on the
  // receiving side a server runs its interceptors last to first).
  absl::StatusOr<Principal> Identify(
      const std::multimap<grpc::string_ref, grpc::string_ref>& metadata,
      const grpc::ServerContextBase& call) const;

  // Calls authenticated and not over yet (for tests: nothing is kept after
  // a call ends).
  size_t InFlight() const;

 private:
  class Interceptor;
  class Factory;

  struct Call {
    absl::StatusOr<Principal> principal;
    std::string method;
    bool refused = false;  // by Refuse(): kept over a later Remember()
  };
  void Remember(const grpc::ServerContextBase* call, Call state);
  void Forget(const grpc::ServerContextBase* call);

  const bool insecure_demo_auth_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<const grpc::ServerContextBase*, Call> calls_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_SERVER_AUTH_H_
