// Invalid-argument statuses that carry per-field violations.
//
// The engine reports bad input as absl::Status kInvalidArgument whose payload
// (type URL kBadRequestTypeUrl) is a serialized google.rpc.BadRequest; the
// gRPC layer copies it into grpc-status-details-bin unchanged.
#ifndef HUB_MODEL_ERRORS_H_
#define HUB_MODEL_ERRORS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"

namespace hub {

inline constexpr char kBadRequestTypeUrl[] =
    "type.googleapis.com/google.rpc.BadRequest";
inline constexpr char kRetryInfoTypeUrl[] =
    "type.googleapis.com/google.rpc.RetryInfo";

struct FieldViolation {
  std::string field;        // e.g. "items[2].indicator_value.period"
  std::string description;  // e.g. "\"2024-13\" is not a valid period: ..."
};

// Returns kInvalidArgument whose message is summary followed by the first
// violations ("field: description; ..."), for logs and tests, with a
// BadRequest payload holding them all and the summary kept apart
// (ShortMessage()).
// REQUIRES: !violations.empty().
absl::Status InvalidArgumentWithViolations(
    absl::string_view summary, const std::vector<FieldViolation>& violations);

// The violations carried by status; empty when it carries none.
std::vector<FieldViolation> GetFieldViolations(const absl::Status& status);

// kResourceExhausted saying message, with a google.rpc.RetryInfo payload:
// try again after delay.
absl::Status RetryLater(absl::string_view message, absl::Duration delay);
// The delay of a RetryLater() status; nullopt when it carries none.
absl::optional<absl::Duration> GetRetryDelay(const absl::Status& status);

// What the wire carries as the message: the summary alone when status
// carries violations (they travel once, in the BadRequest detail),
// otherwise the message; at most kMaxWireMessage bytes.
inline constexpr size_t kMaxWireMessage = 1024;
std::string ShortMessage(const absl::Status& status);

}  // namespace hub

#endif  // HUB_MODEL_ERRORS_H_
