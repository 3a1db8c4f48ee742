#include "hub/common/cst_time.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace hub {
namespace {

constexpr int kCstOffsetSeconds = 8 * 60 * 60;

absl::Status InvalidDate(absl::string_view text, absl::string_view reason) {
  return absl::InvalidArgumentError(
      absl::StrCat("\"", absl::Utf8SafeCHexEscape(text),
                   "\" is not a valid date: ", reason));
}

absl::Status InvalidInstant(absl::string_view text, absl::string_view reason) {
  return absl::InvalidArgumentError(
      absl::StrCat("\"", absl::Utf8SafeCHexEscape(text),
                   "\" is not a valid instant: ", reason));
}

// Returns the value of text[pos, pos + len) if it is all ASCII digits,
// otherwise -1.
int DigitsAt(absl::string_view text, size_t pos, size_t len) {
  int value = 0;
  for (char c : text.substr(pos, len)) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

bool HasWhitespace(absl::string_view text) {
  for (char c : text) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) return true;
  }
  return false;
}

}  // namespace

absl::TimeZone ChinaStandardTime() {
  return absl::FixedTimeZone(kCstOffsetSeconds);
}

absl::Time EndOfDayCst(absl::CivilDay day) {
  return absl::FromCivil(day + 1, ChinaStandardTime());
}

absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return InvalidDate(text, "expected YYYY-MM-DD");
  }
  const int year = DigitsAt(text, 0, 4);
  const int month = DigitsAt(text, 5, 2);
  const int day = DigitsAt(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) {
    return InvalidDate(text, "expected YYYY-MM-DD");
  }
  if (month < 1 || month > 12) {
    return InvalidDate(text, "month must be 01..12");
  }
  const absl::CivilMonth civil_month(year, month);
  const int days_in_month = (absl::CivilDay(civil_month + 1) - 1).day();
  if (day < 1 || day > days_in_month) {
    return InvalidDate(text,
                       absl::StrFormat("day must be 01..%02d in %04d-%02d",
                                       days_in_month, year, month));
  }
  return absl::CivilDay(year, month, day);
}

std::string FormatDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

std::string FormatMicrosUtc(int64_t micros) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", FromUnixMicros(micros),
                          absl::UTCTimeZone());
}

std::string FormatMicrosCst(int64_t micros) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S CST", FromUnixMicros(micros),
                          ChinaStandardTime());
}

absl::StatusOr<absl::Time> ParseInstant(absl::string_view text) {
  constexpr absl::string_view kExpected =
      "expected RFC 3339 (e.g. 2024-07-25T08:00:00Z) or a date (2024-07-25)";
  if (text.size() < 10 || HasWhitespace(text)) {
    return InvalidInstant(text, kExpected);
  }
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {  // A date.
    absl::StatusOr<absl::CivilDay> day = ParseDate(text);
    if (!day.ok()) return day.status();
    return EndOfDayCst(*day);
  }
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, &t, &error)) {
    return InvalidInstant(text, absl::StrCat(kExpected, " (", error, ")"));
  }
  if (t == absl::InfiniteFuture() || t == absl::InfinitePast()) {
    return InvalidInstant(text, kExpected);
  }
  return t;
}

}  // namespace hub
