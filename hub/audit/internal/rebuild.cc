#include "hub/audit/internal/rebuild.h"

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"

namespace hub {
namespace internal {
namespace {

absl::Status Diverged(const v1::ChangeEvent& event, absl::string_view what) {
  return absl::FailedPreconditionError(
      absl::StrCat("rebuild diverged at event ", event.sequence(), ": ", what));
}

absl::Status NoBody(const v1::ChangeEvent& event) {
  return absl::FailedPreconditionError(absl::StrCat(
      "event ", event.sequence(),
      " carries no submission body (logged before rebuild support)"));
}

// A refusal changes no record: it is logged again as it was (its bounded
// record may hold no body, and the caps may have changed since). A refused
// submission whose body the log kept is first tried again, as a dry run,
// to show it is still refused.
absl::Status Relog(const v1::ChangeEvent& event, Hub* rebuilt) {
  if (event.kind() == v1::EVENT_KIND_SUBMISSION_REJECTED &&
      event.has_submission_body()) {
    HUB_ASSIGN_OR_RETURN(Principal principal, Principal::Parse(event.actor()));
    if (rebuilt->Submit(principal, event.submission_body(), /*dry_run=*/true)
            .ok()) {
      return Diverged(event, "a refused submission was accepted");
    }
  }
  HUB_ASSIGN_OR_RETURN(uint64_t sequence, rebuilt->AppendRefusal(event));
  if (sequence != event.sequence()) {
    return Diverged(event, absl::StrCat("refusal logged at ", sequence));
  }
  return absl::OkStatus();
}

// The accepted submission of event had outcome receipt on the rebuilt hub.
absl::Status CheckResubmitted(const v1::ChangeEvent& event,
                              const absl::StatusOr<v1::Receipt>& receipt) {
  if (!receipt.ok()) {
    return Diverged(event, absl::StrCat("the submission was refused: ",
                                        receipt.status().message()));
  }
  if (receipt->sequence() != event.sequence()) {
    return Diverged(event,
                    absl::StrCat("accepted at sequence ", receipt->sequence()));
  }
  return absl::OkStatus();
}

absl::Status Resubmit(const v1::ChangeEvent& event, Hub* rebuilt) {
  if (!event.has_submission_body()) return NoBody(event);
  HUB_ASSIGN_OR_RETURN(Principal principal, Principal::Parse(event.actor()));
  return CheckResubmitted(
      event,
      rebuilt->Submit(principal, event.submission_body(), /*dry_run=*/false));
}

absl::Status UpdateCatalog(const v1::ChangeEvent& event, Hub* rebuilt) {
  if (!event.has_catalog_update()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "event ", event.sequence(),
        " carries no catalog update (logged before rebuild support)"));
  }
  HUB_ASSIGN_OR_RETURN(Principal principal, Principal::Parse(event.actor()));
  HUB_ASSIGN_OR_RETURN(
      CatalogUpdateResult result,
      rebuilt->UpdateCatalog(principal, event.catalog_update()));
  if (result.sequence != event.sequence()) {
    return Diverged(
        event, absl::StrCat("catalog change got sequence ", result.sequence));
  }
  return absl::OkStatus();
}

// The re-executed action must have logged its event at the same sequence.
absl::Status CheckSequence(const v1::ChangeEvent& event, const Hub& rebuilt) {
  if (rebuilt.head().sequence < event.sequence()) {
    return Diverged(event, absl::StrCat("the action logged nothing past ",
                                        rebuilt.head().sequence));
  }
  return absl::OkStatus();
}

// CONFLICT_RESOLVED: the reform office's resolution, re-executed against the
// rebuilt record's own etag (the live etag was checked when it happened).
absl::Status Resolve(const v1::ChangeEvent& event, Hub* rebuilt) {
  const v1::Resolution& resolution = event.after().resolution();
  HUB_ASSIGN_OR_RETURN(Principal principal, Principal::Parse(event.actor()));
  HUB_ASSIGN_OR_RETURN(v1::MergedRecord current,
                       rebuilt->GetRecord(principal, event.record_key()));
  ResolveRequest request;
  request.key = event.record_key();
  request.etag = current.etag();
  request.reason = resolution.reason();
  if (!resolution.chosen_department().empty()) {
    request.chosen_department = resolution.chosen_department();
  } else {
    request.value = resolution.value();
  }
  absl::StatusOr<v1::MergedRecord> after = rebuilt->Resolve(principal, request);
  if (!after.ok()) {
    return Diverged(event, absl::StrCat("the resolution was refused: ",
                                        after.status().message()));
  }
  return CheckSequence(event, *rebuilt);
}

// PERIOD_APPROVED, PERIOD_LOCKED, PERIOD_UNLOCKED.
absl::Status ChangePeriod(const v1::ChangeEvent& event, Hub* rebuilt) {
  HUB_ASSIGN_OR_RETURN(Principal principal, Principal::Parse(event.actor()));
  const std::string& region = event.lock().region_code();
  const std::string& period = event.lock().period();
  absl::StatusOr<v1::PeriodLock> lock;
  switch (event.kind()) {
    case v1::EVENT_KIND_PERIOD_APPROVED:
      lock = rebuilt->ApprovePeriod(principal, region, period, event.reason());
      break;
    case v1::EVENT_KIND_PERIOD_LOCKED:
      lock = rebuilt->LockPeriod(principal, region, period, event.reason());
      break;
    default:
      lock = rebuilt->UnlockPeriod(principal, region, period, event.reason());
      break;
  }
  if (!lock.ok()) {
    return Diverged(event, absl::StrCat("the period change was refused: ",
                                        lock.status().message()));
  }
  return CheckSequence(event, *rebuilt);
}

}  // namespace

