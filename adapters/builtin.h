// The department adapters that ship with the hub.
#ifndef HUB_ADAPTERS_BUILTIN_H_
#define HUB_ADAPTERS_BUILTIN_H_

#include "absl/status/status.h"
#include "adapters/registry.h"

namespace hub {
namespace adapters {

// Registers health_commission_institution_monthly,
// health_commission_community_monitoring, medical_insurance_settlement,
// medical_insurance_financing, medical_insurance_procurement,
// finance_budget_execution and each
// department's <department>_task_progress. kAlreadyExists
// if any of those names is taken.
absl::Status RegisterBuiltinAdapters(AdapterRegistry* registry);

}  // namespace adapters
}  // namespace hub

#endif  // HUB_ADAPTERS_BUILTIN_H_
