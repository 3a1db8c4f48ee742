#include "hub/engine/internal/replace_scope.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "hub/common/period.h"
#include "hub/common/status_macros.h"
#include "hub/engine/internal/locks.h"
#include "hub/engine/internal/records.h"
#include "hub/engine/internal/text_fields.h"
#include "hub/model/errors.h"
#include "hub/model/model.h"
#include "hub/schema/schema.h"

namespace hub {
namespace internal {
namespace {

bool InScope(const Catalog& catalog, const v1::ReplaceScope& scope,
             const v1::RecordKey& key) {
  if (key.period() != scope.period()) return false;
  if (!catalog.InSubtree(key.region_code(), scope.region_code())) return false;
  return scope.codes().empty() ||
         std::count(scope.codes().begin(), scope.codes().end(), key.code()) > 0;
}

// Removes department's contribution from the record at key and re-merges.
absl::Status Withdraw(const Catalog& catalog, const RuleSet& rules,
                      const ChangeCause& cause, const v1::RecordKey& key,
                      Transaction* txn) {
  HUB_ASSIGN_OR_RETURN(std::optional<StoredRecord> before,
                       LoadStoredRecord(*txn, key));
  if (!before.has_value())
    return absl::InternalError("indexed record vanished");
  v1::MergedRecord record = before->record;
  auto* list = record.mutable_contributions();
  list->erase(std::remove_if(list->begin(), list->end(),
                             [&](const v1::Contribution& c) {
                               return c.department() == cause.department;
                             }),
              list->end());
  HUB_RETURN_IF_ERROR(Remerge(catalog, rules, &record));
  CommitRecordChange(before, cause, &record, txn);
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateReplaceScope(const Catalog& catalog,
                                  const v1::Submission& submission) {
  if (!submission.has_replace_scope()) return absl::OkStatus();
  const v1::ReplaceScope& scope = submission.replace_scope();
  std::vector<FieldViolation> v;
  if (scope.region_code().size() > 6) {
    v.push_back(MakeViolation("replace_scope.region_code", "not a region code",
                              reason::kUnknownRegion));
  } else if (catalog.FindRegion(scope.region_code()) == nullptr) {
    v.push_back(MakeViolation(
        "replace_scope.region_code",
        absl::StrCat("unknown region \"", scope.region_code(), "\""),
        reason::kUnknownRegion, {{"value", scope.region_code()}}));
  }
  if (scope.codes_size() > kMaxScopeCodes) {
    v.push_back(
        {"replace_scope.codes",
         absl::StrCat(scope.codes_size(), " codes; at most ", kMaxScopeCodes)});
    return InvalidArgumentWithViolations("submission rejected", v);
  }
  auto period = Period::Parse(scope.period());
  if (!period.ok()) {
    v.push_back(MakeViolation(
        "replace_scope.period", std::string(period.status().message()),
        reason::kInvalidPeriod, {{"value", scope.period()}}));
  } else if (period->ToString() != scope.period()) {
    v.push_back(MakeViolation(
        "replace_scope.period",
        absl::StrCat("write the period as ", period->ToString()),
        reason::kNonCanonicalPeriod, {{"canonical", period->ToString()}}));
  }
  for (int i = 0; i < scope.codes_size(); ++i) {
    const std::string& code = scope.codes(i);
    if (catalog.FindIndicator(code) == nullptr &&
        catalog.FindTask(code) == nullptr) {
      v.push_back(MakeViolation(
          absl::StrCat("replace_scope.codes[", i, "]"),
          absl::StrCat("unknown indicator or task \"", code, "\""),
          reason::kUnknownSubject, {{"value", code}}));
    }
  }
  if (!v.empty())
    return InvalidArgumentWithViolations("submission rejected", v);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::RecordKey>> WithdrawOutsideSubmission(
    const Catalog& catalog, const RuleSet& rules, const ChangeCause& cause,
    const v1::Submission& submission, const std::vector<NormalizedItem>& items,
    Transaction* txn) {
  std::vector<v1::RecordKey> withdrawn;
  if (!submission.has_replace_scope()) return withdrawn;
  std::set<std::string> reported;
  for (const NormalizedItem& item : items) {
    reported.insert(EncodeRecordKey(item.key));
  }
  const std::string prefix = DepartmentIndexPrefix(cause.department);
  HUB_ASSIGN_OR_RETURN(std::vector<std::string> index,
                       txn->KeysWithPrefix(Column::kIndex, prefix));
  ChangeCause withdrawal = cause;
  withdrawal.kind = v1::EVENT_KIND_CONTRIBUTION_WITHDRAWN;
  withdrawal.reason = absl::StrCat(
      "not reported again in submission ", submission.submission_id(),
      ", which replaces ", submission.replace_scope().region_code(), " ",
      submission.replace_scope().period());
  for (const std::string& entry : index) {
    const std::string encoded = entry.substr(prefix.size());
    if (reported.count(encoded) > 0) continue;
    HUB_ASSIGN_OR_RETURN(v1::RecordKey key, DecodeRecordKey(encoded));
    if (!InScope(catalog, submission.replace_scope(), key)) continue;
    HUB_RETURN_IF_ERROR(CheckUnlocked(catalog, *txn, key, "replace_scope"));
    HUB_RETURN_IF_ERROR(Withdraw(catalog, rules, withdrawal, key, txn));
    withdrawn.push_back(std::move(key));
  }
  return withdrawn;
}

}  // namespace internal
}  // namespace hub
