#include "hub/engine/internal/apply.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/engine/internal/records.h"
#include "hub/model/model.h"

namespace hub {
namespace internal {
namespace {

std::string SubmissionStoreKey(const v1::Submission& s) {
  return absl::StrCat(s.department(), "/", s.submission_id());
}

// True when a and b report the same thing (provenance aside).
bool SameReport(const v1::Contribution& a, const v1::Contribution& b) {
  return a.value() == b.value() && a.numerator() == b.numerator() &&
         a.denominator() == b.denominator() && a.status() == b.status() &&
         a.text() == b.text() && a.note() == b.note();
}

// Replaces department's contribution in record; false if it was the same.
bool Upsert(v1::Contribution c, v1::MergedRecord* record) {
  auto* list = record->mutable_contributions();
  auto it = std::find_if(list->begin(), list->end(), [&](const auto& x) {
    return x.department() == c.department();
  });
  if (it != list->end()) {
    if (SameReport(*it, c)) return false;
    *it = std::move(c);
    return true;
  }
  *list->Add() = std::move(c);
  std::sort(list->begin(), list->end(), [](const auto& a, const auto& b) {
    return a.department() < b.department();
  });
  return true;
}

absl::Status Remerge(const Catalog& catalog, const RuleSet& rules,
                     v1::MergedRecord* record) {
  MergeContext ctx;
  std::string rule_name = "task_status";
  if (record->key().kind() == v1::SUBJECT_KIND_INDICATOR) {
    ctx.indicator = catalog.FindIndicator(record->key().code());
    if (ctx.indicator == nullptr) return absl::InternalError("indicator vanished");
    rule_name = ctx.indicator->rule().empty() ? "authoritative_source"
                                              : ctx.indicator->rule();
  } else {
    ctx.task = catalog.FindTask(record->key().code());
    if (ctx.task == nullptr) return absl::InternalError("task vanished");
  }
  auto it = rules.find(rule_name);
  if (it == rules.end()) {
    return absl::FailedPreconditionError(
        absl::StrCat("reconcile rule \"", rule_name, "\" is not registered"));
  }
  MergeOutcome out = it->second->Merge(ctx, record->contributions());
  record->set_value(out.value);
  record->set_status(out.status);
  record->set_state(out.state);
  record->mutable_conflicts()->Clear();
  for (auto& c : out.conflicts) *record->add_conflicts() = std::move(c);
  record->set_explanation(out.explanation);
  record->set_rule_name(it->second->Name());
  record->set_rule_version(it->second->Version());
  return absl::OkStatus();
}

}  // namespace

std::string SubmissionContentHash(const v1::Submission& submission) {
  v1::Submission copy = submission;
  copy.clear_submitted_at_micros();
  return Sha256(DeterministicBytes(copy));
}

absl::StatusOr<v1::Receipt> ApplySubmission(
    const Catalog& catalog, const RuleSet& rules, const std::string& actor,
    const v1::Submission& submission, const std::vector<NormalizedItem>& items,
    Transaction* txn) {
  const std::string store_key = SubmissionStoreKey(submission);
  const std::string content_hash = SubmissionContentHash(submission);
  std::string stored_bytes;
  absl::Status found = txn->Get(Column::kSubmissions, store_key, &stored_bytes);
  if (found.ok()) {
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
    return receipt;
  }
  if (!absl::IsNotFound(found)) return found;

  v1::ChangeEvent accepted;
  accepted.set_actor(actor);
  accepted.set_kind(v1::EVENT_KIND_SUBMISSION_ACCEPTED);
  auto* summary = accepted.mutable_submission();
  summary->set_submission_id(submission.submission_id());
  summary->set_department(submission.department());
  summary->set_source_system(submission.source_system());
  summary->set_adapter(submission.adapter());
  summary->set_item_count(submission.items_size());
  summary->set_content_hash(content_hash);
  *accepted.mutable_submission_body() = submission;  // input for a rebuild
  const uint64_t seq = txn->AppendEvent(std::move(accepted));

  v1::Receipt receipt;
  receipt.set_submission_id(submission.submission_id());
  receipt.set_department(submission.department());
  receipt.set_sequence(seq);
  receipt.set_accepted_at_micros(txn->time_micros());
  for (size_t i = 0; i < items.size(); ++i) {
    HUB_ASSIGN_OR_RETURN(std::optional<v1::MergedRecord> before,
                         LoadRecord(*txn, items[i].key));
    v1::MergedRecord record;
    if (before.has_value()) {
      record = *before;
    } else {
      *record.mutable_key() = items[i].key;
    }
    v1::Contribution c = items[i].contribution;
    c.set_department(submission.department());
    c.set_submission_id(submission.submission_id());
    c.set_accepted_at_micros(txn->time_micros());
    c.set_sequence(seq);
    v1::ItemOutcome* outcome = receipt.add_items();
    outcome->set_index(static_cast<int>(i));
    *outcome->mutable_key() = items[i].key;
    bool changed = Upsert(std::move(c), &record);
    if (changed) {
      HUB_RETURN_IF_ERROR(Remerge(catalog, rules, &record));
      record.set_version(record.version() + 1);
      v1::ChangeEvent event;
      event.set_actor(actor);
      event.set_kind(v1::EVENT_KIND_RECORD_CHANGED);
      event.mutable_submission()->set_submission_id(submission.submission_id());
      event.mutable_submission()->set_department(submission.department());
      *event.mutable_record_key() = record.key();
      if (before.has_value()) *event.mutable_before() = *before;
      record.set_last_sequence(txn->head().sequence + 1);
      record.set_etag(ComputeEtag(record));
      *event.mutable_after() = record;
      txn->AppendEvent(std::move(event));
      StoreRecord(before, record, txn);
    }
    outcome->set_action(!changed ? v1::ItemOutcome::ACTION_UNCHANGED
                        : before.has_value() ? v1::ItemOutcome::ACTION_UPDATED
                                             : v1::ItemOutcome::ACTION_CREATED);
    outcome->set_record_version(record.version());
    outcome->set_merged_value(record.value());
    outcome->set_state(record.state());
  }
  v1::StoredSubmission stored;
  *stored.mutable_submission() = submission;
  *stored.mutable_receipt() = receipt;
  stored.set_content_hash(content_hash);
  txn->Put(Column::kSubmissions, store_key, DeterministicBytes(stored));
  return receipt;
}

}  // namespace internal
}  // namespace hub
