#include "hub/engine/internal/remerge.h"

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/engine/internal/locks.h"
#include "hub/engine/internal/records.h"
#include "hub/model/model.h"
#include "hub/schema/schema.h"

namespace hub {
namespace internal {
namespace {

std::string RuleText(const v1::Indicator& ind) {
  return absl::StrCat(ind.rule().empty() ? "authoritative_source" : ind.rule(),
                      " (tolerance ",
                      ind.tolerance().empty() ? "0" : ind.tolerance(),
                      ", owner ", ind.owner_department(), ")");
}

// Re-merges every record of indicator code; logs those that changed.
absl::Status RemergeIndicator(const Catalog& catalog, const RuleSet& rules,
                              const ChangeCause& cause, const std::string& code,
                              Transaction* txn) {
  HUB_ASSIGN_OR_RETURN(
      std::vector<std::string> keys,
      txn->KeysWithPrefix(Column::kRecords,
                          SubjectPrefix(v1::SUBJECT_KIND_INDICATOR, code)));
  for (const std::string& encoded : keys) {
    HUB_ASSIGN_OR_RETURN(v1::RecordKey key, DecodeRecordKey(encoded));
    HUB_ASSIGN_OR_RETURN(std::optional<StoredRecord> before,
                         LoadStoredRecord(*txn, key));
    if (!before.has_value()) continue;
    v1::MergedRecord record = before->record;
    HUB_RETURN_IF_ERROR(Remerge(catalog, rules, &record));
    if (DeterministicBytes(record) == before->bytes) continue;
    HUB_RETURN_IF_ERROR(CheckUnlocked(catalog, *txn, key, "indicators"));
    CommitRecordChange(before, cause, &record, txn);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status RemergeChangedIndicators(const Catalog& before,
                                      const Catalog& after,
                                      const RuleSet& rules,
                                      const std::string& actor,
                                      Transaction* txn) {
  for (const v1::Indicator& ind : after.proto().indicators()) {
    const v1::Indicator* old = before.FindIndicator(ind.code());
    if (old == nullptr || RuleText(*old) == RuleText(ind)) continue;
    ChangeCause cause;
    cause.kind = v1::EVENT_KIND_RECORD_REMERGED;
    cause.actor = actor;
    cause.reason = absl::StrCat("merge rule of ", ind.code(), " changed from ",
                                RuleText(*old), " to ", RuleText(ind));
    HUB_RETURN_IF_ERROR(RemergeIndicator(after, rules, cause, ind.code(), txn));
  }
  return absl::OkStatus();
}

}  // namespace internal
}  // namespace hub
