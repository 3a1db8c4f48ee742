#include "hub/audit/internal/rebuild.h"

#include <atomic>

#include "absl/strings/str_cat.h"
#include "hub/audit/internal/log_reader.h"
#include "hub/common/cst_time.h"
#include "hub/common/status_macros.h"
#include "hub/log/change_log.h"

namespace hub {
namespace internal {
namespace {

absl::Status Diverged(const v1::ChangeEvent& event, absl::string_view what) {
  return absl::FailedPreconditionError(
      absl::StrCat("rebuild diverged at event ", event.sequence(), ": ", what));
}

absl::Status Resubmit(const v1::ChangeEvent& event, Hub* rebuilt) {
  if (!event.has_submission_body()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "event ", event.sequence(),
        " carries no submission body (logged before rebuild support)"));
  }
  HUB_ASSIGN_OR_RETURN(Principal principal, Principal::Parse(event.actor()));
  absl::StatusOr<v1::Receipt> receipt =
      rebuilt->Submit(principal, event.submission_body(), /*dry_run=*/false);
  bool accepted = event.kind() == v1::EVENT_KIND_SUBMISSION_ACCEPTED;
  if (accepted && !receipt.ok()) {
    return Diverged(event, absl::StrCat("the submission was refused: ",
                                        receipt.status().message()));
  }
  if (accepted && receipt->sequence() != event.sequence()) {
    return Diverged(event,
                    absl::StrCat("accepted at sequence ", receipt->sequence()));
  }
  if (!accepted && receipt.ok()) {
    return Diverged(event, "a refused submission was accepted");
  }
  return absl::OkStatus();
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

}  // namespace

const std::map<v1::EventKind, InputHandler>& InputHandlers() {
  static const auto* handlers = new std::map<v1::EventKind, InputHandler>{
      {v1::EVENT_KIND_SUBMISSION_ACCEPTED, Resubmit},
      {v1::EVENT_KIND_SUBMISSION_REJECTED, Resubmit},
      {v1::EVENT_KIND_CATALOG_CHANGED, UpdateCatalog},
      {v1::EVENT_KIND_RECORD_CHANGED, nullptr},
  };
  return *handlers;
}

}  // namespace internal
}  // namespace hub
