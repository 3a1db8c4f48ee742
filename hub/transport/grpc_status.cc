#include "hub/transport/grpc_status.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "hub/common/utf8.h"
#include "hub/model/errors.h"

namespace hub {

namespace {

// The violations of payload that fit in kMaxDetailBytes, each cut to
// kMaxViolationBytes; when some do not fit, a last one says how many.
std::string BoundedBadRequest(const absl::Cord& payload) {
  google::rpc::BadRequest all, out;
  if (!all.ParseFromString(std::string(payload))) return std::string();
  size_t bytes = 0;
  const int n = all.field_violations_size();
  for (int i = 0; i < n; ++i) {
    google::rpc::BadRequest::FieldViolation v = all.field_violations(i);
    v.set_field(std::string(TruncateUtf8(v.field(), kMaxViolationBytes / 2)));
    v.set_description(
        std::string(TruncateUtf8(v.description(), kMaxViolationBytes)));
    v.set_reason(std::string(TruncateUtf8(v.reason(), 64)));
    if (v.has_localized_message()) {
      v.mutable_localized_message()->set_message(std::string(
          TruncateUtf8(v.localized_message().message(), kMaxViolationBytes)));
    }
    const size_t size = v.ByteSizeLong();
    if (bytes + size > kMaxDetailBytes) {
      auto* more = out.add_field_violations();
      more->set_description(
          absl::StrCat("and ", n - i, " more violations not sent"));
      break;
    }
    bytes += size;
    *out.add_field_violations() = std::move(v);
  }
  return out.SerializeAsString();
}

}  // namespace

google::rpc::Status ToRpcStatus(const absl::Status& status) {
  google::rpc::Status out;
  out.set_code(static_cast<int>(status.code()));
  out.set_message(ShortMessage(status));
  absl::optional<absl::Cord> payload = status.GetPayload(kBadRequestTypeUrl);
  if (payload.has_value()) {
    google::protobuf::Any* any = out.add_details();
    any->set_type_url(kBadRequestTypeUrl);
    any->set_value(BoundedBadRequest(*payload));
  }
  payload = status.GetPayload(kRetryInfoTypeUrl);
  if (payload.has_value()) {
    google::protobuf::Any* any = out.add_details();
    any->set_type_url(kRetryInfoTypeUrl);
    any->set_value(std::string(*payload));
  }
  return out;
}

absl::Status FromRpcStatus(const google::rpc::Status& status) {
  absl::Status out(static_cast<absl::StatusCode>(status.code()),
                   status.message());
  for (const google::protobuf::Any& any : status.details()) {
    if (any.type_url() == kBadRequestTypeUrl ||
        any.type_url() == kRetryInfoTypeUrl) {
      out.SetPayload(any.type_url(), absl::Cord(any.value()));
    }
  }
  return out;
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  auto code = static_cast<grpc::StatusCode>(status.code());
  if (!status.GetPayload(kBadRequestTypeUrl).has_value() &&
      !status.GetPayload(kRetryInfoTypeUrl).has_value()) {
    return grpc::Status(code, ShortMessage(status));
  }
  return grpc::Status(code, ShortMessage(status),
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
