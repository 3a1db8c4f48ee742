// StewardshipService over gRPC: the reform office's conflicts, resolutions,
// approvals and locks. A thin adapter like the services in
// services_internal.h: authenticate, convert, delegate to the Hub, convert
// back.
#ifndef HUB_SERVER_STEWARDSHIP_SERVICE_H_
#define HUB_SERVER_STEWARDSHIP_SERVICE_H_

#include "hub/server/services_internal.h"
#include "hub/v1/stewardship.grpc.pb.h"

namespace hub {
namespace internal {

class StewardshipServiceImpl final : public v1::StewardshipService::Service,
                                     ServiceBase {
 public:
  using ServiceBase::ServiceBase;
  grpc::Status ListConflicts(grpc::ServerContext* ctx,
                             const v1::ListRecordsRequest* request,
                             v1::ListRecordsResponse* response) override;
  grpc::Status ResolveRecord(grpc::ServerContext* ctx,
                             const v1::ResolveRecordRequest* request,
                             v1::MergedRecord* response) override;
  grpc::Status ApprovePeriod(grpc::ServerContext* ctx,
                             const v1::PeriodRequest* request,
                             v1::PeriodLock* response) override;
  grpc::Status LockPeriod(grpc::ServerContext* ctx,
                          const v1::PeriodRequest* request,
                          v1::PeriodLock* response) override;
  grpc::Status UnlockPeriod(grpc::ServerContext* ctx,
                            const v1::PeriodRequest* request,
                            v1::PeriodLock* response) override;
  grpc::Status ListLocks(grpc::ServerContext* ctx,
                         const v1::ListLocksRequest* request,
                         v1::ListLocksResponse* response) override;
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_SERVER_STEWARDSHIP_SERVICE_H_
