// The department adapter services (protos/hub/v1/adapters/*.proto): each
// method takes the department's native report and returns the canonical
// receipt. Thin, like services.cc: the call's principal, translate with the
// adapter library (adapters::NativeRequestToSubmission(), which finds the
// registered adapter by the service's department and the report's row
// type), Hub::Submit, convert back. No adapter is named here: a new native
// report needs its adapter registered and its RPC forwarded below.
#ifndef HUB_SERVER_ADAPTER_SERVICES_H_
#define HUB_SERVER_ADAPTER_SERVICES_H_

#include <memory>
#include <string>

#include "adapters/registry.h"
#include "grpcpp/grpcpp.h"
#include "hub/engine/hub.h"
#include "hub/server/auth.h"
#include "hub/v1/adapters/finance.grpc.pb.h"
#include "hub/v1/adapters/health_commission.grpc.pb.h"
#include "hub/v1/adapters/medical_insurance.grpc.pb.h"

namespace hub {
namespace internal {

// Shared by the three services; hub is borrowed and must outlive it.
class AdapterEndpoint {
 public:
  AdapterEndpoint(Hub* hub, const Authenticator* auth,
                  std::shared_ptr<const adapters::AdapterRegistry> registry)
      : hub_(hub), auth_(auth), registry_(std::move(registry)) {}

  // Translates request (a Submit...Request of service, the gRPC service of
  // department) and submits it.
  grpc::Status Submit(grpc::ServerContext* ctx, const std::string& department,
                      const std::string& service,
                      const google::protobuf::Message& request,
                      v1::Receipt* receipt) const;

 private:
  Hub* const hub_;
  const Authenticator* const auth_;
  const std::shared_ptr<const adapters::AdapterRegistry> registry_;
};

// The generated service of one department (Grpc: the generated class, e.g.
// v1::adapters::FinanceAdapter), every method forwarded to the endpoint with
// the service's department.
template <typename Grpc>
class DepartmentAdapterService : public Grpc::Service {
 public:
  DepartmentAdapterService(const AdapterEndpoint* endpoint,
                           std::string department)
      : endpoint_(endpoint), department_(std::move(department)) {}

 protected:
  grpc::Status Forward(grpc::ServerContext* ctx,
                       const google::protobuf::Message& request,
                       v1::Receipt* receipt) const {
    return endpoint_->Submit(ctx, department_, Grpc::service_full_name(),
                             request, receipt);
  }

 private:
  const AdapterEndpoint* const endpoint_;
  const std::string department_;
};

class HealthCommissionAdapterImpl final
    : public DepartmentAdapterService<v1::adapters::HealthCommissionAdapter> {
 public:
  using DepartmentAdapterService::DepartmentAdapterService;
  grpc::Status SubmitInstitutionReport(
      grpc::ServerContext* ctx,
      const v1::adapters::SubmitInstitutionReportRequest* request,
      v1::Receipt* response) override {
    return Forward(ctx, *request, response);
  }
  grpc::Status SubmitCommunityMonitoring(
      grpc::ServerContext* ctx,
      const v1::adapters::SubmitCommunityMonitoringRequest* request,
      v1::Receipt* response) override {
    return Forward(ctx, *request, response);
  }
  grpc::Status SubmitTaskProgress(
      grpc::ServerContext* ctx,
      const v1::adapters::SubmitTaskProgressRequest* request,
      v1::Receipt* response) override {
    return Forward(ctx, *request, response);
  }
};

class MedicalInsuranceAdapterImpl final
    : public DepartmentAdapterService<v1::adapters::MedicalInsuranceAdapter> {
 public:
  using DepartmentAdapterService::DepartmentAdapterService;
  grpc::Status SubmitSettlement(
      grpc::ServerContext* ctx,
      const v1::adapters::SubmitSettlementRequest* request,
      v1::Receipt* response) override {
    return Forward(ctx, *request, response);
  }
  grpc::Status SubmitFinancing(
      grpc::ServerContext* ctx,
      const v1::adapters::SubmitFinancingRequest* request,
      v1::Receipt* response) override {
    return Forward(ctx, *request, response);
  }
  grpc::Status SubmitProcurement(
      grpc::ServerContext* ctx,
      const v1::adapters::SubmitProcurementRequest* request,
      v1::Receipt* response) override {
    return Forward(ctx, *request, response);
  }
  grpc::Status SubmitTaskProgress(
      grpc::ServerContext* ctx,
      const v1::adapters::SubmitTaskProgressRequest* request,
      v1::Receipt* response) override {
    return Forward(ctx, *request, response);
  }
};

class FinanceAdapterImpl final
    : public DepartmentAdapterService<v1::adapters::FinanceAdapter> {
 public:
  using DepartmentAdapterService::DepartmentAdapterService;
  grpc::Status SubmitBudgetExecution(
      grpc::ServerContext* ctx,
      const v1::adapters::SubmitBudgetExecutionRequest* request,
      v1::Receipt* response) override {
    return Forward(ctx, *request, response);
  }
  grpc::Status SubmitTaskProgress(
      grpc::ServerContext* ctx,
      const v1::adapters::SubmitTaskProgressRequest* request,
      v1::Receipt* response) override {
    return Forward(ctx, *request, response);
  }
};

// The three services over one endpoint.
class AdapterServices {
 public:
  // hub and auth are borrowed and must outlive this object.
  AdapterServices(Hub* hub, const Authenticator* auth,
                  std::shared_ptr<const adapters::AdapterRegistry> registry);
  void RegisterWith(grpc::ServerBuilder* builder);

 private:
  AdapterEndpoint endpoint_;
  HealthCommissionAdapterImpl health_commission_;
  MedicalInsuranceAdapterImpl medical_insurance_;
  FinanceAdapterImpl finance_;
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_SERVER_ADAPTER_SERVICES_H_
