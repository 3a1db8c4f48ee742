// ExportService over gRPC (protos/hub/v1/export.proto): merged records as
// .xlsx, CSV or JSON lines, streamed in chunks. Thin like the services in
// services_internal.h: authenticate, convert the request, delegate to
// hub/export, send its bytes as chunks.
#ifndef HUB_SERVER_EXPORT_SERVICE_H_
#define HUB_SERVER_EXPORT_SERVICE_H_

#include "hub/server/services_internal.h"
#include "hub/v1/export.grpc.pb.h"
#include "hub/views/views.h"

namespace hub {
namespace internal {

class ExportServiceImpl final : public v1::ExportService::Service, ServiceBase {
 public:
  // hub and auth are borrowed and must outlive the service.
  ExportServiceImpl(Hub* hub, const Authenticator* auth);
  grpc::Status ExportRecords(
      grpc::ServerContext* ctx, const v1::ExportRecordsRequest* request,
      grpc::ServerWriter<v1::ExportChunk>* writer) override;
  grpc::Status ExportView(grpc::ServerContext* ctx,
                          const v1::ExportViewRequest* request,
                          grpc::ServerWriter<v1::ExportChunk>* writer) override;
  grpc::Status ExportReport(
      grpc::ServerContext* ctx, const v1::ExportReportRequest* request,
      grpc::ServerWriter<v1::ExportChunk>* writer) override;

 private:
  const Views views_;
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_SERVER_EXPORT_SERVICE_H_
