#include "hub/transport/grpc_status.h"

#include "absl/strings/cord.h"
#include "hub/model/errors.h"

namespace hub {

google::rpc::Status ToRpcStatus(const absl::Status& status) {
  google::rpc::Status out;
  out.set_code(static_cast<int>(status.code()));
  out.set_message(std::string(status.message()));
  absl::optional<absl::Cord> payload = status.GetPayload(kBadRequestTypeUrl);
  if (payload.has_value()) {
    google::protobuf::Any* any = out.add_details();
    any->set_type_url(kBadRequestTypeUrl);
    any->set_value(std::string(*payload));
  }
  return out;
}

absl::Status FromRpcStatus(const google::rpc::Status& status) {
  absl::Status out(static_cast<absl::StatusCode>(status.code()),
                   status.message());
  for (const google::protobuf::Any& any : status.details()) {
    if (any.type_url() == kBadRequestTypeUrl) {
      out.SetPayload(kBadRequestTypeUrl, absl::Cord(any.value()));
    }
  }
  return out;
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  auto code = static_cast<grpc::StatusCode>(status.code());
  if (!status.GetPayload(kBadRequestTypeUrl).has_value()) {
    return grpc::Status(code, std::string(status.message()));
  }
  return grpc::Status(code, std::string(status.message()),
                      ToRpcStatus(status).SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  google::rpc::Status details;
  if (!status.error_details().empty() &&
      details.ParseFromString(status.error_details())) {
    return FromRpcStatus(details);
  }
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

}  // namespace hub
