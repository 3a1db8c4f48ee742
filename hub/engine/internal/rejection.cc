#include "hub/engine/internal/rejection.h"

#include "hub/engine/internal/apply.h"
#include "hub/model/errors.h"

namespace hub {
namespace internal {

bool IsLoggedRejection(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
      return true;
    default:
      return false;
  }
}

uint64_t AppendRejection(const std::string& actor,
                         const v1::Submission& submission,
                         const absl::Status& status, Transaction* txn) {
  v1::ChangeEvent event;
  event.set_actor(actor);
  event.set_kind(v1::EVENT_KIND_SUBMISSION_REJECTED);
  v1::SubmissionSummary* summary = event.mutable_submission();
  summary->set_submission_id(submission.submission_id());
  summary->set_department(submission.department());
  summary->set_source_system(submission.source_system());
  summary->set_adapter(submission.adapter());
  summary->set_item_count(submission.items_size());
  summary->set_content_hash(SubmissionContentHash(txn->crypto(), submission));
  *event.mutable_submission_body() = submission;
  v1::Rejection* rejection = event.mutable_rejection();
  rejection->set_code(absl::StatusCodeToString(status.code()));
  rejection->set_message(std::string(status.message()));
  for (const FieldViolation& v : GetFieldViolations(status)) {
    v1::RejectedField* f = rejection->add_fields();
    f->set_field(v.field);
    f->set_description(v.description);
  }
  return txn->AppendEvent(std::move(event));
}

}  // namespace internal
}  // namespace hub
