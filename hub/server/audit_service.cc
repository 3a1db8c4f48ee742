#include "hub/server/audit_service.h"

#include "grpcpp/grpcpp.h"
#include "hub/server/services_internal.h"
#include "hub/transport/grpc_status.h"

namespace hub {
namespace internal {

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
  uint64_t sent = request->after_sequence();
  absl::Status s = auditor_->Replay(
      *principal, options, [&](const v1::ChangeEvent* event, uint64_t resume) {
        if (ctx->IsCancelled()) return false;
        if (event == nullptr && resume == sent) return true;  // idle
        v1::ReplayResponse response;
        if (event != nullptr) *response.mutable_event() = *event;
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
