// The department adapter services (protos/hub/v1/adapters/*.proto): each
// method takes the department's native report and returns the canonical
// receipt. Thin, like services.cc: authenticate, translate with the shared
// adapter library (adapters/import.h), Hub::Submit, convert back.
#ifndef HUB_SERVER_ADAPTER_SERVICES_H_
#define HUB_SERVER_ADAPTER_SERVICES_H_

#include <memory>

#include "adapters/registry.h"
#include "grpcpp/grpcpp.h"
#include "hub/engine/hub.h"
#include "hub/v1/adapters/finance.grpc.pb.h"
#include "hub/v1/adapters/health_commission.grpc.pb.h"
#include "hub/v1/adapters/medical_insurance.grpc.pb.h"

namespace hub {
namespace internal {

// Shared by the three services; hub and registry are borrowed and must
// outlive it.
class AdapterEndpoint {
 public:
  AdapterEndpoint(Hub* hub, bool insecure,
                  const adapters::AdapterRegistry* registry)
      : hub_(hub), insecure_(insecure), registry_(registry) {}

  // Translates report (rows of adapter `name`) and submits it.
  grpc::Status Submit(grpc::ServerContext* ctx, absl::string_view name,
                      const google::protobuf::Message& report,
                      const std::string& report_period,
                      const v1::adapters::AdapterSubmitOptions& options,
                      const char* method, v1::Receipt* receipt) const;

 private:
  Hub* const hub_;
  const bool insecure_;
  const adapters::AdapterRegistry* const registry_;
};

class HealthCommissionAdapterImpl final
    : public v1::adapters::HealthCommissionAdapter::Service {
 public:
  explicit HealthCommissionAdapterImpl(const AdapterEndpoint* e) : e_(e) {}
  grpc::Status SubmitInstitutionReport(
      grpc::ServerContext* ctx,
      const v1::adapters::SubmitInstitutionReportRequest* request,
      v1::Receipt* response) override;
  grpc::Status SubmitCommunityMonitoring(
      grpc::ServerContext* ctx,
      const v1::adapters::SubmitCommunityMonitoringRequest* request,
      v1::Receipt* response) override;

  grpc::Status SubmitTaskProgress(
      grpc::ServerContext* ctx,
      const v1::adapters::SubmitTaskProgressRequest* request,
      v1::Receipt* response) override;

 private:
  const AdapterEndpoint* const e_;
};

class MedicalInsuranceAdapterImpl final
    : public v1::adapters::MedicalInsuranceAdapter::Service {
 public:
  explicit MedicalInsuranceAdapterImpl(const AdapterEndpoint* e) : e_(e) {}
  grpc::Status SubmitSettlement(
      grpc::ServerContext* ctx,
      const v1::adapters::SubmitSettlementRequest* request,
      v1::Receipt* response) override;
  grpc::Status SubmitFinancing(
      grpc::ServerContext* ctx,
      const v1::adapters::SubmitFinancingRequest* request,
      v1::Receipt* response) override;
  grpc::Status SubmitProcurement(
      grpc::ServerContext* ctx,
      const v1::adapters::SubmitProcurementRequest* request,
      v1::Receipt* response) override;

  grpc::Status SubmitTaskProgress(
      grpc::ServerContext* ctx,
      const v1::adapters::SubmitTaskProgressRequest* request,
      v1::Receipt* response) override;

 private:
  const AdapterEndpoint* const e_;
};

class FinanceAdapterImpl final : public v1::adapters::FinanceAdapter::Service {
 public:
  explicit FinanceAdapterImpl(const AdapterEndpoint* e) : e_(e) {}
  grpc::Status SubmitBudgetExecution(
      grpc::ServerContext* ctx,
      const v1::adapters::SubmitBudgetExecutionRequest* request,
      v1::Receipt* response) override;

  grpc::Status SubmitTaskProgress(
      grpc::ServerContext* ctx,
      const v1::adapters::SubmitTaskProgressRequest* request,
      v1::Receipt* response) override;

 private:
  const AdapterEndpoint* const e_;
};

// Owns the registry (built-in adapters) and the three services.
class AdapterServices {
 public:
  // hub is borrowed and must outlive this object.
  AdapterServices(Hub* hub, bool insecure);
  void RegisterWith(grpc::ServerBuilder* builder);

 private:
  adapters::AdapterRegistry registry_;
  AdapterEndpoint endpoint_;
  HealthCommissionAdapterImpl health_commission_;
  MedicalInsuranceAdapterImpl medical_insurance_;
  FinanceAdapterImpl finance_;
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_SERVER_ADAPTER_SERVICES_H_
