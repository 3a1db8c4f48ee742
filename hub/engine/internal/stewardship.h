// The reform office's resolution of a conflicting record, applied inside a
// transaction with optimistic concurrency on the record's etag.
#ifndef HUB_ENGINE_INTERNAL_STEWARDSHIP_H_
#define HUB_ENGINE_INTERNAL_STEWARDSHIP_H_

#include <string>

#include "absl/status/statusor.h"
#include "hub/catalog/catalog.h"
#include "hub/engine/hub.h"
#include "hub/engine/internal/merge.h"
#include "hub/engine/internal/transaction.h"

namespace hub {
namespace internal {

// InvalidArgument with field violations unless request is well formed:
// an indicator key, an etag, a reason, and exactly one of
// chosen_department or a decimal value within the indicator's bounds.
absl::Status ValidateResolveRequest(const Catalog& catalog,
                                    const ResolveRequest& request);

// Resolves the record as actor: NotFound without a record, Aborted when the
// etag is not the record's current one, FailedPrecondition when the record
// is not in conflict (or resolved) or lies in a locked period,
// InvalidArgument when the chosen department has no contribution. Logs
// CONFLICT_RESOLVED and returns the record after.
absl::StatusOr<v1::MergedRecord> ApplyResolution(const Catalog& catalog,
                                                 const RuleSet& rules,
                                                 const std::string& actor,
                                                 const ResolveRequest& request,
                                                 Transaction* txn);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_STEWARDSHIP_H_
