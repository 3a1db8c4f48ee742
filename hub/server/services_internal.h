// Internal to hub/server: the gRPC service implementations.
#ifndef HUB_SERVER_SERVICES_INTERNAL_H_
#define HUB_SERVER_SERVICES_INTERNAL_H_

#include "hub/engine/hub.h"
#include "hub/server/auth.h"
#include "hub/transport/grpc_status.h"
#include "hub/v1/hub_service.grpc.pb.h"

namespace hub {
namespace internal {

// The engine filter of a ListRecords request.
RecordFilter ToFilter(const v1::ListRecordsRequest& request);

// The status to send for a call that failed with status. A refusal by the
// access policy (PermissionDenied) is logged first, as a CALL_REFUSED event
// of principal with the request's bytes (Hub::LogRefusal, bounded).
// (Submissions log their own refusals: Hub::Submit.)
grpc::Status Refused(Hub* hub, const Authenticator& auth,
                     const grpc::ServerContextBase* ctx,
                     const Principal& principal,
                     const google::protobuf::Message& request,
                     const absl::Status& status);

// Base holding the borrowed hub and authenticator (both must outlive the
// service).
class ServiceBase {
 public:
  ServiceBase(Hub* hub, const Authenticator* auth) : hub_(hub), auth_(auth) {}

 protected:
  // The call's principal, authenticated when the call arrived (auth.h).
  absl::StatusOr<Principal> Caller(const grpc::ServerContextBase* ctx) const {
    return auth_->Caller(ctx);
  }

  // The status to send for a failed call (Refused()).
  grpc::Status Fail(const grpc::ServerContext* ctx, const Principal& principal,
                    const google::protobuf::Message& request,
                    const absl::Status& status) const {
    return Refused(hub_, *auth_, ctx, principal, request, status);
  }

  // Moves result's value into *response, or fails the call (Fail()).
  template <typename T>
  grpc::Status Reply(const grpc::ServerContext* ctx, const Principal& principal,
                     const google::protobuf::Message& request,
                     absl::StatusOr<T> result, T* response) const {
    if (!result.ok()) return Fail(ctx, principal, request, result.status());
    *response = *std::move(result);
    return grpc::Status::OK;
  }

  Hub* const hub_;
  const Authenticator* const auth_;
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
