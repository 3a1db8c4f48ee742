// Invalid-argument statuses that carry per-field violations.
//
// The engine reports bad input as absl::Status kInvalidArgument whose payload
// (type URL kBadRequestTypeUrl) is a serialized google.rpc.BadRequest; the
// gRPC layer copies it into grpc-status-details-bin unchanged.
#ifndef HUB_MODEL_ERRORS_H_
#define HUB_MODEL_ERRORS_H_

#include <string>
#include <utility>
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
  // A stable code for the cause, e.g. "INVALID_PERIOD" (see namespace
  // reason below); empty when the producer gave none. On the wire it is
  // google.rpc.BadRequest.FieldViolation.reason.
  std::string reason;
  // The description in Chinese (zh-CN), from the reason's message; empty
  // when there is none. On the wire: localized_message, locale "zh-CN".
  std::string localized;
};

// Named values a reason's message quotes, e.g. {{"value", "2024-13"}}.
using ViolationArgs = std::vector<std::pair<std::string, std::string>>;

// Returns a violation of field with the English description as given, the
// reason code, and the Chinese message of reason (errors.cc holds every
// reason's message, with "{name}" replaced by args). A reason without a
// Chinese message gets none, and clients show the description.
FieldViolation MakeViolation(std::string field, std::string description,
                             absl::string_view reason,
                             const ViolationArgs& args = {});

// The Chinese message of reason with args filled in; empty for a reason
// without one.
std::string ReasonMessageZh(absl::string_view reason,
                            const ViolationArgs& args);

// Reason codes of field violations. Stable: clients may key on them.
namespace reason {
inline constexpr char kRequired[] = "REQUIRED";
inline constexpr char kInvalidId[] = "INVALID_ID";
inline constexpr char kUnknownDepartment[] = "UNKNOWN_DEPARTMENT";
inline constexpr char kUnknownRegion[] = "UNKNOWN_REGION";
inline constexpr char kUnknownIndicator[] = "UNKNOWN_INDICATOR";
inline constexpr char kUnknownTask[] = "UNKNOWN_TASK";
inline constexpr char kUnknownSubject[] = "UNKNOWN_INDICATOR_OR_TASK";
inline constexpr char kTooManyItems[] = "TOO_MANY_ITEMS";
inline constexpr char kInvalidPeriod[] = "INVALID_PERIOD";
inline constexpr char kNonCanonicalPeriod[] = "NON_CANONICAL_PERIOD";
inline constexpr char kWrongPeriodType[] = "WRONG_PERIOD_TYPE";
inline constexpr char kDuplicateItem[] = "DUPLICATE_ITEM";
inline constexpr char kItemKindRequired[] = "ITEM_KIND_REQUIRED";
inline constexpr char kInvalidNumber[] = "INVALID_NUMBER";
inline constexpr char kNumberOutOfRange[] = "NUMBER_OUT_OF_RANGE";
inline constexpr char kNegative[] = "NEGATIVE";
inline constexpr char kNotPositive[] = "NOT_POSITIVE";
inline constexpr char kBelowMinimum[] = "BELOW_MINIMUM";
inline constexpr char kAboveMaximum[] = "ABOVE_MAXIMUM";
inline constexpr char kFinerThanFen[] = "FINER_THAN_FEN";
inline constexpr char kNotWholeNumber[] = "NOT_WHOLE_NUMBER";
inline constexpr char kPeriodNotBegun[] = "PERIOD_NOT_BEGUN";
inline constexpr char kNegativeTolerance[] = "NEGATIVE_TOLERANCE";
inline constexpr char kRuleNeedsRatio[] = "RULE_NEEDS_RATIO";
inline constexpr char kNotReporter[] = "NOT_REPORTER";
inline constexpr char kUnitRequired[] = "UNIT_REQUIRED";
inline constexpr char kUnitMismatch[] = "UNIT_MISMATCH";
inline constexpr char kTooLong[] = "TOO_LONG";
inline constexpr char kValueDisagrees[] = "VALUE_DISAGREES_WITH_RATIO";
inline constexpr char kNotARatio[] = "NOT_A_RATIO";
inline constexpr char kOutsideTaskRegion[] = "OUTSIDE_TASK_REGION";
inline constexpr char kNotTaskDepartment[] = "NOT_TASK_DEPARTMENT";
inline constexpr char kStatusRequired[] = "STATUS_REQUIRED";
inline constexpr char kRuleNumeratorAbove[] =
    "RULE_NUMERATOR_ABOVE_DENOMINATOR";
inline constexpr char kRuleAboveIndicator[] = "RULE_ABOVE_INDICATOR";
inline constexpr char kRuleBelowIndicator[] = "RULE_BELOW_INDICATOR";
inline constexpr char kNotConflictKind[] = "NOT_AN_INDICATOR_RECORD";
inline constexpr char kExactlyOne[] = "EXACTLY_ONE_OF";
inline constexpr char kNoContribution[] = "NO_CONTRIBUTION";
inline constexpr char kPastLogHead[] = "PAST_LOG_HEAD";
inline constexpr char kRangeReversed[] = "RANGE_REVERSED";
inline constexpr char kUnknownRule[] = "UNKNOWN_RULE";
inline constexpr char kPageSizeOutOfRange[] = "PAGE_SIZE_OUT_OF_RANGE";
inline constexpr char kInvalidPageToken[] = "INVALID_PAGE_TOKEN";
inline constexpr char kBatchSizeOutOfRange[] = "BATCH_SIZE_OUT_OF_RANGE";
inline constexpr char kInvalidUtf8[] = "INVALID_UTF8";
inline constexpr char kControlCharacter[] = "CONTROL_CHARACTER";
inline constexpr char kTooManyEntries[] = "TOO_MANY_ENTRIES";
inline constexpr char kNotACode[] = "NOT_A_CODE";
}  // namespace reason

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
