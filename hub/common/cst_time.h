// China Standard Time (UTC+08:00) helpers for dates and instants.
//
// The hub stores transaction times as UTC instants in microseconds since the
// Unix epoch, and calendar dates (deadlines, reporting dates) as
// "YYYY-MM-DD" in China Standard Time (protos/hub/v1/model.proto).
//
// CST is a fixed UTC+8 offset: China has observed no daylight saving time
// since 1991, and the hub handles no earlier instants that matter. A fixed
// offset also means these helpers never read tzdata, which the deployment
// machines may not have.
//
// All functions are thread-safe.

#ifndef HUB_COMMON_CST_TIME_H_
#define HUB_COMMON_CST_TIME_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace hub {

// Returns the fixed UTC+08:00 time zone.
absl::TimeZone ChinaStandardTime();

// Returns the first instant of the day AFTER `day`, in CST. A deadline "by
// 2024-07-25" is met by any instant strictly before EndOfDayCst(2024-07-25),
// which is 2024-07-25T16:00:00Z.
absl::Time EndOfDayCst(absl::CivilDay day);

// Parses a calendar date written exactly as "YYYY-MM-DD" (four-digit year,
// two-digit month and day, no surrounding text). kInvalidArgument, quoting
// the input, if the text has another shape or names a day that does not
// exist ("2023-02-29").
absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text);

// Returns "YYYY-MM-DD". ParseDate(FormatDate(d)) == d for years 0..9999.
std::string FormatDate(absl::CivilDay day);

// Conversions between absl::Time and microseconds since the Unix epoch:
//   int64_t ToUnixMicros(absl::Time t);  // Rounds toward the infinite past.
//   absl::Time FromUnixMicros(int64_t micros);
// These are Abseil's own functions, re-exported. Distinct hub:: overloads
// would make every unqualified ToUnixMicros(t) call inside namespace hub
// ambiguous, because argument-dependent lookup also finds absl's.
using ::absl::FromUnixMicros;
using ::absl::ToUnixMicros;

// Formats an instant as RFC 3339 in UTC, always with six fractional digits:
// "2024-07-25T08:00:00.123456Z", "2024-07-25T08:00:00.000000Z".
std::string FormatMicrosUtc(int64_t micros);

// Formats an instant for people, in CST, truncated to the second:
// "2024-07-25 16:00:00 CST".
std::string FormatMicrosCst(int64_t micros);

// Parses an instant written either as
//   * RFC 3339 with a "Z" or numeric offset and optional fractional seconds:
//     "2024-07-25T08:00:00Z", "2024-07-25T16:00:00.5+08:00"; or
//   * a plain date "2024-07-25", which means the END of that day in CST,
//     i.e. EndOfDayCst(2024-07-25) == 2024-07-25T16:00:00Z. This reading
//     suits deadlines ("by 25 July") and "as of" queries; callers that want
//     the start of a day must say so with a full timestamp.
// Timestamps go through absl::ParseTime(absl::RFC3339_full, ...), which is a
// little more lenient than RFC 3339: it also accepts a lower-case 't'/'z',
// "+0800" and "+08" offsets, and second 60 (read as the next second).
// Digits beyond microseconds are kept in the absl::Time; ToUnixMicros()
// drops them. kInvalidArgument, quoting the input, for anything else
// (including surrounding whitespace and "infinite-future").
absl::StatusOr<absl::Time> ParseInstant(absl::string_view text);

}  // namespace hub

#endif  // HUB_COMMON_CST_TIME_H_
