#include "hub/server/admin_service.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "hub/access/access_policy.h"
#include "hub/server/services_internal.h"
#include "hub/transport/grpc_status.h"

namespace hub {
namespace internal {
namespace {

// The caller, when the access policy lets it operate the hub
// (PermissionDenied for every role but the operator).
absl::StatusOr<Principal> RequireOperator(const Hub& hub,
                                          absl::StatusOr<Principal> p) {
  if (!p.ok()) return p;
  absl::Status allowed =
      access::AccessPolicy(*hub.catalog()).Check(*p, access::Action::kOperate);
  if (!allowed.ok()) return allowed;
  return p;
}

void ToProto(const BackupInfo& b, v1::Backup* out) {
  out->set_id(b.id);
  out->set_time_micros(b.time_micros);
  out->set_bytes(b.bytes);
  out->set_files(b.files);
  out->set_log_head_at_start(b.log_head_at_start);
  out->set_seconds(b.seconds);
}

grpc::Status NoBackups() {
  return ToGrpcStatus(absl::FailedPreconditionError(
      "backups are not configured: start hubd with --backup_dir"));
}

}  // namespace

grpc::Status AdminServiceImpl::Refuse(const grpc::ServerContext* ctx,
                                      const google::protobuf::Message& request,
                                      const absl::Status& status) const {
  absl::StatusOr<Principal> caller = auth_->Caller(ctx);
  if (!caller.ok()) return ToGrpcStatus(status);
  return Refused(t_.hub, *auth_, ctx, *caller, request, status);
}

absl::StatusOr<Principal> AdminServiceImpl::Operator(
    const grpc::ServerContext* ctx) const {
  return RequireOperator(*t_.hub, auth_->Caller(ctx));
}

grpc::Status AdminServiceImpl::GetStatus(grpc::ServerContext* ctx,
                                         const v1::GetStatusRequest* request,
                                         v1::HubStatus* response) {
  absl::StatusOr<Principal> principal = Operator(ctx);
  if (!principal.ok()) return Refuse(ctx, *request, principal.status());
  const LogHead head = t_.hub->head();
  response->set_log_head_sequence(head.sequence);
  response->set_log_head_hash(head.hash);
  response->set_log_crypto(t_.hub->log_crypto().Name());
  absl::Status refused = t_.hub->write_refusal();
  if (!refused.ok())
    response->set_writes_refused(std::string(refused.message()));
  if (t_.store != nullptr) {
    response->set_data_dir(t_.store->path());
    response->set_disk_free_bytes(t_.store->FreeBytes());
    response->set_disk_reserve_bytes(t_.store->disk_reserve_bytes());
    response->set_read_only(t_.store->read_only());
    absl::Status space = t_.store->CheckWritable();
    if (!space.ok()) response->set_disk_full(std::string(space.message()));
    const StoreRecovery& r = t_.store->recovery();
    response->set_wal_summary(r.wal_summary);
    response->set_recovery_mode(r.recovery_mode);
    response->set_torn_tail(r.torn_tail);
    response->set_salvaged(r.salvaged);
    response->set_dropped_bytes(r.dropped_bytes);
    for (const std::string& m : r.rocksdb_messages) {
      response->add_rocksdb_messages(m);
    }
  }
  if (t_.rollback != nullptr) {
    response->set_rollback_check(OutcomeName(t_.rollback->check().outcome));
    response->set_rollback_message(t_.rollback->check().message);
  }
  if (t_.backups != nullptr) response->set_backup_dir(t_.backups->dir());
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::CreateBackup(
    grpc::ServerContext* ctx, const v1::CreateBackupRequest* request,
    v1::Backup* response) {
  absl::StatusOr<Principal> principal = Operator(ctx);
  if (!principal.ok()) return Refuse(ctx, *request, principal.status());
  if (t_.backups == nullptr) return NoBackups();
  absl::StatusOr<BackupInfo> b = t_.backups->Create();
  if (!b.ok()) return ToGrpcStatus(b.status());
  ToProto(*b, response);
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::ListBackups(
    grpc::ServerContext* ctx, const v1::ListBackupsRequest* request,
    v1::ListBackupsResponse* response) {
  absl::StatusOr<Principal> principal = Operator(ctx);
  if (!principal.ok()) return Refuse(ctx, *request, principal.status());
  if (t_.backups == nullptr) return NoBackups();
  response->set_backup_dir(t_.backups->dir());
  absl::StatusOr<std::vector<BackupInfo>> all =
      hub::ListBackups(t_.backups->dir());
  if (absl::IsNotFound(all.status())) return grpc::Status::OK;
  if (!all.ok()) return ToGrpcStatus(all.status());
  for (const BackupInfo& b : *all) ToProto(b, response->add_backups());
  return grpc::Status::OK;
}

grpc::Status AdminServiceImpl::AcceptRollback(
    grpc::ServerContext* ctx, const v1::AcceptRollbackRequest* request,
    v1::AcceptRollbackResponse* response) {
  absl::StatusOr<Principal> principal = Operator(ctx);
  if (!principal.ok()) return Refuse(ctx, *request, principal.status());
  if (t_.rollback == nullptr) {
    return ToGrpcStatus(absl::FailedPreconditionError(
        "no checkpoint is kept (hubd without its rollback guard)"));
  }
  absl::StatusOr<std::string> archived =
      t_.rollback->AcceptRollback(principal->ToString(), request->reason());
  if (!archived.ok()) return ToGrpcStatus(archived.status());
  response->set_archived_checkpoint(*archived);
  response->set_log_head_sequence(t_.hub->head().sequence);
  return grpc::Status::OK;
}

}  // namespace internal
}  // namespace hub
