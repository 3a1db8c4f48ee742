#include "adapters/builtin.h"

#include "adapters/finance/finance.h"
#include "adapters/health_commission/health_commission.h"
#include "adapters/medical_insurance/medical_insurance.h"
#include "hub/common/status_macros.h"

namespace hub {
namespace adapters {
namespace {

using Maker = std::unique_ptr<Adapter> (*)();

absl::Status Add(AdapterRegistry* registry, Maker make) {
  std::unique_ptr<Adapter> probe = make();
  return registry->Register(
      probe->Name(),
      [make]() -> absl::StatusOr<std::unique_ptr<Adapter>> { return make(); });
}

}  // namespace

absl::Status RegisterBuiltinAdapters(AdapterRegistry* registry) {
  for (Maker make :
       {&NewInstitutionMonthlyAdapter, &NewCommunityMonitoringAdapter,
        &NewSettlementAdapter, &NewFinancingAdapter, &NewProcurementAdapter,
        &NewBudgetExecutionAdapter, &NewHealthCommissionTaskProgressAdapter,
        &NewMedicalInsuranceTaskProgressAdapter,
        &NewFinanceTaskProgressAdapter}) {
    HUB_RETURN_IF_ERROR(Add(registry, make));
  }
  return absl::OkStatus();
}

}  // namespace adapters
}  // namespace hub
