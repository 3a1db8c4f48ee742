#include "hub/engine/internal/submission_event.h"

namespace hub {
namespace internal {

v1::ChangeEvent SubmissionEvent(v1::EventKind kind, const std::string& actor,
                                const v1::Submission& submission,
                                const std::string& content_hash) {
  v1::ChangeEvent event;
  event.set_actor(actor);
  event.set_kind(kind);
  v1::SubmissionSummary* summary = event.mutable_submission();
  summary->set_submission_id(submission.submission_id());
  summary->set_department(submission.department());
  summary->set_source_system(submission.source_system());
  summary->set_adapter(submission.adapter());
  summary->set_item_count(submission.items_size());
  summary->set_content_hash(content_hash);
  *event.mutable_submission_body() = submission;  // input for a rebuild
  return event;
}

}  // namespace internal
}  // namespace hub
