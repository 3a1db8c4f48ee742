#include "hub/engine/internal/rejection.h"

#include "hub/engine/internal/apply.h"
#include "hub/engine/internal/submission_event.h"
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
  const EncodedSubmission encoded(txn->crypto(), submission);
  v1::ChangeEvent event =
      SubmissionEvent(v1::EVENT_KIND_SUBMISSION_REJECTED, actor, encoded);
  v1::Rejection* rejection = event.mutable_rejection();
  rejection->set_code(absl::StatusCodeToString(status.code()));
  rejection->set_message(std::string(status.message()));
  for (const FieldViolation& v : GetFieldViolations(status)) {
    v1::RejectedField* f = rejection->add_fields();
    f->set_field(v.field);
    f->set_description(v.description);
  }
  return txn->AppendEvent(std::move(event), {BodyField(encoded)});
}

}  // namespace internal
}  // namespace hub