absl::Status ResubmitRun::Add(v1::ChangeEvent event) {
  if (!event.has_submission_body()) return NoBody(event);
  HUB_ASSIGN_OR_RETURN(Principal principal, Principal::Parse(event.actor()));
  events_.push_back(std::move(event));
  outcomes_.emplace_back(absl::UnknownError("not committed"));
  absl::StatusOr<v1::Receipt>* outcome = &outcomes_.back();
  {
    absl::MutexLock lock(&mu_);
    ++left_;
  }
  rebuilt_->SubmitAsync(principal, events_.back().submission_body(),
                        /*dry_run=*/false,
                        [this, outcome](absl::StatusOr<v1::Receipt> r) {
                          absl::MutexLock lock(&mu_);
                          *outcome = std::move(r);
                          --left_;
                        });
  return absl::OkStatus();
}

absl::Status ResubmitRun::Finish() {
  {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](size_t* n) { return *n == 0; }, &left_));
  }
  absl::Status first;
  for (size_t i = 0; i < events_.size() && first.ok(); ++i) {
    first = CheckResubmitted(events_[i], outcomes_[i]);
  }
  events_.clear();
  outcomes_.clear();
  return first;
}

const std::map<v1::EventKind, InputHandler>& InputHandlers() {
  static const auto* handlers = new std::map<v1::EventKind, InputHandler>{
      {v1::EVENT_KIND_SUBMISSION_ACCEPTED, Resubmit},
      {v1::EVENT_KIND_SUBMISSION_REJECTED, Relog},
      {v1::EVENT_KIND_CALL_REFUSED, Relog},
      {v1::EVENT_KIND_CATALOG_CHANGED, UpdateCatalog},
      {v1::EVENT_KIND_CONFLICT_RESOLVED, Resolve},
      {v1::EVENT_KIND_PERIOD_APPROVED, ChangePeriod},
      {v1::EVENT_KIND_PERIOD_LOCKED, ChangePeriod},
      {v1::EVENT_KIND_PERIOD_UNLOCKED, ChangePeriod},
      // Derived: re-executing the inputs above logs them again.
      {v1::EVENT_KIND_RECORD_CHANGED, nullptr},
      {v1::EVENT_KIND_CONFLICT_OPENED, nullptr},
      {v1::EVENT_KIND_CONTRIBUTION_WITHDRAWN, nullptr},  // replace scope
      {v1::EVENT_KIND_RECORD_REMERGED, nullptr},         // catalog change
  };
  return *handlers;
}

}  // namespace internal
}  // namespace hub
