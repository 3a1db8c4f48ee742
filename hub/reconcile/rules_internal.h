// Internal to hub/reconcile: factories of the built-in rules.
#ifndef HUB_RECONCILE_RULES_INTERNAL_H_
#define HUB_RECONCILE_RULES_INTERNAL_H_

#include <memory>
#include <vector>

#include "hub/common/decimal.h"
#include "hub/reconcile/rule.h"

namespace hub {
namespace internal {

std::unique_ptr<ReconcileRule> NewAuthoritativeSourceRule();
std::unique_ptr<ReconcileRule> NewTaskStatusRule();
std::unique_ptr<ReconcileRule> NewMustAgreeRule();
std::unique_ptr<ReconcileRule> NewLatestReportRule();

// The owner department's contribution, or nullptr when it has not reported.
const v1::Contribution* OwnerContribution(
    const v1::Indicator& indicator,
    const google::protobuf::RepeatedPtrField<v1::Contribution>& contributions);

// The decimal text as a Decimal; empty or malformed text counts as zero.
Decimal ParseOrZero(const std::string& text);

// One ConflictDetail for every contribution other than reference whose value
// differs from reference's by more than tolerance (decimal text; empty or
// malformed text counts as zero).
std::vector<v1::ConflictDetail> CompareWithReference(
    const google::protobuf::RepeatedPtrField<v1::Contribution>& contributions,
    const v1::Contribution& reference, const std::string& tolerance);

}  // namespace internal
}  // namespace hub

#endif  // HUB_RECONCILE_RULES_INTERNAL_H_
