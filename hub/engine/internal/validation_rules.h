// Validation rules beyond single values (Indicator.validation_rules):
// numerator not above denominator, and one indicator not above another for
// the same department, region and period (DRG/DIP fund spending not above
// inpatient fund spending). The other value comes from the same submission,
// else from the department's current contribution in the store; a rule is
// checked from both sides, so reporting the larger indicator lower later is
// caught too. Error severity rejects the submission; warnings are kept on
// the contributions.
#ifndef HUB_ENGINE_INTERNAL_VALIDATION_RULES_H_
#define HUB_ENGINE_INTERNAL_VALIDATION_RULES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "hub/catalog/catalog.h"
#include "hub/engine/internal/transaction.h"
#include "hub/engine/internal/validator.h"

namespace hub {
namespace internal {

// For each item, the warning texts to keep on its contribution; or
// InvalidArgument with one field violation per error-severity finding
// ("items[3].indicator_value.value").
absl::StatusOr<std::vector<std::vector<std::string>>> CheckValidationRules(
    const Catalog& catalog, const std::string& department,
    const std::vector<NormalizedItem>& items, const Transaction& txn);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_VALIDATION_RULES_H_
