// Applying an accepted submission inside a transaction: contributions,
// re-merge through the indicator's or task's rule, record versions, change
// events and the stored receipt.
#ifndef HUB_ENGINE_INTERNAL_APPLY_H_
#define HUB_ENGINE_INTERNAL_APPLY_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "hub/catalog/catalog.h"
#include "hub/engine/internal/merge.h"
#include "hub/engine/internal/transaction.h"
#include "hub/engine/internal/validator.h"
#include "hub/reconcile/rule.h"

namespace hub {
namespace internal {

// Applies submission (already validated into items) as actor; refuses it
// with FailedPrecondition when an item lies in a locked period. On a retry of
// a stored submission with the same content returns the stored receipt with
// replayed set and writes nothing; with different content AlreadyExists.
absl::StatusOr<v1::Receipt> ApplySubmission(
    const Catalog& catalog, const RuleSet& rules, const std::string& actor,
    const v1::Submission& submission, const std::vector<NormalizedItem>& items,
    Transaction* txn);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_APPLY_H_
