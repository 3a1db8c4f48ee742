#include "hub/engine/internal/stewardship.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "hub/common/decimal.h"
#include "hub/common/status_macros.h"
#include "hub/engine/internal/locks.h"
#include "hub/engine/internal/records.h"
#include "hub/engine/internal/text_fields.h"
#include "hub/engine/internal/validator.h"
#include "hub/model/errors.h"
#include "hub/model/model.h"

namespace hub {
namespace internal {
namespace {

void CheckValue(const v1::Indicator& ind, const std::string& text,
                std::vector<FieldViolation>* violations) {
  auto value = Decimal::Parse(text);
  if (!value.ok()) {
    violations->push_back(
        MakeViolation("value", absl::StrCat("\"", text, "\" is not a decimal"),
                      reason::kInvalidNumber, {{"value", text}}));
    return;
  }
  for (FieldViolation& problem : ValueProblems(ind, *value)) {
    violations->push_back(std::move(problem));
  }
}

// The resolved value: the chosen department's contribution, or the entered
// value in its canonical text at the indicator's precision.
absl::StatusOr<std::string> ResolvedValue(const Catalog& catalog,
                                          const v1::MergedRecord& record,
                                          const ResolveRequest& request) {
  if (request.chosen_department.empty()) {
    return CanonicalValue(*catalog.FindIndicator(record.key().code()),
                          *Decimal::Parse(request.value));
  }
  for (const v1::Contribution& c : record.contributions()) {
    if (c.department() == request.chosen_department) return c.value();
  }
  return InvalidArgumentWithViolations(
      "resolution rejected",
      {MakeViolation("chosen_department",
                     absl::StrCat(request.chosen_department,
                                  " has no current contribution to ",
                                  RecordKeyToString(record.key())),
                     reason::kNoContribution,
                     {{"department", request.chosen_department},
                      {"record", RecordKeyToString(record.key())}})});
}

absl::Status CheckResolvable(const v1::MergedRecord& record,
                             const ResolveRequest& request) {
  if (record.etag() != request.etag) {
    return absl::AbortedError(absl::StrCat(
        "etag: ", request.etag, " does not match the current etag ",
        record.etag(), " of ", RecordKeyToString(record.key()), " (version ",
        record.version(), "); read the record again"));
  }
  if (record.state() != v1::RECORD_STATE_CONFLICT &&
      record.state() != v1::RECORD_STATE_RESOLVED) {
    return absl::FailedPreconditionError(absl::StrCat(
        RecordKeyToString(record.key()), " is ",
        v1::RecordState_Name(record.state()), ", not in conflict"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateResolveRequest(const Catalog& catalog,
                                    const ResolveRequest& request) {
  std::vector<FieldViolation> v;
  const v1::Indicator* ind = nullptr;
  if (request.key.kind() != v1::SUBJECT_KIND_INDICATOR) {
    v.push_back(MakeViolation("key.kind",
                              "only indicator records have conflicts",
                              reason::kNotConflictKind));
  } else if ((ind = catalog.FindIndicator(request.key.code())) == nullptr) {
    v.push_back(MakeViolation(
        "key.code",
        absl::StrCat("unknown indicator \"", request.key.code(), "\""),
        reason::kUnknownIndicator, {{"value", request.key.code()}}));
  }
  if (request.etag.empty()) {
    v.push_back(MakeViolation(
        "etag", "required: the etag of the record as read", reason::kRequired));
  }
  if (request.reason.empty()) {
    v.push_back(MakeViolation("reason",
                              "required: why the record is resolved this way",
                              reason::kRequired));
  } else {
    CheckText("reason", request.reason, kMaxFreeText, /*free_text=*/true, &v);
  }
  if (request.chosen_department.empty() == request.value.empty()) {
    v.push_back(MakeViolation(
        "value", "give exactly one of chosen_department and value",
        reason::kExactlyOne,
        {{"first", "chosen_department"}, {"second", "value"}}));
  } else if (!request.value.empty() && ind != nullptr) {
    CheckValue(*ind, request.value, &v);
  }
  if (v.empty()) return absl::OkStatus();
  return InvalidArgumentWithViolations("resolution rejected", v);
}

absl::StatusOr<v1::MergedRecord> ApplyResolution(const Catalog& catalog,
                                                 const RuleSet& rules,
                                                 const std::string& actor,
                                                 const ResolveRequest& request,
                                                 Transaction* txn) {
  HUB_ASSIGN_OR_RETURN(std::optional<StoredRecord> before,
                       LoadStoredRecord(*txn, request.key));
  if (!before.has_value()) {
    return absl::NotFoundError(
        absl::StrCat("no record for ", RecordKeyToString(request.key)));
  }
  HUB_RETURN_IF_ERROR(CheckResolvable(before->record, request));
  HUB_RETURN_IF_ERROR(CheckUnlocked(catalog, *txn, request.key, "key"));
  HUB_ASSIGN_OR_RETURN(std::string value,
                       ResolvedValue(catalog, before->record, request));
  v1::MergedRecord record = before->record;
  v1::Resolution* res = record.mutable_resolution();
  res->set_actor(actor);
  res->set_reason(request.reason);
  res->set_chosen_department(request.chosen_department);
  res->set_value(value);
  res->set_sequence(txn->head().sequence + 1);
  res->set_time_micros(txn->time_micros());
  HUB_RETURN_IF_ERROR(Remerge(catalog, rules, &record));
  ChangeCause cause;
  cause.kind = v1::EVENT_KIND_CONFLICT_RESOLVED;
  cause.actor = actor;
  cause.reason = request.reason;
  CommitRecordChange(before, cause, &record, txn);
  return record;
}

}  // namespace internal
}  // namespace hub
