#include "hub/engine/internal/submission_event.h"

#include "hub/model/model.h"
#include "hub/model/wire.h"

namespace hub {
namespace internal {

EncodedSubmission::EncodedSubmission(const LogCrypto& crypto,
                                     const v1::Submission& s)
    : submission(s), bytes(DeterministicBytes(s)) {
  // Our own serialization is well-formed: WithoutField cannot fail.
  content_hash = crypto.Hash(
      WithoutField(bytes, v1::Submission::kSubmittedAtMicrosFieldNumber)
          .value());
}

EncodedField BodyField(const EncodedSubmission& submission) {
  return EncodedField{v1::ChangeEvent::kSubmissionBodyFieldNumber,
                      submission.bytes};
}

v1::ChangeEvent SubmissionEvent(v1::EventKind kind, const std::string& actor,
                                const EncodedSubmission& encoded) {
  const v1::Submission& submission = encoded.submission;
  v1::ChangeEvent event;
  event.set_actor(actor);
  event.set_kind(kind);
  v1::SubmissionSummary* summary = event.mutable_submission();
  summary->set_submission_id(submission.submission_id());
  summary->set_department(submission.department());
  summary->set_source_system(submission.source_system());
  summary->set_adapter(submission.adapter());
  summary->set_item_count(submission.items_size());
  summary->set_content_hash(encoded.content_hash);
  return event;
}

}  // namespace internal
}  // namespace hub
