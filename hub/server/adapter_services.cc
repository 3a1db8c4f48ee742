#include "hub/server/adapter_services.h"

#include "absl/strings/str_cat.h"
#include "adapters/builtin.h"
#include "adapters/import.h"
#include "hub/model/errors.h"
#include "hub/server/services_internal.h"
#include "hub/transport/grpc_status.h"

namespace hub {
namespace internal {

grpc::Status AdapterEndpoint::Submit(
    grpc::ServerContext* ctx, absl::string_view name,
    const google::protobuf::Message& report, const std::string& report_period,
    const v1::adapters::AdapterSubmitOptions& options, const char* method,
    v1::Receipt* receipt) const {
  absl::StatusOr<Principal> principal = Authenticate(ctx, insecure_);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  absl::StatusOr<Period> period = Period::Parse(report_period);
  if (!period.ok()) {
    return ToGrpcStatus(InvalidArgumentWithViolations(
        "bad report",
        {{"report.report_period", std::string(period.status().message())}}));
  }
  auto adapter = registry_->Create(name);
  if (!adapter.ok()) return ToGrpcStatus(adapter.status());
  adapters::ImportOptions o;
  o.report_period = *period;
  o.valid_rows_only = options.valid_rows_only();
  std::vector<adapters::ImportIssue> warnings;
  auto submission =
      adapters::ReportToSubmission(**adapter, report, method, o, &warnings);
  if (!submission.ok()) return ToGrpcStatus(submission.status());
  if (!options.submission_id().empty()) {
    submission->set_submission_id(options.submission_id());
  }
  auto result = hub_->Submit(*principal, *submission, options.dry_run());
  if (!result.ok()) return ToGrpcStatus(result.status());
  *receipt = *std::move(result);
  for (const auto& w : warnings)
    receipt->add_translation_warnings(w.ToString());
  return grpc::Status::OK;
}

grpc::Status HealthCommissionAdapterImpl::SubmitInstitutionReport(
    grpc::ServerContext* ctx,
    const v1::adapters::SubmitInstitutionReportRequest* request,
    v1::Receipt* response) {
  return e_->Submit(
      ctx, "health_commission_institution_monthly", request->report(),
      request->report().report_period(), request->options(),
      "HealthCommissionAdapter.SubmitInstitutionReport", response);
}

grpc::Status HealthCommissionAdapterImpl::SubmitCommunityMonitoring(
    grpc::ServerContext* ctx,
    const v1::adapters::SubmitCommunityMonitoringRequest* request,
    v1::Receipt* response) {
  return e_->Submit(
      ctx, "health_commission_community_monitoring", request->report(),
      request->report().report_period(), request->options(),
      "HealthCommissionAdapter.SubmitCommunityMonitoring", response);
}

grpc::Status MedicalInsuranceAdapterImpl::SubmitSettlement(
    grpc::ServerContext* ctx,
    const v1::adapters::SubmitSettlementRequest* request,
    v1::Receipt* response) {
  return e_->Submit(ctx, "medical_insurance_settlement", request->report(),
                    request->report().report_period(), request->options(),
                    "MedicalInsuranceAdapter.SubmitSettlement", response);
}

grpc::Status MedicalInsuranceAdapterImpl::SubmitFinancing(
    grpc::ServerContext* ctx,
    const v1::adapters::SubmitFinancingRequest* request,
    v1::Receipt* response) {
  return e_->Submit(ctx, "medical_insurance_financing", request->report(),
                    request->report().report_period(), request->options(),
                    "MedicalInsuranceAdapter.SubmitFinancing", response);
}

grpc::Status MedicalInsuranceAdapterImpl::SubmitProcurement(
    grpc::ServerContext* ctx,
    const v1::adapters::SubmitProcurementRequest* request,
    v1::Receipt* response) {
  return e_->Submit(ctx, "medical_insurance_procurement", request->report(),
                    request->report().report_period(), request->options(),
                    "MedicalInsuranceAdapter.SubmitProcurement", response);
}

grpc::Status FinanceAdapterImpl::SubmitBudgetExecution(
    grpc::ServerContext* ctx,
    const v1::adapters::SubmitBudgetExecutionRequest* request,
    v1::Receipt* response) {
  return e_->Submit(ctx, "finance_budget_execution", request->report(),
                    request->report().report_period(), request->options(),
                    "FinanceAdapter.SubmitBudgetExecution", response);
}

grpc::Status HealthCommissionAdapterImpl::SubmitTaskProgress(
    grpc::ServerContext* ctx,
    const v1::adapters::SubmitTaskProgressRequest* request,
    v1::Receipt* response) {
  return e_->Submit(ctx, "health_commission_task_progress", request->report(),
                    request->report().report_period(), request->options(),
                    "HealthCommissionAdapter.SubmitTaskProgress", response);
}

grpc::Status MedicalInsuranceAdapterImpl::SubmitTaskProgress(
    grpc::ServerContext* ctx,
    const v1::adapters::SubmitTaskProgressRequest* request,
    v1::Receipt* response) {
  return e_->Submit(ctx, "medical_insurance_task_progress", request->report(),
                    request->report().report_period(), request->options(),
                    "MedicalInsuranceAdapter.SubmitTaskProgress", response);
}

grpc::Status FinanceAdapterImpl::SubmitTaskProgress(
    grpc::ServerContext* ctx,
    const v1::adapters::SubmitTaskProgressRequest* request,
    v1::Receipt* response) {
  return e_->Submit(ctx, "finance_task_progress", request->report(),
                    request->report().report_period(), request->options(),
                    "FinanceAdapter.SubmitTaskProgress", response);
}

namespace {

adapters::AdapterRegistry* WithBuiltins(adapters::AdapterRegistry* registry) {
  // Built-in names are distinct, so registering them into an empty registry
  // does not fail (adapters/registry_test.cc); if it ever did, the adapters
  // left out answer NOT_FOUND ("no adapter ...") on every call.
  absl::Status s = adapters::RegisterBuiltinAdapters(registry);
  (void)s;
  return registry;
}

}  // namespace

AdapterServices::AdapterServices(Hub* hub, bool insecure)
    : endpoint_(hub, insecure, WithBuiltins(&registry_)),
      health_commission_(&endpoint_),
      medical_insurance_(&endpoint_),
      finance_(&endpoint_) {}

void AdapterServices::RegisterWith(grpc::ServerBuilder* builder) {
  builder->RegisterService(&health_commission_);
  builder->RegisterService(&medical_insurance_);
  builder->RegisterService(&finance_);
}

}  // namespace internal
}  // namespace hub
