// Replace scope: a submission may declare the data it replaces as a whole
// (its department, a region subtree, a period, a data set of indicator and
// task codes). The department's current contributions inside the scope that
// the submission does not report again are withdrawn, each with a
// CONTRIBUTION_WITHDRAWN event carrying the record before and after.
#ifndef HUB_ENGINE_INTERNAL_REPLACE_SCOPE_H_
#define HUB_ENGINE_INTERNAL_REPLACE_SCOPE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "hub/catalog/catalog.h"
#include "hub/engine/internal/merge.h"
#include "hub/engine/internal/transaction.h"
#include "hub/engine/internal/validator.h"

namespace hub {
namespace internal {

// InvalidArgument naming "replace_scope.*" for an unknown region or code, a
// bad period or more than kMaxScopeCodes codes. (Whether the scope lies in
// the principal's jurisdiction is the access policy's question.) OK when the
// submission declares no scope.
absl::Status ValidateReplaceScope(const Catalog& catalog,
                                  const v1::Submission& submission);

// Withdraws cause.department's contributions in the scope of submission
// that items do not cover; FailedPrecondition if one lies in a locked
// period. Returns the keys of the records withdrawn from, in key order.
absl::StatusOr<std::vector<v1::RecordKey>> WithdrawOutsideSubmission(
    const Catalog& catalog, const RuleSet& rules, const ChangeCause& cause,
    const v1::Submission& submission, const std::vector<NormalizedItem>& items,
    Transaction* txn);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_REPLACE_SCOPE_H_
