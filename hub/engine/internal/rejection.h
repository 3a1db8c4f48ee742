// Refusals in the change log: who tried what, and why, as a bounded record.
//
// Whatever was sent, a refusal adds at most a few kilobytes to the log: the
// message and each field violation are cut to a few hundred bytes, the
// violations to limits.fields, and the body (the submission, or the refused
// request) is kept only when its bytes are within limits.body_bytes; its
// size and SHA-256 are always kept.
#ifndef HUB_ENGINE_INTERNAL_REJECTION_H_
#define HUB_ENGINE_INTERNAL_REJECTION_H_

#include <string>

#include "absl/status/status.h"
#include "hub/engine/hub.h"
#include "hub/engine/internal/transaction.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace internal {

// True for the refusals that are logged: bad input (InvalidArgument), a
// principal acting beyond its rights (PermissionDenied), a reused
// submission id (AlreadyExists) and a missing rule (FailedPrecondition).
// Store failures (Unavailable and the like) are not refusals.
bool IsLoggedRejection(const absl::Status& status);

// The Rejection for status over content (the refused bytes), bounded; the
// content hash is the log crypto's.
v1::Rejection BoundedRejection(const absl::Status& status,
                               absl::string_view content,
                               const RefusalLimits& limits,
                               const LogCrypto& crypto);

// Appends a SUBMISSION_REJECTED event for submission, sent by actor and
// refused with status: its summary (strings cut to 128 bytes), the bounded
// rejection and, within limits.body_bytes, the submission. Returns its
// sequence.
uint64_t AppendRejection(const std::string& actor,
                         const v1::Submission& submission,
                         const absl::Status& status,
                         const RefusalLimits& limits, Transaction* txn);

// A CALL_REFUSED event: actor called method with request (its bytes) and
// was refused with status. Not yet sealed.
v1::ChangeEvent CallRefusalEvent(const std::string& actor,
                                 absl::string_view method,
                                 const absl::Status& status,
                                 absl::string_view request,
                                 const RefusalLimits& limits,
                                 const LogCrypto& crypto);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_REJECTION_H_
