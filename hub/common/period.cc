#include "hub/common/period.h"

#include <ostream>
#include <string>
#include <tuple>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace hub {
namespace {

using ::hub::v1::PeriodType;

constexpr int kMinYear = 1990;
constexpr int kMaxYear = 2100;

absl::Status InvalidPeriod(absl::string_view text, absl::string_view reason) {
  return absl::InvalidArgumentError(absl::StrCat(
      "\"", absl::Utf8SafeCHexEscape(text.substr(0, 40)),
      text.size() > 40 ? "..." : "", "\" is not a valid period: ", reason));
}

absl::Status UnrecognisedPeriod(absl::string_view text) {
  return InvalidPeriod(text,
                       "expected YYYY, YYYY-MM, YYYYQn, YYYYHn or YYYYQ1-Qn "
                       "(e.g. 2024, 2024-07, 2024Q3, 2024H1, 2024Q1-Q3)");
}

bool AllDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// REQUIRES: AllDigits(s) and s.size() <= 9.
int DigitsValue(absl::string_view s) {
  int value = 0;
  for (char c : s) value = value * 10 + (c - '0');
  return value;
}

// Recognises the part after the year and fills p->type and p->index (not yet
// range-checked). For YTD also sets *ytd_start. Returns false if the shape
// is none of the canonical forms.
bool ParseSuffix(absl::string_view rest, Period* p, int* ytd_start) {
  if (rest.empty()) {
    p->type = v1::PERIOD_TYPE_YEAR;
    p->index = 0;
    return true;
  }
  const char kind = rest[0];
  absl::string_view digits = rest.substr(1);
  if (kind == '-' && AllDigits(digits) && digits.size() <= 9) {
    p->type = v1::PERIOD_TYPE_MONTH;
    p->index = digits.size() == 2 ? DigitsValue(digits) : 0;
    return true;
  }
  if ((kind == 'Q' || kind == 'H') && digits.size() == 1 && AllDigits(digits)) {
    p->type = kind == 'Q' ? v1::PERIOD_TYPE_QUARTER : v1::PERIOD_TYPE_HALF;
    p->index = DigitsValue(digits);
    return true;
  }
  if (kind == 'Q' && digits.size() == 4 && AllDigits(digits.substr(0, 1)) &&
      digits.substr(1, 2) == "-Q" && AllDigits(digits.substr(3))) {
    p->type = v1::PERIOD_TYPE_YTD;
    *ytd_start = DigitsValue(digits.substr(0, 1));
    p->index = DigitsValue(digits.substr(3));
    return true;
  }
  return false;
}

// Returns why p.index is out of range for p.type, or "" if it is not.
absl::string_view IndexError(const Period& p) {
  switch (p.type) {
    case v1::PERIOD_TYPE_MONTH:
      return p.index >= 1 && p.index <= 12
                 ? ""
                 : "month must be 01..12, two digits (e.g. 2024-07)";
    case v1::PERIOD_TYPE_QUARTER:
    case v1::PERIOD_TYPE_YTD:
      return p.index >= 1 && p.index <= 4 ? "" : "quarter must be 1..4";
    case v1::PERIOD_TYPE_HALF:
      return p.index >= 1 && p.index <= 2 ? "" : "half must be 1..2";
    default:
      return "";
  }
}

// First and last month (1..12) of a valid period.
int FirstMonth(const Period& p) {
  switch (p.type) {
    case v1::PERIOD_TYPE_MONTH:
      return p.index;
    case v1::PERIOD_TYPE_QUARTER:
      return 3 * p.index - 2;
    case v1::PERIOD_TYPE_HALF:
      return 6 * p.index - 5;
    default:  // YEAR, YTD
      return 1;
  }
}

int LastMonth(const Period& p) {
  switch (p.type) {
    case v1::PERIOD_TYPE_MONTH:
      return p.index;
    case v1::PERIOD_TYPE_QUARTER:
    case v1::PERIOD_TYPE_YTD:
      return 3 * p.index;
    case v1::PERIOD_TYPE_HALF:
      return 6 * p.index;
    default:  // YEAR
      return 12;
  }
}

}  // namespace

