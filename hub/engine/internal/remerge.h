// Re-merging after a catalog change: when an indicator's merge parameters
// (rule, tolerance, owner department) change, every record of it is merged
// again through the new catalog, in record-key order, and each record whose
// merge result changed is logged as RECORD_REMERGED with before and after.
#ifndef HUB_ENGINE_INTERNAL_REMERGE_H_
#define HUB_ENGINE_INTERNAL_REMERGE_H_

#include <string>

#include "absl/status/status.h"
#include "hub/catalog/catalog.h"
#include "hub/engine/internal/merge.h"
#include "hub/engine/internal/transaction.h"

namespace hub {
namespace internal {

// Re-merges the records of every indicator whose merge parameters differ
// between before and after (the catalogs around one update), as actor.
// FailedPrecondition naming the lock when a record that would change lies
// in a locked period: a locked period is frozen, even against rule changes.
absl::Status RemergeChangedIndicators(const Catalog& before,
                                      const Catalog& after,
                                      const RuleSet& rules,
                                      const std::string& actor,
                                      Transaction* txn);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_REMERGE_H_
