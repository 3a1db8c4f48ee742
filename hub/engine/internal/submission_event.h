// The change event a submission leaves in the log, accepted or refused.
#ifndef HUB_ENGINE_INTERNAL_SUBMISSION_EVENT_H_
#define HUB_ENGINE_INTERNAL_SUBMISSION_EVENT_H_

#include <string>

#include "hub/v1/model.pb.h"

namespace hub {
namespace internal {

// A SUBMISSION_ACCEPTED or SUBMISSION_REJECTED event (kind) of submission
// by actor: its summary (id, department, source system, adapter, item
// count, content_hash) and the whole submission, the input a rebuild
// re-executes. Not yet sealed.
v1::ChangeEvent SubmissionEvent(v1::EventKind kind, const std::string& actor,
                                const v1::Submission& submission,
                                const std::string& content_hash);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_SUBMISSION_EVENT_H_
