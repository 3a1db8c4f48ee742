#include "hub/server/adapter_services.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "adapters/import.h"
#include "hub/access/access_policy.h"
#include "hub/server/services_internal.h"
#include "hub/transport/grpc_status.h"

namespace hub {
namespace internal {
namespace {

// The provenance of a native report: "<Service>.<Method>", e.g.
// "FinanceAdapter.SubmitTaskProgress" for a hub.v1.adapters.FinanceAdapter
// request of type SubmitTaskProgressRequest.
std::string MethodSource(absl::string_view service,
                         const google::protobuf::Message& request) {
  absl::string_view short_service = service.substr(service.rfind('.') + 1);
  absl::string_view method = request.GetDescriptor()->name();
  absl::ConsumeSuffix(&method, "Request");
  return absl::StrCat(short_service, ".", method);
}

}  // namespace

grpc::Status AdapterEndpoint::Submit(grpc::ServerContext* ctx,
                                     const std::string& department,
                                     const std::string& service,
                                     const google::protobuf::Message& request,
                                     v1::Receipt* receipt) const {
  absl::StatusOr<Principal> principal = auth_->Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  // Permission first: nothing is translated for a caller who may not submit
  // this department's data (the regions are checked once translated).
  absl::Status allowed =
      access::AccessPolicy(*hub_->catalog())
          .Check(*principal, access::Action::kSubmit,
                 access::Target::DataOf(department, "department"));
  if (!allowed.ok()) {
    return Refused(hub_, *auth_, ctx, *principal, request, allowed);
  }
  auto native = adapters::NativeRequestToSubmission(
      *registry_, department, request, MethodSource(service, request));
  if (!native.ok()) return ToGrpcStatus(native.status());
  auto submitted =
      hub_->Submit(*principal, native->submission, native->dry_run);
  if (!submitted.ok()) return ToGrpcStatus(submitted.status());
  *receipt = *std::move(submitted);
  for (const adapters::ImportIssue& w : native->warnings) {
    receipt->add_translation_warnings(w.ToString());
  }
  return grpc::Status::OK;
}

AdapterServices::AdapterServices(
    Hub* hub, const Authenticator* auth,
    std::shared_ptr<const adapters::AdapterRegistry> registry)
    : endpoint_(hub, auth, std::move(registry)),
      health_commission_(&endpoint_, "health_commission"),
      medical_insurance_(&endpoint_, "medical_insurance"),
      finance_(&endpoint_, "finance") {}

void AdapterServices::RegisterWith(grpc::ServerBuilder* builder) {
  builder->RegisterService(&health_commission_);
  builder->RegisterService(&medical_insurance_);
  builder->RegisterService(&finance_);
}

}  // namespace internal
}  // namespace hub
