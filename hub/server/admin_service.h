// Internal to hub/server: the AdminService adapter (protos/hub/v1/admin.proto)
// over the operations components: the store's health and recovery, the
// rollback guard and the backups. Convert (with the call's principal, from
// the auth interceptor), delegate, convert back. Operators only.
#ifndef HUB_SERVER_ADMIN_SERVICE_H_
#define HUB_SERVER_ADMIN_SERVICE_H_

#include "hub/backup/backup.h"
#include "hub/engine/hub.h"
#include "hub/rollback/rollback_guard.h"
#include "hub/server/auth.h"
#include "hub/store/rocksdb_store.h"
#include "hub/v1/admin.grpc.pb.h"

namespace hub {
namespace internal {

// What the service operates on, given by the composition root (hubd main):
// the hub, and the RocksDB store it opened the hub on (for its disk and
// recovery state). Every pointer is borrowed; all but hub may be null (that
// part of the service then says it is not configured).
struct AdminTargets {
  Hub* hub = nullptr;
  RocksDbStore* store = nullptr;
  RollbackGuard* rollback = nullptr;
  BackupKeeper* backups = nullptr;
};

class AdminServiceImpl final : public v1::AdminService::Service {
 public:
  // auth is borrowed and must outlive the service.
  AdminServiceImpl(AdminTargets targets, const Authenticator* auth)
      : t_(targets), auth_(auth) {}

  grpc::Status GetStatus(grpc::ServerContext* ctx,
                         const v1::GetStatusRequest* request,
                         v1::HubStatus* response) override;
  grpc::Status CreateBackup(grpc::ServerContext* ctx,
                            const v1::CreateBackupRequest* request,
                            v1::Backup* response) override;
  grpc::Status ListBackups(grpc::ServerContext* ctx,
                           const v1::ListBackupsRequest* request,
                           v1::ListBackupsResponse* response) override;
  grpc::Status AcceptRollback(grpc::ServerContext* ctx,
                              const v1::AcceptRollbackRequest* request,
                              v1::AcceptRollbackResponse* response) override;

 private:
  // The call's principal (auth.h), when it is an operator's; PermissionDenied
  // for any other role.
  absl::StatusOr<Principal> Operator(const grpc::ServerContext* ctx) const;
  // The status to send for a call refused with status; a refusal of the
  // access policy is logged (Refused(), services_internal.h).
  grpc::Status Refuse(const grpc::ServerContext* ctx,
                      const google::protobuf::Message& request,
                      const absl::Status& status) const;

  const AdminTargets t_;
  const Authenticator* const auth_;
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_SERVER_ADMIN_SERVICE_H_
