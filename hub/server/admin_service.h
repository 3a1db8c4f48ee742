// Internal to hub/server: the AdminService adapter (protos/hub/v1/admin.proto)
// over the operations components: the store's health and recovery, the
// rollback guard and the backups. Authenticate, convert, delegate, convert
// back. Operators only.
#ifndef HUB_SERVER_ADMIN_SERVICE_H_
#define HUB_SERVER_ADMIN_SERVICE_H_

#include "hub/backup/backup.h"
#include "hub/engine/hub.h"
#include "hub/rollback/rollback_guard.h"
#include "hub/store/rocksdb_store.h"
#include "hub/v1/admin.grpc.pb.h"

namespace hub {
namespace internal {

// What the service operates on; every pointer is borrowed and may be null
// (that part of the service then says it is not configured).
struct AdminTargets {
  Hub* hub = nullptr;
  RocksDbStore* store = nullptr;
  RollbackGuard* rollback = nullptr;
  BackupKeeper* backups = nullptr;
};

class AdminServiceImpl final : public v1::AdminService::Service {
 public:
  AdminServiceImpl(AdminTargets targets, bool insecure)
      : t_(targets), insecure_(insecure) {}

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
  const AdminTargets t_;
  const bool insecure_;
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_SERVER_ADMIN_SERVICE_H_
