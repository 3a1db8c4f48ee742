#include "hub/common/cst_time.h"

#include <cstdint>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"

namespace hub {
namespace {

using ::hub::testing::IsOkAndHolds;
using ::hub::testing::StatusIs;
using ::testing::HasSubstr;

// 2024-07-25T08:00:00Z == 2024-07-25 16:00:00 CST.
constexpr int64_t kJuly25_0800Utc = 1721894400;

absl::Time Utc(int y, int mo, int d, int h, int mi, int s) {
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, s),
                         absl::UTCTimeZone());
}

TEST(CstTimeTest, ZoneIsFixedUtcPlusEight) {
  const absl::TimeZone cst = ChinaStandardTime();
  // Both in summer and in winter: no daylight saving time.
  EXPECT_EQ(absl::ToCivilSecond(Utc(2024, 7, 25, 8, 0, 0), cst),
            absl::CivilSecond(2024, 7, 25, 16, 0, 0));
  EXPECT_EQ(absl::ToCivilSecond(Utc(2024, 1, 15, 20, 30, 0), cst),
            absl::CivilSecond(2024, 1, 16, 4, 30, 0));
}

TEST(CstTimeTest, EndOfDayIsStartOfNextDay) {
  EXPECT_EQ(EndOfDayCst(absl::CivilDay(2024, 7, 25)),
            Utc(2024, 7, 25, 16, 0, 0));
  EXPECT_EQ(EndOfDayCst(absl::CivilDay(2024, 12, 31)),
            Utc(2024, 12, 31, 16, 0, 0));
  EXPECT_EQ(EndOfDayCst(absl::CivilDay(2024, 2, 28)),
            Utc(2024, 2, 28, 16, 0, 0));
}

TEST(CstTimeTest, ParseDateAcceptsCanonicalDates) {
  EXPECT_THAT(ParseDate("2024-07-25"),
              IsOkAndHolds(absl::CivilDay(2024, 7, 25)));
  EXPECT_THAT(ParseDate("2024-02-29"),
              IsOkAndHolds(absl::CivilDay(2024, 2, 29)));
  EXPECT_THAT(ParseDate("1999-12-31"),
              IsOkAndHolds(absl::CivilDay(1999, 12, 31)));
}

