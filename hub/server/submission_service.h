// SubmissionService on gRPC's callback API: no thread waits for a commit.
//
// Submit hands the submission to the hub (Hub::SubmitAsync) and finishes
// the call from the hub's completion. StreamSubmit reads ahead, up to
// kStreamWindow requests unanswered, while earlier ones commit: every
// request read is submitted at once, so a stream's queued requests join the
// same commit group and share its sync; answers are written in request
// order, each after its submission is final (durable when accepted), and a
// refused one gets its own error without failing its neighbours.
//
// Limits (limits.h) hold as on the synchronous service: the interceptors
// admit or refuse each call (rate, streams, deadlines, malformed requests)
// before these methods run, and a refused call finishes with the
// interceptor's status. A stream's messages after the first keep to the
// principal's message rate without blocking a gRPC thread: the reactor
// takes a token (CallLimits::TakeMessage) before each read after the first
// and, without one, starts that read from an alarm once one is due. So a
// stream over its rate is slowed, never failed.
#ifndef HUB_SERVER_SUBMISSION_SERVICE_H_
#define HUB_SERVER_SUBMISSION_SERVICE_H_

#include "hub/server/limits.h"
#include "hub/server/services_internal.h"

namespace hub {
namespace internal {

class CallbackSubmissionService final
    : public v1::SubmissionService::CallbackService,
      ServiceBase {
 public:
  // Requests of one stream read and not yet answered, at most.
  static constexpr size_t kStreamWindow = 1024;

  // limits (borrowed, may be null: no message rate) paces StreamSubmit;
  // the server marks it CallLimits::PacedByReactor().
  CallbackSubmissionService(Hub* hub, const Authenticator* auth,
                            CallLimits* limits)
      : ServiceBase(hub, auth), limits_(limits) {}
  grpc::ServerUnaryReactor* Submit(grpc::CallbackServerContext* ctx,
                                   const v1::SubmitRequest* request,
                                   v1::SubmitResponse* response) override;
  grpc::ServerBidiReactor<v1::SubmitRequest, v1::SubmitResponse>* StreamSubmit(
      grpc::CallbackServerContext* ctx) override;

  static constexpr char kStreamMethod[] =
      "/hub.v1.SubmissionService/StreamSubmit";

 private:
  CallLimits* const limits_;
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_SERVER_SUBMISSION_SERVICE_H_
