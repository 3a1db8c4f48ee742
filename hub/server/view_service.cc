#include "hub/server/view_service.h"

#include "grpcpp/grpcpp.h"
#include "hub/server/services_internal.h"
#include "hub/transport/grpc_status.h"

namespace hub {
namespace internal {
namespace {

// Calls view with the caller authenticated when the call arrived, and
// copies its result.
template <typename Request, typename Response, typename View>
grpc::Status Serve(absl::StatusOr<Principal> principal, const Request& request,
                   Response* response, View view) {
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  absl::StatusOr<Response> result = view(*principal, request);
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

}  // namespace

ViewsOptions ViewsOptionsFor(Hub* hub) {
  ViewsOptions o;
  o.readers = [hub] {
    HubReaders r = hub->NewReaders();
    return ViewReaders{std::move(r.records), std::move(r.log)};
  };
  o.clock = [hub] { return hub->Now(); };
  return o;
}

ViewServiceImpl::ViewServiceImpl(Hub* hub, const Authenticator* auth)
    : ServiceBase(hub, auth), views_(ViewsOptionsFor(hub)) {}

grpc::Status ViewServiceImpl::GetRollups(grpc::ServerContext* ctx,
                                         const v1::RollupRequest* request,
                                         v1::RollupResponse* response) {
  return Serve(Caller(ctx), *request, response,
               [this](const Principal& p, const v1::RollupRequest& r) {
                 return views_.Rollups(p, r);
               });
}

grpc::Status ViewServiceImpl::GetAttainment(
    grpc::ServerContext* ctx, const v1::AttainmentRequest* request,
    v1::AttainmentReport* response) {
  return Serve(Caller(ctx), *request, response,
               [this](const Principal& p, const v1::AttainmentRequest& r) {
                 return views_.Attainment(p, r);
               });
}

grpc::Status ViewServiceImpl::GetReporting(grpc::ServerContext* ctx,
                                           const v1::ReportingRequest* request,
                                           v1::ReportingReport* response) {
  return Serve(Caller(ctx), *request, response,
               [this](const Principal& p, const v1::ReportingRequest& r) {
                 return views_.Reporting(p, r);
               });
}

grpc::Status ViewServiceImpl::GetLedger(grpc::ServerContext* ctx,
                                        const v1::LedgerRequest* request,
                                        v1::LedgerResponse* response) {
  return Serve(Caller(ctx), *request, response,
               [this](const Principal& p, const v1::LedgerRequest& r) {
                 return views_.Ledger(p, r);
               });
}

grpc::Status ViewServiceImpl::GetLaggards(grpc::ServerContext* ctx,
                                          const v1::LaggardsRequest* request,
                                          v1::LaggardsResponse* response) {
  return Serve(Caller(ctx), *request, response,
               [this](const Principal& p, const v1::LaggardsRequest& r) {
                 return views_.Laggards(p, r);
               });
}

grpc::Status ViewServiceImpl::Watch(
    grpc::ServerContext* ctx, const v1::WatchRequest* request,
    grpc::ServerWriter<v1::WatchResponse>* writer) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  uint64_t sent = request->after_sequence();
  absl::Status s = views_.Watch(
      *principal, *request, [&](const v1::WatchResponse& response) {
        if (ctx->IsCancelled()) return false;
        // An idle heartbeat only checks the client is still there.
        if (!response.has_change() && response.resume_after() == sent) {
          return true;
        }
        sent = response.resume_after();
        return writer->Write(response);
      });
  return ToGrpcStatus(s);
}

}  // namespace internal
}  // namespace hub
