// The change event a submission leaves in the log, accepted or refused.
#ifndef HUB_ENGINE_INTERNAL_SUBMISSION_EVENT_H_
#define HUB_ENGINE_INTERNAL_SUBMISSION_EVENT_H_

#include <string>

#include "hub/crypto/log_crypto.h"
#include "hub/log/change_log.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace internal {

// A submission serialized once (DeterministicBytes()), for its content
// hash, its event and its stored receipt.
struct EncodedSubmission {
  explicit EncodedSubmission(const LogCrypto& crypto,
                             const v1::Submission& submission);
  const v1::Submission& submission;
  std::string bytes;
  // The log suite's hash of the content, ignoring the client clock
  // (submitted_at_micros).
  std::string content_hash;
};

// A SUBMISSION_ACCEPTED or SUBMISSION_REJECTED event (kind) of submission
// by actor: its summary (id, department, source system, adapter, item
// count, content_hash). Not yet sealed; the whole submission, the input a
// rebuild re-executes, is appended with it as BodyField().
v1::ChangeEvent SubmissionEvent(v1::EventKind kind, const std::string& actor,
                                const EncodedSubmission& submission);
// The event's submission_body, as the submission's bytes.
EncodedField BodyField(const EncodedSubmission& submission);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_SUBMISSION_EVENT_H_
