#include "hub/server/audit_service.h"

#include <algorithm>

#include "absl/types/span.h"
#include "google/protobuf/unknown_field_set.h"
#include "grpcpp/grpcpp.h"
#include "hub/server/services_internal.h"
#include "hub/transport/grpc_status.h"

namespace hub {
namespace internal {

namespace {

// Adds the stored events to response as its field number (event or events:
// a stored event is the encoding of a ChangeEvent), through the message's
// unknown fields, which protobuf serializes verbatim: the events go out as
// they were read, not parsed and serialized again.
void AddStoredEvents(absl::Span<const std::string> events, int number,
                     v1::ReplayResponse* response) {
  google::protobuf::UnknownFieldSet* fields =
      response->GetReflection()->MutableUnknownFields(response);
  for (const std::string& e : events) fields->AddLengthDelimited(number, e);
}

}  // namespace

grpc::Status AuditServiceImpl::Replay(
    grpc::ServerContext* ctx, const v1::ReplayRequest* request,
    grpc::ServerWriter<v1::ReplayResponse>* writer) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  ReplayOptions options;
  options.after_sequence = request->after_sequence();
  options.to_sequence = request->to_sequence();
  options.follow = request->follow();
  options.filter = request->filter();
  options.max_batch = request->batch_size();
  // Messages of about 64 KiB: hub_bench measured 1 MiB batches streaming
  // slower than one event per message (gRPC's flow-control windows).
  // Never more than the hub's page cap (--max_page_bytes), as ListEvents.
  options.max_batch_bytes =
      std::min<size_t>(64 << 10, hub_->options().max_page_bytes);
  // batch_size 0: one event per message in `event` (field 1).
  const int field = request->batch_size() == 0
                        ? v1::ReplayResponse::kEventFieldNumber
                        : v1::ReplayResponse::kEventsFieldNumber;
  uint64_t sent = request->after_sequence();
  v1::ReplayResponse response;
  absl::Status s = auditor_->ReplayBatches(
      *principal, options,
      [&](absl::Span<const std::string> events, uint64_t resume) {
        if (ctx->IsCancelled()) return false;
        if (events.empty() && resume == sent) return true;  // idle
        response.Clear();
        AddStoredEvents(events, field, &response);
        response.set_resume_after(resume);
        sent = resume;
        return writer->Write(response);
      });
  if (!s.ok()) return Fail(ctx, *principal, *request, s);
  return grpc::Status::OK;
}

grpc::Status AuditServiceImpl::GetRecordHistory(
    grpc::ServerContext* ctx, const v1::GetRecordHistoryRequest* request,
    v1::GetRecordHistoryResponse* response) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  auto changes = auditor_->History(*principal, request->key());
  if (!changes.ok()) return Fail(ctx, *principal, *request, changes.status());
  for (auto& c : *changes) *response->add_changes() = std::move(c);
  return grpc::Status::OK;
}

grpc::Status AuditServiceImpl::GetRecordAsOf(
    grpc::ServerContext* ctx, const v1::GetRecordAsOfRequest* request,
    v1::GetRecordAsOfResponse* response) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  return Reply(ctx, *principal, *request, auditor_->AsOf(*principal, *request),
               response);
}

grpc::Status AuditServiceImpl::GetCheckpoint(
    grpc::ServerContext* ctx, const v1::GetCheckpointRequest* request,
    v1::SignedCheckpoint* response) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  return Reply(ctx, *principal, *request,
               auditor_->Checkpoint(*principal, request->tree_size()),
               response);
}

grpc::Status AuditServiceImpl::ProveInclusion(
    grpc::ServerContext* ctx, const v1::ProveInclusionRequest* request,
    v1::InclusionProof* response) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  return Reply(ctx, *principal, *request,
               auditor_->ProveInclusion(*principal, request->sequence(),
                                        request->tree_size()),
               response);
}

grpc::Status AuditServiceImpl::ProveConsistency(
    grpc::ServerContext* ctx, const v1::ProveConsistencyRequest* request,
    v1::ConsistencyProof* response) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  return Reply(ctx, *principal, *request,
               auditor_->ProveConsistency(*principal, request->old_size(),
                                          request->new_size()),
               response);
}

grpc::Status AuditServiceImpl::Rebuild(grpc::ServerContext* ctx,
                                       const v1::RebuildRequest* request,
                                       v1::RebuildResponse* response) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  return Reply(ctx, *principal, *request,
               auditor_->Rebuild(*principal, request->max_differences()),
               response);
}

}  // namespace internal
}  // namespace hub
