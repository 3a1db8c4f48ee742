// Internal to hub/server: the AuditService adapter (protos/hub/v1/audit.proto)
// over a hub/audit Auditor. Convert (with the call's authenticated
// principal), delegate, convert back.
#ifndef HUB_SERVER_AUDIT_SERVICE_H_
#define HUB_SERVER_AUDIT_SERVICE_H_

#include "hub/audit/auditor.h"
#include "hub/server/auth.h"
#include "hub/server/services_internal.h"
#include "hub/v1/audit.grpc.pb.h"

namespace hub {
namespace internal {

class AuditServiceImpl final : public v1::AuditService::Service, ServiceBase {
 public:
  // hub, auditor and auth are borrowed and must outlive the service.
  AuditServiceImpl(Hub* hub, Auditor* auditor, const Authenticator* auth)
      : ServiceBase(hub, auth), auditor_(auditor) {}

  grpc::Status Replay(grpc::ServerContext* ctx,
                      const v1::ReplayRequest* request,
                      grpc::ServerWriter<v1::ReplayResponse>* writer) override;
  grpc::Status GetRecordHistory(
      grpc::ServerContext* ctx, const v1::GetRecordHistoryRequest* request,
      v1::GetRecordHistoryResponse* response) override;
  grpc::Status GetRecordAsOf(grpc::ServerContext* ctx,
                             const v1::GetRecordAsOfRequest* request,
                             v1::GetRecordAsOfResponse* response) override;
  grpc::Status GetCheckpoint(grpc::ServerContext* ctx,
                             const v1::GetCheckpointRequest* request,
                             v1::SignedCheckpoint* response) override;
  grpc::Status ProveInclusion(grpc::ServerContext* ctx,
                              const v1::ProveInclusionRequest* request,
                              v1::InclusionProof* response) override;
  grpc::Status ProveConsistency(grpc::ServerContext* ctx,
                                const v1::ProveConsistencyRequest* request,
                                v1::ConsistencyProof* response) override;
  grpc::Status Rebuild(grpc::ServerContext* ctx,
                       const v1::RebuildRequest* request,
                       v1::RebuildResponse* response) override;

 private:
  Auditor* const auditor_;
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_SERVER_AUDIT_SERVICE_H_
