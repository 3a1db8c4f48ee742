// Refused submissions in the change log: who tried what, and why.
#ifndef HUB_ENGINE_INTERNAL_REJECTION_H_
#define HUB_ENGINE_INTERNAL_REJECTION_H_

#include <string>

#include "absl/status/status.h"
#include "hub/engine/internal/transaction.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace internal {

// True for the refusals that are logged: bad input (InvalidArgument), a
// principal acting beyond its rights (PermissionDenied), a reused
// submission id (AlreadyExists) and a missing rule (FailedPrecondition).
// Store failures (Unavailable and the like) are not refusals.
bool IsLoggedRejection(const absl::Status& status);

// Appends a SUBMISSION_REJECTED event for submission, sent by actor and
// refused with status; the event carries the whole submission and the
// field violations. Returns its sequence.
uint64_t AppendRejection(const std::string& actor,
                         const v1::Submission& submission,
                         const absl::Status& status, Transaction* txn);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_REJECTION_H_
