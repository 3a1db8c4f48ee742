// Internal to hub/server: the ViewService adapter (protos/hub/v1/views.proto)
// over hub/views. Authenticate, convert, delegate, convert back.
#ifndef HUB_SERVER_VIEW_SERVICE_H_
#define HUB_SERVER_VIEW_SERVICE_H_

#include "hub/engine/hub.h"
#include "hub/server/services_internal.h"
#include "hub/v1/views.grpc.pb.h"
#include "hub/views/views.h"

namespace hub {
namespace internal {

// The views over hub's readers and clock (hub is borrowed).
ViewsOptions ViewsOptionsFor(Hub* hub);

class ViewServiceImpl final : public v1::ViewService::Service, ServiceBase {
 public:
  // Serves Views over hub's readers and clock; hub and auth are borrowed and
  // must outlive the service.
  ViewServiceImpl(Hub* hub, const Authenticator* auth);

  grpc::Status GetRollups(grpc::ServerContext* ctx,
                          const v1::RollupRequest* request,
                          v1::RollupResponse* response) override;
  grpc::Status GetAttainment(grpc::ServerContext* ctx,
                             const v1::AttainmentRequest* request,
                             v1::AttainmentReport* response) override;
  grpc::Status GetReporting(grpc::ServerContext* ctx,
                            const v1::ReportingRequest* request,
                            v1::ReportingReport* response) override;
  grpc::Status GetLedger(grpc::ServerContext* ctx,
                         const v1::LedgerRequest* request,
                         v1::LedgerResponse* response) override;
  grpc::Status GetLaggards(grpc::ServerContext* ctx,
                           const v1::LaggardsRequest* request,
                           v1::LaggardsResponse* response) override;
  grpc::Status Watch(grpc::ServerContext* ctx, const v1::WatchRequest* request,
                     grpc::ServerWriter<v1::WatchResponse>* writer) override;

 private:
  const Views views_;
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_SERVER_VIEW_SERVICE_H_
