// Internal to hub/server: the gRPC service implementations.
#ifndef HUB_SERVER_SERVICES_INTERNAL_H_
#define HUB_SERVER_SERVICES_INTERNAL_H_

#include "hub/engine/hub.h"
#include "hub/v1/hub_service.grpc.pb.h"

namespace hub {
namespace internal {

// The caller's principal: the client certificate's common name, or on a
// demo server the x-hub-principal header. Unauthenticated otherwise.
absl::StatusOr<Principal> Authenticate(const grpc::ServerContextBase* ctx,
                                       bool insecure_demo_auth);

// The engine filter of a ListRecords request.
RecordFilter ToFilter(const v1::ListRecordsRequest& request);

#define HUB_AUTHENTICATE(ctx, principal)                              \
  absl::StatusOr<Principal> principal = Authenticate(ctx, insecure_); \
  if (!principal.ok()) return ToGrpcStatus(principal.status())

// Base holding the borrowed hub and the auth mode.
class ServiceBase {
 public:
  ServiceBase(Hub* hub, bool insecure) : hub_(hub), insecure_(insecure) {}

 protected:
  Hub* const hub_;
  const bool insecure_;
};

class SubmissionServiceImpl final : public v1::SubmissionService::Service,
                                    ServiceBase {
 public:
  using ServiceBase::ServiceBase;
  grpc::Status Submit(grpc::ServerContext* ctx,
                      const v1::SubmitRequest* request,
                      v1::SubmitResponse* response) override;
  grpc::Status StreamSubmit(
      grpc::ServerContext* ctx,
      grpc::ServerReaderWriter<v1::SubmitResponse, v1::SubmitRequest>* stream)
      override;
};

class RecordServiceImpl final : public v1::RecordService::Service, ServiceBase {
 public:
  using ServiceBase::ServiceBase;
  grpc::Status GetRecord(grpc::ServerContext* ctx,
                         const v1::GetRecordRequest* request,
                         v1::MergedRecord* response) override;
  grpc::Status ListRecords(grpc::ServerContext* ctx,
                           const v1::ListRecordsRequest* request,
                           v1::ListRecordsResponse* response) override;
};

class LogServiceImpl final : public v1::LogService::Service, ServiceBase {
 public:
  using ServiceBase::ServiceBase;
  grpc::Status ListEvents(grpc::ServerContext* ctx,
                          const v1::ListEventsRequest* request,
                          v1::ListEventsResponse* response) override;
  grpc::Status VerifyChain(grpc::ServerContext* ctx,
                           const v1::VerifyChainRequest* request,
                           v1::VerifyChainResponse* response) override;
};

class CatalogServiceImpl final : public v1::CatalogService::Service,
                                 ServiceBase {
 public:
  using ServiceBase::ServiceBase;
  grpc::Status UpdateCatalog(grpc::ServerContext* ctx,
                             const v1::UpdateCatalogRequest* request,
                             v1::UpdateCatalogResponse* response) override;
  grpc::Status GetCatalog(grpc::ServerContext* ctx,
                          const v1::GetCatalogRequest* request,
                          v1::Catalog* response) override;
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_SERVER_SERVICES_INTERNAL_H_
