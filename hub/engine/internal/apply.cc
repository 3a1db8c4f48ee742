#include "hub/engine/internal/apply.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "hub/common/decimal.h"
#include "hub/common/status_macros.h"
#include "hub/engine/internal/locks.h"
#include "hub/engine/internal/merge.h"
#include "hub/engine/internal/records.h"
#include "hub/engine/internal/replace_scope.h"
#include "hub/engine/internal/submission_event.h"
#include "hub/engine/internal/validation_rules.h"
#include "hub/model/model.h"
#include "hub/model/wire.h"
#include "hub/schema/schema.h"

namespace hub {
namespace internal {
namespace {

std::string SubmissionStoreKey(const v1::Submission& s) {
  return SubmissionKey(s.department(), s.submission_id());
}

// True when a and b are the same figure: equal as exact decimals ("655" and
// "655.00" are one figure), or both absent.
bool SameFigure(const std::string& a, const std::string& b) {
  if (a == b) return true;
  absl::StatusOr<Decimal> x = Decimal::Parse(a);
  absl::StatusOr<Decimal> y = Decimal::Parse(b);
  return x.ok() && y.ok() && *x == *y;
}

// True when a and b report the same thing (provenance aside).
bool SameReport(const v1::Contribution& a, const v1::Contribution& b) {
  return SameFigure(a.value(), b.value()) &&
         SameFigure(a.numerator(), b.numerator()) &&
         SameFigure(a.denominator(), b.denominator()) &&
         a.status() == b.status() && a.text() == b.text() &&
         a.note() == b.note();
}

// Replaces department's contribution in record; false if it was the same.
// A correction keeps the first report's receipt (proto: first_*).
bool Upsert(v1::Contribution c, v1::MergedRecord* record) {
  auto* list = record->mutable_contributions();
  auto it = std::find_if(list->begin(), list->end(), [&](const auto& x) {
    return x.department() == c.department();
  });
  if (it != list->end()) {
    if (SameReport(*it, c)) return false;
    const bool has_first =
        it->first_accepted_at_micros() != 0;  // else stored before first_*
    c.set_first_accepted_at_micros(has_first ? it->first_accepted_at_micros()
                                             : it->accepted_at_micros());
    c.set_first_submission_id(has_first ? it->first_submission_id()
                                        : it->submission_id());
    c.set_first_submitted_at_micros(has_first ? it->first_submitted_at_micros()
                                              : it->submitted_at_micros());
    *it = std::move(c);
    return true;
  }
  c.set_first_accepted_at_micros(c.accepted_at_micros());
  c.set_first_submission_id(c.submission_id());
  c.set_first_submitted_at_micros(c.submitted_at_micros());
  *list->Add() = std::move(c);
  std::sort(list->begin(), list->end(), [](const auto& a, const auto& b) {
    return a.department() < b.department();
  });
  return true;
}

// Upserts item's contribution into its record and re-merges it.
absl::StatusOr<v1::ItemOutcome> ApplyItem(
    const Catalog& catalog, const RuleSet& rules, const ChangeCause& cause,
    uint64_t seq, const NormalizedItem& item,
    const std::vector<std::string>& warnings, Transaction* txn) {
  HUB_ASSIGN_OR_RETURN(std::optional<StoredRecord> before,
                       LoadStoredRecord(*txn, item.key));
  v1::MergedRecord record;
  if (before.has_value()) {
    record = before->record;
  } else {
    *record.mutable_key() = item.key;
  }
  v1::Contribution c = item.contribution;
  c.set_department(cause.department);
  c.set_submission_id(cause.submission_id);
  c.set_accepted_at_micros(txn->time_micros());
  c.set_submitted_at_micros(cause.submitted_at_micros);
  c.set_sequence(seq);
  for (const std::string& w : warnings) c.add_warnings(w);
  v1::ItemOutcome outcome;
  *outcome.mutable_key() = item.key;
  bool changed = Upsert(std::move(c), &record);
  if (changed) {
    HUB_RETURN_IF_ERROR(Remerge(catalog, rules, &record));
    CommitRecordChange(before, cause, &record, txn);
  }
  outcome.set_action(!changed             ? v1::ItemOutcome::ACTION_UNCHANGED
                     : before.has_value() ? v1::ItemOutcome::ACTION_UPDATED
                                          : v1::ItemOutcome::ACTION_CREATED);
  outcome.set_record_version(record.version());
  outcome.set_merged_value(record.value());
  outcome.set_state(record.state());
  outcome.set_status(record.status());
  for (const std::string& w : warnings) outcome.add_warnings(w);
  return outcome;
}

// The stored receipt of a retry (replayed set); nullopt for a new
// submission; AlreadyExists when the id was used for other content.
absl::StatusOr<std::optional<v1::Receipt>> StoredReceipt(
    const v1::Submission& submission, const std::string& store_key,
    const std::string& content_hash, const Transaction& txn) {
  std::string stored_bytes;
  absl::Status found = txn.Get(Column::kSubmissions, store_key, &stored_bytes);
  if (absl::IsNotFound(found)) return std::optional<v1::Receipt>();
  if (!found.ok()) return found;
  v1::StoredSubmission stored;
  if (!stored.ParseFromString(stored_bytes)) {
    return absl::DataLossError("unparsable stored submission");
  }
  if (stored.content_hash() != content_hash) {
    return absl::AlreadyExistsError(absl::StrCat(
        "submission_id: \"", submission.submission_id(),
        "\" was already used by ", submission.department(),
        " for different content (accepted at sequence ",
        stored.receipt().sequence(), "); use a new id for a correction"));
  }
  v1::Receipt receipt = stored.receipt();
  receipt.set_replayed(true);
  return std::optional<v1::Receipt>(std::move(receipt));
}

// Appends SUBMISSION_ACCEPTED; returns its sequence.
uint64_t AppendAccepted(const std::string& actor,
                        const EncodedSubmission& submission, Transaction* txn) {
  return txn->AppendEvent(
      SubmissionEvent(v1::EVENT_KIND_SUBMISSION_ACCEPTED, actor, submission),
      {BodyField(submission)});
}

// The stored submission with its receipt, around the submission's bytes.
std::string StoredBytes(const EncodedSubmission& submission,
                        const v1::Receipt& receipt) {
  v1::StoredSubmission stored;
  *stored.mutable_receipt() = receipt;
  stored.set_content_hash(submission.content_hash);
  std::string bytes = DeterministicBytes(stored);
  // Our own serialization is well-formed: the insertion cannot fail.
  (void)InsertLengthDelimitedField(v1::StoredSubmission::kSubmissionFieldNumber,
                                   submission.bytes, &bytes);
  return bytes;
}

}  // namespace

absl::StatusOr<v1::Receipt> ApplySubmission(
    const Catalog& catalog, const RuleSet& rules, const std::string& actor,
    const v1::Submission& submission, const std::vector<NormalizedItem>& items,
    Transaction* txn) {
  const std::string store_key = SubmissionStoreKey(submission);
  const EncodedSubmission encoded(txn->crypto(), submission);
  HUB_ASSIGN_OR_RETURN(
      std::optional<v1::Receipt> replayed,
      StoredReceipt(submission, store_key, encoded.content_hash, *txn));
  if (replayed.has_value()) return *replayed;
  for (size_t i = 0; i < items.size(); ++i) {
    HUB_RETURN_IF_ERROR(CheckUnlocked(catalog, *txn, items[i].key,
                                      absl::StrCat("items[", i, "]")));
  }
  HUB_ASSIGN_OR_RETURN(
      std::vector<std::vector<std::string>> warnings,
      CheckValidationRules(catalog, submission.department(), items, *txn));
  const uint64_t seq = AppendAccepted(actor, encoded, txn);
  v1::Receipt receipt;
  receipt.set_submission_id(submission.submission_id());
  receipt.set_department(submission.department());
  receipt.set_sequence(seq);
  receipt.set_accepted_at_micros(txn->time_micros());
  ChangeCause cause;
  cause.actor = actor;
  cause.submission_id = submission.submission_id();
  cause.department = submission.department();
  cause.submitted_at_micros = submission.submitted_at_micros();
  for (size_t i = 0; i < items.size(); ++i) {
    HUB_ASSIGN_OR_RETURN(
        v1::ItemOutcome outcome,
        ApplyItem(catalog, rules, cause, seq, items[i], warnings[i], txn));
    outcome.set_index(static_cast<int>(i));
    *receipt.add_items() = std::move(outcome);
  }
  HUB_ASSIGN_OR_RETURN(
      std::vector<v1::RecordKey> withdrawn,
      WithdrawOutsideSubmission(catalog, rules, cause, submission, items, txn));
  for (auto& key : withdrawn) *receipt.add_withdrawn() = std::move(key);
  txn->Put(Column::kSubmissions, store_key, StoredBytes(encoded, receipt));
  return receipt;
}

}  // namespace internal
}  // namespace hub
