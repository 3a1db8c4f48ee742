// The one place where absl::Status and grpc::Status meet.
//
// ToGrpcStatus() keeps the code and message and, when the status carries
// field violations (model/errors.h), attaches a google.rpc.Status with a
// google.rpc.BadRequest detail as grpc-status-details-bin. FromGrpcStatus()
// is its inverse, for clients such as hubctl.
#ifndef HUB_SERVER_GRPC_STATUS_H_
#define HUB_SERVER_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/status.h"

namespace hub {

grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

// The google.rpc.Status form (used inline by StreamSubmit responses).
google::rpc::Status ToRpcStatus(const absl::Status& status);
absl::Status FromRpcStatus(const google::rpc::Status& status);

}  // namespace hub

#endif  // HUB_SERVER_GRPC_STATUS_H_