absl::StatusOr<Period> Period::Parse(absl::string_view text) {
  if (text.size() < 4 || !AllDigits(text.substr(0, 4))) {
    return UnrecognisedPeriod(text);
  }
  Period p;
  int ytd_start = 1;
  if (!ParseSuffix(text.substr(4), &p, &ytd_start)) {
    return UnrecognisedPeriod(text);
  }
  p.year = DigitsValue(text.substr(0, 4));
  if (p.year < kMinYear || p.year > kMaxYear) {
    return InvalidPeriod(
        text, absl::StrCat("year must be ", kMinYear, "..", kMaxYear));
  }
  if (ytd_start != 1) {
    return InvalidPeriod(text, "year to date must start at Q1");
  }
  absl::string_view index_error = IndexError(p);
  if (!index_error.empty()) return InvalidPeriod(text, index_error);
  return p;
}

std::string Period::ToString() const {
  switch (type) {
    case v1::PERIOD_TYPE_MONTH:
      return absl::StrFormat("%04d-%02d", year, index);
    case v1::PERIOD_TYPE_QUARTER:
      return absl::StrFormat("%04dQ%d", year, index);
    case v1::PERIOD_TYPE_HALF:
      return absl::StrFormat("%04dH%d", year, index);
    case v1::PERIOD_TYPE_YEAR:
      return absl::StrFormat("%04d", year);
    case v1::PERIOD_TYPE_YTD:
      return absl::StrFormat("%04dQ1-Q%d", year, index);
    default:
      return absl::StrFormat("<invalid period type=%d year=%d index=%d>",
                             static_cast<int>(type), year, index);
  }
}

absl::CivilDay Period::FirstDay() const {
  return absl::CivilDay(year, FirstMonth(*this), 1);
}

absl::CivilDay Period::LastDay() const {
  return absl::CivilDay(absl::CivilMonth(year, LastMonth(*this)) + 1) - 1;
}

bool Period::Contains(const Period& other) const {
  return FirstDay() <= other.FirstDay() && other.LastDay() <= LastDay();
}

const char* Period::TypeName(PeriodType type) {
  switch (type) {
    case v1::PERIOD_TYPE_MONTH:
      return "month";
    case v1::PERIOD_TYPE_QUARTER:
      return "quarter";
    case v1::PERIOD_TYPE_HALF:
      return "half";
    case v1::PERIOD_TYPE_YEAR:
      return "year";
    case v1::PERIOD_TYPE_YTD:
      return "ytd";
    default:
      return "unspecified";
  }
}

absl::StatusOr<PeriodType> ParsePeriodType(absl::string_view name) {
  for (PeriodType type :
       {v1::PERIOD_TYPE_MONTH, v1::PERIOD_TYPE_QUARTER, v1::PERIOD_TYPE_HALF,
        v1::PERIOD_TYPE_YEAR, v1::PERIOD_TYPE_YTD}) {
    if (name == Period::TypeName(type)) return type;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("\"", absl::Utf8SafeCHexEscape(name),
                   "\" is not a period type; expected month, quarter, half, "
                   "year or ytd"));
}

bool operator==(const Period& a, const Period& b) {
  return a.type == b.type && a.year == b.year && a.index == b.index;
}

bool operator<(const Period& a, const Period& b) {
  const absl::CivilDay a_first = a.FirstDay();
  const absl::CivilDay b_first = b.FirstDay();
  if (a_first != b_first) return a_first < b_first;
  const absl::CivilDay a_last = a.LastDay();
  const absl::CivilDay b_last = b.LastDay();
  if (a_last != b_last) return a_last < b_last;
  return std::tie(a.type, a.year, a.index) < std::tie(b.type, b.year, b.index);
}

std::ostream& operator<<(std::ostream& os, const Period& p) {
  return os << p.ToString();
}

}  // namespace hub
