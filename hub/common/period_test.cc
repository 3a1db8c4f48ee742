#include "hub/common/period.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"

namespace hub {
namespace {

using ::hub::testing::IsOkAndHolds;
using ::hub::testing::StatusIs;
using ::hub::v1::PeriodType;
using ::testing::HasSubstr;

absl::CivilDay Day(int y, int m, int d) { return absl::CivilDay(y, m, d); }

Period P(absl::string_view text) {
  absl::StatusOr<Period> p = Period::Parse(text);
  if (!p.ok()) {
    ADD_FAILURE() << p.status();
    return Period();
  }
  return *p;
}

TEST(PeriodParseTest, AllFormsRoundTrip) {
  struct Case {
    const char* text;
    PeriodType type;
    int year;
    int index;
    absl::CivilDay first;
    absl::CivilDay last;
  } cases[] = {
      {"2024-07", v1::PERIOD_TYPE_MONTH, 2024, 7, Day(2024, 7, 1),
       Day(2024, 7, 31)},
      {"2024-02", v1::PERIOD_TYPE_MONTH, 2024, 2, Day(2024, 2, 1),
       Day(2024, 2, 29)},
      {"2023-02", v1::PERIOD_TYPE_MONTH, 2023, 2, Day(2023, 2, 1),
       Day(2023, 2, 28)},
      {"2024-12", v1::PERIOD_TYPE_MONTH, 2024, 12, Day(2024, 12, 1),
       Day(2024, 12, 31)},
      {"2024Q3", v1::PERIOD_TYPE_QUARTER, 2024, 3, Day(2024, 7, 1),
       Day(2024, 9, 30)},
      {"2024Q1", v1::PERIOD_TYPE_QUARTER, 2024, 1, Day(2024, 1, 1),
       Day(2024, 3, 31)},
      {"2024H1", v1::PERIOD_TYPE_HALF, 2024, 1, Day(2024, 1, 1),
       Day(2024, 6, 30)},
      {"2024H2", v1::PERIOD_TYPE_HALF, 2024, 2, Day(2024, 7, 1),
       Day(2024, 12, 31)},
      {"2024", v1::PERIOD_TYPE_YEAR, 2024, 0, Day(2024, 1, 1),
       Day(2024, 12, 31)},
      {"1990", v1::PERIOD_TYPE_YEAR, 1990, 0, Day(1990, 1, 1),
       Day(1990, 12, 31)},
      {"2100Q4", v1::PERIOD_TYPE_QUARTER, 2100, 4, Day(2100, 10, 1),
       Day(2100, 12, 31)},
      {"2024Q1-Q3", v1::PERIOD_TYPE_YTD, 2024, 3, Day(2024, 1, 1),
       Day(2024, 9, 30)},
      {"2024Q1-Q1", v1::PERIOD_TYPE_YTD, 2024, 1, Day(2024, 1, 1),
       Day(2024, 3, 31)},
      {"2024Q1-Q4", v1::PERIOD_TYPE_YTD, 2024, 4, Day(2024, 1, 1),
       Day(2024, 12, 31)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    absl::StatusOr<Period> p = Period::Parse(c.text);
    ASSERT_TRUE(p.ok()) << p.status();
    EXPECT_EQ(p->type, c.type);
    EXPECT_EQ(p->year, c.year);
    EXPECT_EQ(p->index, c.index);
    EXPECT_EQ(p->ToString(), c.text);
    EXPECT_EQ(p->FirstDay(), c.first);
    EXPECT_EQ(p->LastDay(), c.last);
    EXPECT_THAT(Period::Parse(p->ToString()), IsOkAndHolds(*p));
  }
}

TEST(PeriodParseTest, RejectsWithPreciseReason) {
  struct Case {
    const char* text;
    const char* reason;
  } cases[] = {
      {"2024-13", "month must be 01..12"},
      {"2024-00", "month must be 01..12"},
      {"2024-7", "two digits"},
      {"2024-123", "month must be 01..12"},
      {"2024Q5", "quarter must be 1..4"},
      {"2024Q0", "quarter must be 1..4"},
      {"2024H3", "half must be 1..2"},
      {"2024H0", "half must be 1..2"},
      {"2024Q1-Q5", "quarter must be 1..4"},
      {"2024Q2-Q3", "year to date must start at Q1"},
      {"1989", "year must be 1990..2100"},
      {"2101-01", "year must be 1990..2100"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_THAT(
        Period::Parse(c.text),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.reason)));
  }
  EXPECT_THAT(Period::Parse("2024-13"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "\"2024-13\" is not a valid period: month must be "
                       "01..12, two digits (e.g. 2024-07)"));
}

TEST(PeriodParseTest, RejectsUnrecognisedShapesListingForms) {
  for (const char* text :
       {"", "24", "July 2024", "2024q3", "2024 Q3", " 2024", "2024Q3 ",
        "2024-Q3", "2024Q", "2024Q1-3", "2024Q1~Q3", "2024H1-H2", "2024M07",
        "20240", "2024年", "２０２４"}) {
    SCOPED_TRACE(text);
    EXPECT_THAT(Period::Parse(text),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("expected YYYY, YYYY-MM, YYYYQn, YYYYHn "
                                   "or YYYYQ1-Qn")));
  }
}

TEST(PeriodTest, Contains) {
  EXPECT_TRUE(P("2024").Contains(P("2024Q3")));
  EXPECT_TRUE(P("2024").Contains(P("2024-07")));
  EXPECT_TRUE(P("2024H2").Contains(P("2024-07")));
  EXPECT_TRUE(P("2024H2").Contains(P("2024Q4")));
  EXPECT_FALSE(P("2024H1").Contains(P("2024Q3")));
  EXPECT_TRUE(P("2024Q1-Q3").Contains(P("2024H1")));
  EXPECT_TRUE(P("2024Q1-Q3").Contains(P("2024-09")));
  EXPECT_FALSE(P("2024Q1-Q3").Contains(P("2024-10")));
  EXPECT_FALSE(P("2024Q1-Q3").Contains(P("2024")));
  EXPECT_TRUE(P("2024Q1").Contains(P("2024Q1-Q1")));
  EXPECT_TRUE(P("2024Q3").Contains(P("2024Q3")));
  EXPECT_FALSE(P("2024").Contains(P("2023-12")));
  EXPECT_FALSE(P("2024-07").Contains(P("2024Q3")));
}

TEST(PeriodTest, EqualityIsStructural) {
  EXPECT_EQ(P("2024Q3"), P("2024Q3"));
  EXPECT_NE(P("2024Q3"), P("2023Q3"));
  EXPECT_NE(P("2024Q1"), P("2024Q1-Q1"));  // Same days, different type.
  EXPECT_EQ(P("2024Q1").FirstDay(), P("2024Q1-Q1").FirstDay());
  EXPECT_EQ(P("2024Q1").LastDay(), P("2024Q1-Q1").LastDay());
}

TEST(PeriodTest, OrdersByFirstDayThenLastDay) {
  std::vector<Period> periods = {P("2024-02"),   P("2024"),   P("2024H1"),
                                 P("2024Q1-Q1"), P("2024Q1"), P("2024-01"),
                                 P("2023Q4")};
  std::sort(periods.begin(), periods.end());
  std::vector<std::string> texts;
  for (const Period& p : periods) texts.push_back(p.ToString());
  EXPECT_THAT(texts,
              ::testing::ElementsAre("2023Q4", "2024-01", "2024Q1", "2024Q1-Q1",
                                     "2024H1", "2024", "2024-02"));
  EXPECT_FALSE(P("2024Q1") < P("2024Q1"));
}

TEST(PeriodTest, TypeNamesRoundTrip) {
  for (PeriodType type :
       {v1::PERIOD_TYPE_MONTH, v1::PERIOD_TYPE_QUARTER, v1::PERIOD_TYPE_HALF,
        v1::PERIOD_TYPE_YEAR, v1::PERIOD_TYPE_YTD}) {
    EXPECT_THAT(ParsePeriodType(Period::TypeName(type)), IsOkAndHolds(type));
  }
  EXPECT_STREQ(Period::TypeName(v1::PERIOD_TYPE_MONTH), "month");
  EXPECT_STREQ(Period::TypeName(v1::PERIOD_TYPE_YTD), "ytd");
  EXPECT_STREQ(Period::TypeName(v1::PERIOD_TYPE_UNSPECIFIED), "unspecified");
  EXPECT_THAT(ParsePeriodType("unspecified"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("not a period type")));
  EXPECT_THAT(ParsePeriodType("Month"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace hub
