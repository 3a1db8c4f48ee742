// Period is a reporting period: a month, quarter, half year, year, or a
// year-to-date span ending at a quarter.
//
// Periods travel as canonical text (protos/hub/v1/model.proto):
//
//   type                 text         index
//   PERIOD_TYPE_MONTH    "2024-07"    month 1..12
//   PERIOD_TYPE_QUARTER  "2024Q3"     quarter 1..4
//   PERIOD_TYPE_HALF     "2024H1"     half 1..2
//   PERIOD_TYPE_YEAR     "2024"       0
//   PERIOD_TYPE_YTD      "2024Q1-Q3"  last quarter 1..4 ("2024Q1-Q1" is valid)
//
// Years are 1990..2100. Only canonical text is accepted: no spaces, no
// lower-case letters, two-digit months.
//
// A Period is a plain value; a valid one is obtained from Parse() (or built
// by hand with fields in the ranges above). Methods other than Parse() and
// TypeName() REQUIRE a valid period.

#ifndef HUB_COMMON_PERIOD_H_
#define HUB_COMMON_PERIOD_H_

#include <iosfwd>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "hub/v1/model.pb.h"

namespace hub {

struct Period {
  hub::v1::PeriodType type = hub::v1::PERIOD_TYPE_UNSPECIFIED;
  int year = 0;
  int index = 0;  // See the table above.

  // Parses canonical period text. On failure returns kInvalidArgument with a
  // message that quotes the input and says what is wrong, e.g.
  //   "2024-13" is not a valid period: month must be 01..12
  // or, when the shape is not recognised, lists the accepted forms.
  static absl::StatusOr<Period> Parse(absl::string_view text);

  // Returns the canonical text; Parse(p.ToString()) == p.
  std::string ToString() const;

  // First and last calendar day covered, inclusive. The YTD period
  // "2024Q1-Q3" covers 2024-01-01..2024-09-30.
  absl::CivilDay FirstDay() const;
  absl::CivilDay LastDay() const;

  // Returns true if every day of `other` lies within this period: "2024"
  // contains "2024Q3", "2024H2" contains "2024-07", and every period
  // contains itself.
  bool Contains(const Period& other) const;

  // Returns the stable lower-case name of `type`: "month", "quarter",
  // "half", "year" or "ytd"; "unspecified" for any other value.
  static const char* TypeName(hub::v1::PeriodType type);
};

// Inverse of Period::TypeName(). kInvalidArgument for any other name
// (including "unspecified").
absl::StatusOr<hub::v1::PeriodType> ParsePeriodType(absl::string_view name);

// Structural equality: same type, year and index. "2024Q1" (quarter) and
// "2024Q1-Q1" (ytd) cover the same days but are different periods.
bool operator==(const Period& a, const Period& b);
inline bool operator!=(const Period& a, const Period& b) { return !(a == b); }

// Chronological order: by FirstDay(), then LastDay(), then type (so that
// periods covering the same days still have a strict weak order consistent
// with ==): "2024-01" < "2024Q1" < "2024Q1-Q1" < "2024H1" < "2024" <
// "2024-02".
bool operator<(const Period& a, const Period& b);

// Writes p.ToString() (for logging and test failure messages).
std::ostream& operator<<(std::ostream& os, const Period& p);

}  // namespace hub

#endif  // HUB_COMMON_PERIOD_H_