TEST(CstTimeTest, ParseDateRejectsWithReason) {
  struct Case {
    const char* text;
    const char* reason;
  } cases[] = {
      {"", "expected YYYY-MM-DD"},
      {"2024-7-25", "expected YYYY-MM-DD"},
      {"2024/07/25", "expected YYYY-MM-DD"},
      {"20240725", "expected YYYY-MM-DD"},
      {" 2024-07-25", "expected YYYY-MM-DD"},
      {"2024-07-25T00:00:00Z", "expected YYYY-MM-DD"},
      {"2024-0a-25", "expected YYYY-MM-DD"},
      {"2024-13-01", "month must be 01..12"},
      {"2024-00-01", "month must be 01..12"},
      {"2023-02-29", "day must be 01..28 in 2023-02"},
      {"2024-02-30", "day must be 01..29 in 2024-02"},
      {"2024-04-31", "day must be 01..30 in 2024-04"},
      {"2024-07-00", "day must be 01..31 in 2024-07"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_THAT(ParseDate(c.text), StatusIs(absl::StatusCode::kInvalidArgument,
                                            HasSubstr(c.reason)));
  }
  EXPECT_THAT(ParseDate("2024-13-01"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "\"2024-13-01\" is not a valid date: month must be "
                       "01..12"));
}

TEST(CstTimeTest, FormatDateRoundTrips) {
  EXPECT_EQ(FormatDate(absl::CivilDay(2024, 7, 5)), "2024-07-05");
  EXPECT_EQ(FormatDate(absl::CivilDay(999, 1, 1)), "0999-01-01");
  for (absl::CivilDay d = absl::CivilDay(2023, 12, 25);
       d < absl::CivilDay(2024, 3, 5); ++d) {
    EXPECT_THAT(ParseDate(FormatDate(d)), IsOkAndHolds(d));
  }
}

TEST(CstTimeTest, UnixMicros) {
  const absl::Time t = Utc(2024, 7, 25, 8, 0, 0) + absl::Microseconds(123456);
  EXPECT_EQ(ToUnixMicros(t), kJuly25_0800Utc * 1000000 + 123456);
  EXPECT_EQ(FromUnixMicros(kJuly25_0800Utc * 1000000 + 123456), t);
  EXPECT_EQ(ToUnixMicros(absl::UnixEpoch() - absl::Nanoseconds(1)), -1);
}

TEST(CstTimeTest, FormatMicrosUtcAlwaysHasSixDigits) {
  const int64_t micros = kJuly25_0800Utc * 1000000;
  EXPECT_EQ(FormatMicrosUtc(micros + 123456), "2024-07-25T08:00:00.123456Z");
  EXPECT_EQ(FormatMicrosUtc(micros), "2024-07-25T08:00:00.000000Z");
  EXPECT_EQ(FormatMicrosUtc(micros + 5), "2024-07-25T08:00:00.000005Z");
  EXPECT_EQ(FormatMicrosUtc(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(FormatMicrosUtc(-1), "1969-12-31T23:59:59.999999Z");
}

TEST(CstTimeTest, FormatMicrosCst) {
  const int64_t micros = kJuly25_0800Utc * 1000000;
  EXPECT_EQ(FormatMicrosCst(micros), "2024-07-25 16:00:00 CST");
  EXPECT_EQ(FormatMicrosCst(micros + 999999), "2024-07-25 16:00:00 CST");
  EXPECT_EQ(FormatMicrosCst(micros + 8 * 3600 * int64_t{1000000}),
            "2024-07-26 00:00:00 CST");
}

TEST(CstTimeTest, ParseInstantRfc3339) {
  const absl::Time t = Utc(2024, 7, 25, 8, 0, 0);
  EXPECT_THAT(ParseInstant("2024-07-25T08:00:00Z"), IsOkAndHolds(t));
  EXPECT_THAT(ParseInstant("2024-07-25T16:00:00+08:00"), IsOkAndHolds(t));
  EXPECT_THAT(ParseInstant("2024-07-25T03:00:00-05:00"), IsOkAndHolds(t));
  EXPECT_THAT(ParseInstant("2024-07-25T08:00:00.123456Z"),
              IsOkAndHolds(t + absl::Microseconds(123456)));
  EXPECT_THAT(ParseInstant("2024-07-25T16:00:00.5+08:00"),
              IsOkAndHolds(t + absl::Milliseconds(500)));
  const int64_t micros = kJuly25_0800Utc * 1000000 + 42;
  EXPECT_THAT(ParseInstant(FormatMicrosUtc(micros)),
              IsOkAndHolds(FromUnixMicros(micros)));
}

TEST(CstTimeTest, ParseInstantPlainDateMeansEndOfDayCst) {
  EXPECT_THAT(ParseInstant("2024-07-25"),
              IsOkAndHolds(Utc(2024, 7, 25, 16, 0, 0)));
  EXPECT_THAT(ParseInstant("2024-07-25"),
              IsOkAndHolds(EndOfDayCst(absl::CivilDay(2024, 7, 25))));
  EXPECT_THAT(ParseInstant("2024-02-30"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("day must be 01..29")));
}

TEST(CstTimeTest, ParseInstantRejects) {
  for (const char* text : {"", "2024", "yesterday", "2024-07-25T08:00:00",
                           "2024-07-25 08:00:00Z", " 2024-07-25T08:00:00Z",
                           "2024-07-25T08:00:00Z ", "2024-07-25T25:00:00Z",
                           "infinite-future", "infinite-past", "1721894400"}) {
    SCOPED_TRACE(text);
    EXPECT_THAT(
        ParseInstant(text),
        StatusIs(absl::StatusCode::kInvalidArgument,
                 HasSubstr("is not a valid instant: expected RFC 3339")));
  }
}

}  // namespace
}  // namespace hub
