#include "hub/engine/internal/merge.h"

#include "absl/strings/str_cat.h"
#include "hub/common/decimal.h"
#include "hub/engine/internal/records.h"

namespace hub {
namespace internal {
namespace {

// True when no contribution accepted after the resolution differs from it.
bool ResolutionStands(const v1::MergedRecord& record) {
  const v1::Resolution& res = record.resolution();
  auto resolved = Decimal::Parse(res.value());
  if (!resolved.ok()) return false;
  for (const v1::Contribution& c : record.contributions()) {
    if (c.sequence() <= res.sequence()) continue;
    auto value = Decimal::Parse(c.value());
    if (!value.ok() || *value != *resolved) return false;
  }
  return true;
}

// A record whose last contribution was withdrawn: no value, whatever the
// rule (rules only ever see contributions).
MergeOutcome MissingOutcome(const v1::RecordKey& key) {
  MergeOutcome out;
  out.state = v1::RECORD_STATE_MISSING;
  out.explanation = key.kind() == v1::SUBJECT_KIND_TASK
                        ? "no current progress reports"
                        : "no current contributions";
  return out;
}

// Sets the record's value department and, from its contribution, the merged
// components; clears them when department is empty or has no contribution.
void SetValueSource(const std::string& department, v1::MergedRecord* record) {
  record->clear_value_department();
  record->clear_numerator();
  record->clear_denominator();
  for (const v1::Contribution& c : record->contributions()) {
    if (department.empty() || c.department() != department) continue;
    record->set_value_department(department);
    record->set_numerator(c.numerator());
    record->set_denominator(c.denominator());
  }
}

std::string ResolutionText(const v1::Resolution& res) {
  return absl::StrCat("resolved by ", res.actor(),
                      res.chosen_department().empty()
                          ? std::string(" entering a value")
                          : absl::StrCat(" choosing ", res.chosen_department()),
                      ": ", res.reason());
}

constexpr char kDefaultIndicatorRule[] = "authoritative_source";
constexpr char kTaskRule[] = "task_status";

std::string IndicatorRule(const v1::Indicator& ind) {
  return ind.rule().empty() ? kDefaultIndicatorRule : ind.rule();
}

}  // namespace

absl::StatusOr<const ReconcileRule*> RuleFor(const Catalog& catalog,
                                             const RuleSet& rules,
                                             const v1::RecordKey& key) {
  std::string name = kTaskRule;
  if (key.kind() == v1::SUBJECT_KIND_INDICATOR) {
    const v1::Indicator* ind = catalog.FindIndicator(key.code());
    if (ind == nullptr) return absl::InternalError("indicator vanished");
    name = IndicatorRule(*ind);
  } else if (catalog.FindTask(key.code()) == nullptr) {
    return absl::InternalError("task vanished");
  }
  auto it = rules.find(name);
  if (it == rules.end()) {
    return absl::FailedPreconditionError(
        absl::StrCat("reconcile rule \"", name, "\" is not registered"));
  }
  return it->second.get();
}

absl::Status CheckCatalogRules(const Catalog& catalog, const RuleSet& rules) {
  for (const v1::Indicator& ind : catalog.proto().indicators()) {
    if (rules.count(IndicatorRule(ind)) == 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("the catalog merges indicator ", ind.code(),
                       " with reconcile rule \"", IndicatorRule(ind),
                       "\", which is not registered"));
    }
  }
  if (!catalog.proto().tasks().empty() && rules.count(kTaskRule) == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("the catalog has tasks but reconcile rule \"", kTaskRule,
                     "\" is not registered"));
  }
  return absl::OkStatus();
}

absl::Status Remerge(const Catalog& catalog, const RuleSet& rules,
                     v1::MergedRecord* record) {
  auto rule = RuleFor(catalog, rules, record->key());
  if (!rule.ok()) return rule.status();
  MergeContext ctx;
  ctx.indicator = catalog.FindIndicator(record->key().code());
  ctx.task = catalog.FindTask(record->key().code());
  if (record->key().kind() == v1::SUBJECT_KIND_INDICATOR) ctx.task = nullptr;
  if (record->key().kind() == v1::SUBJECT_KIND_TASK) ctx.indicator = nullptr;
  MergeOutcome out = record->contributions().empty()
                         ? MissingOutcome(record->key())
                         : (*rule)->Merge(ctx, record->contributions());
  record->set_value(out.value);
  SetValueSource(out.value_department, record);
  record->set_status(out.status);
  record->set_state(out.state);
  record->mutable_conflicts()->Clear();
  for (auto& c : out.conflicts) *record->add_conflicts() = std::move(c);
  record->set_explanation(out.explanation);
  record->set_rule_name((*rule)->Name());
  record->set_rule_version((*rule)->Version());
  if (!record->has_resolution()) return absl::OkStatus();
  if (out.state == v1::RECORD_STATE_CONFLICT && ResolutionStands(*record)) {
    record->set_value(record->resolution().value());
    SetValueSource(record->resolution().chosen_department(), record);
    record->set_state(v1::RECORD_STATE_RESOLVED);
    record->set_explanation(absl::StrCat(ResolutionText(record->resolution()),
                                         " (rule: ", out.explanation, ")"));
  } else {
    record->clear_resolution();
  }
  return absl::OkStatus();
}

void CommitRecordChange(const std::optional<StoredRecord>& before,
                        const ChangeCause& cause, v1::MergedRecord* record,
                        Transaction* txn) {
  record->set_version(record->version() + 1);
  record->set_last_sequence(txn->head().sequence + 1);
  // The record is serialized once: its etag, its stored bytes and the
  // change events' `after` come from the same bytes, and `before` is the
  // bytes it was stored as (hub/model/wire.h).
  std::string bytes = EncodeRecord(record);
  v1::ChangeEvent event;
  event.set_actor(cause.actor);
  event.set_kind(cause.kind);
  if (!cause.submission_id.empty()) {
    event.mutable_submission()->set_submission_id(cause.submission_id);
    event.mutable_submission()->set_department(cause.department);
  }
  *event.mutable_record_key() = record->key();
  event.set_rule_name(record->rule_name());
  event.set_rule_version(record->rule_version());
  event.set_reason(cause.reason);
  const EncodedField after{v1::ChangeEvent::kAfterFieldNumber, bytes};
  if (before.has_value()) {
    txn->AppendEvent(event, {EncodedField{v1::ChangeEvent::kBeforeFieldNumber,
                                          before->bytes},
                             after});
  } else {
    txn->AppendEvent(event, {after});
  }
  const bool was_conflict =
      before.has_value() && before->record.state() == v1::RECORD_STATE_CONFLICT;
  if (record->state() == v1::RECORD_STATE_CONFLICT && !was_conflict) {
    event.set_kind(v1::EVENT_KIND_CONFLICT_OPENED);
    event.set_reason(before.has_value() &&
                             before->record.state() == v1::RECORD_STATE_RESOLVED
                         ? "reopened: a later contribution differs from the "
                           "resolved value"
                         : "contributions differ beyond tolerance");
    txn->AppendEvent(std::move(event), {after});
  }
  StoreRecord(before, *record, std::move(bytes), txn);
}

}  // namespace internal
}  // namespace hub
