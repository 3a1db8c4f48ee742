// Merging a record through its rule, standing resolutions, and the change
// events every record change writes.
//
// A resolution by the reform office stands while the rule still reports a
// conflict and every contribution accepted after it (higher sequence) equals
// the resolved value; the record is then RESOLVED with the resolved value.
// Otherwise the resolution is dropped: the conflict closes when the rule no
// longer reports one, and reopens when a later contribution differs.
#ifndef HUB_ENGINE_INTERNAL_MERGE_H_
#define HUB_ENGINE_INTERNAL_MERGE_H_

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "hub/catalog/catalog.h"
#include "hub/engine/internal/records.h"
#include "hub/engine/internal/transaction.h"
#include "hub/reconcile/rule.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace internal {

// Instantiated rules by name (borrowed from the engine).
using RuleSet =
    std::map<std::string, std::unique_ptr<ReconcileRule>, std::less<>>;

// The rule that merges key: the indicator's (authoritative_source when the
// catalog names none) or task_status. FailedPrecondition if not in rules.
absl::StatusOr<const ReconcileRule*> RuleFor(const Catalog& catalog,
                                             const RuleSet& rules,
                                             const v1::RecordKey& key);

// OK when every rule catalog merges with (its indicators' rules, and
// task_status when it has tasks) is in rules; FailedPrecondition naming the
// first that is not.
absl::Status CheckCatalogRules(const Catalog& catalog, const RuleSet& rules);

// Recomputes value (with the department it comes from and, for ratios, that
// contribution's components), status, state, conflicts, explanation and rule
// of record from its contributions, then applies its resolution (see above;
// an entered value has no department or components). A record without
// contributions is MISSING, without asking the rule.
absl::Status Remerge(const Catalog& catalog, const RuleSet& rules,
                     v1::MergedRecord* record);

// Why a record changed, for its change event.
struct ChangeCause {
  v1::EventKind kind = v1::EVENT_KIND_RECORD_CHANGED;
  std::string actor;
  std::string submission_id;  // with department: the submission, if any
  std::string department;
  std::string reason;
  int64_t submitted_at_micros = 0;  // the submission's client clock
};

// Commits a change of record (before: its stored state, if any): bumps the
// version, sets last_sequence and etag, appends the change event carrying
// before, after and the rule, appends CONFLICT_OPENED when the record enters
// the conflict state, and stores it with its indexes.
void CommitRecordChange(const std::optional<StoredRecord>& before,
                        const ChangeCause& cause, v1::MergedRecord* record,
                        Transaction* txn);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_MERGE_H_
