// hub::transport: the gRPC utilities the server (hub/server) and its clients
// (tools/hubctl) share, so that neither depends on the other (after Arrow
// Flight's transport/grpc). It links gRPC and the generated messages only:
// no engine, no store.
//
// This header is the one place where absl::Status and grpc::Status meet.
// ToGrpcStatus() keeps the code and, when the status carries field
// violations (model/errors.h), sends each violation once: in a
// google.rpc.Status with a google.rpc.BadRequest detail as
// grpc-status-details-bin, the message being the short summary alone
// (ShortMessage()). So that the trailer fits any client's metadata limit
// (8 KiB by default), the detail holds at most kMaxDetailBytes of
// violations, each cut to kMaxViolationBytes, and then one saying how many
// more there were. FromGrpcStatus() is its inverse: a client gets back the
// code, the message and the violations sent (GetFieldViolations()). Both
// are pure functions, safe to call from any thread.
#ifndef HUB_TRANSPORT_GRPC_STATUS_H_
#define HUB_TRANSPORT_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/status.h"

namespace hub {

inline constexpr size_t kMaxDetailBytes = 4096;
inline constexpr size_t kMaxViolationBytes = 256;

// OK for OK; otherwise the same code and message, with the field
// violations as a BadRequest detail when status carries any.
grpc::Status ToGrpcStatus(const absl::Status& status);
// Inverse of ToGrpcStatus(); a status without details keeps its code and
// message.
absl::Status FromGrpcStatus(const grpc::Status& status);

// The google.rpc.Status form (used inline by StreamSubmit responses), and
// its inverse.
google::rpc::Status ToRpcStatus(const absl::Status& status);
absl::Status FromRpcStatus(const google::rpc::Status& status);

}  // namespace hub

#endif  // HUB_TRANSPORT_GRPC_STATUS_H_
