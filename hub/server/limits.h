// CallLimits: what one caller, and all callers together, may ask of hubd
// (issue 12: bounded abuse), as a server interceptor in the server's one
// interceptor list, with the authenticator's (auth.h).
//
// As each call arrives, for its authenticated principal:
//  * deadline: a unary call must carry one (grpc-timeout), of at most
//    max_deadline; otherwise INVALID_ARGUMENT naming "grpc-timeout".
//    Streams (a live replay, a stream of submissions) may be open-ended:
//    the connection age and the stream caps bound them;
//  * rate: each call takes a token of the principal's bucket
//    (calls_per_second, burst); without one the call is refused with
//    RESOURCE_EXHAUSTED, a google.rpc.RetryInfo detail and the delay in the
//    message. Each message of a client stream after the first takes a
//    token of the principal's message bucket (messages_per_second,
//    message_burst: a department's bulk push runs at thousands a second);
//    the stream waits for it (it is slowed down, not failed). The
//    interceptor waits by sleeping, which only a synchronous service's
//    thread may do: a method served by a reactor (gRPC's callback API,
//    whose threads must never block) is named with PacedByReactor(), and
//    its reactor takes the tokens itself (TakeMessage()) and starts its
//    next read only once it has one, by an alarm (submission_service.h);
//  * streams: at most streams_per_principal open streams per principal and
//    streams in all; beyond, RESOURCE_EXHAUSTED.
// A refused call reaches its service as a failed Authenticator::Caller(),
// so the service does no work and logs nothing (limits bound the refusal
// log too). Unauthenticated calls are the authenticator's.
//
// Thread safety: all methods may be called concurrently.
#ifndef HUB_SERVER_LIMITS_H_
#define HUB_SERVER_LIMITS_H_

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/support/server_interceptor.h"
#include "hub/server/auth.h"
#include "hub/server/rate_limiter.h"

namespace hub {

// The caps (hubd flags of the same names; defaults documented there).
struct LimitOptions {
  double calls_per_second = 200;      // per principal
  int burst = 400;                    // calls above the rate, per principal
  double messages_per_second = 5000;  // streamed messages, per principal
  int message_burst = 10000;          // messages above that rate
  int streams_per_principal = 8;      // open streaming calls
  int streams = 64;                   // open streaming calls in all
  bool require_deadline = true;       // unary calls
  absl::Duration max_deadline = absl::Minutes(10);
};

namespace internal {

class CallLimits {
 public:
  // auth is borrowed and must outlive this object; its interceptor must be
  // in the same list.
  CallLimits(const LimitOptions& options, Authenticator* auth);
  CallLimits(const CallLimits&) = delete;
  CallLimits& operator=(const CallLimits&) = delete;

  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
  NewInterceptorFactory();

  // Streams open now (for tests).
  int open_streams() const;

  // Marks method (e.g. "/hub.v1.SubmissionService/StreamSubmit") as served
  // by a reactor that paces its own messages with TakeMessage(): the
  // interceptor does not. Call before the server starts.
  void PacedByReactor(std::string method);
  // For such a reactor: takes a token of principal's (Principal::ToString())
  // message bucket. Zero when one was there; else how long until one will
  // be (nothing is taken: ask again then). Never blocks.
  absl::Duration TakeMessage(const std::string& principal);

 private:
  class Interceptor;
  class Factory;

  // The admission of one call: OK, or why not. A stream admitted holds a
  // place until Release().
  absl::Status Admit(const Principal& principal, bool stream,
                     absl::Time deadline, absl::Time now);
  void Release(const std::string& principal);
  // Waits until principal may receive one more message of a stream.
  void Pace(const std::string& principal);

  const LimitOptions options_;
  Authenticator* const auth_;
  RateLimiter rate_;      // calls
  RateLimiter messages_;  // messages of client streams
  mutable absl::Mutex mu_;
  int open_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<std::string, int> open_by_principal_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<std::string> paced_by_reactor_;  // set before serving
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_SERVER_LIMITS_H_
