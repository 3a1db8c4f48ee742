#include "hub/common/decimal.h"

#include <cstdint>
#include <limits>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"

namespace hub {
namespace {

using ::hub::testing::IsOkAndHolds;
using ::hub::testing::StatusIs;
using ::testing::HasSubstr;

// Parses `text`, which the test expects to be valid.
Decimal D(absl::string_view text) {
  absl::StatusOr<Decimal> d = Decimal::Parse(text);
  if (!d.ok()) {
    ADD_FAILURE() << d.status();
    return Decimal();
  }
  return *d;
}

// Returns the canonical text of an OK result, or the status text otherwise,
// so that EXPECT_EQ shows either in a failure.
std::string Str(const absl::StatusOr<Decimal>& d) {
  return d.ok() ? d->ToString() : d.status().ToString();
}

// 10^37, which has more digits than Parse() accepts.
Decimal TenToThe37() { return *Decimal::FromInt(1).ScaleByPowerOfTen(37); }

TEST(DecimalParseTest, AcceptsCanonicalText) {
  struct Case {
    const char* text;
    const char* printed;
    int scale;
  } cases[] = {
      {"12", "12", 0},
      {"-0.50", "-0.50", 2},
      {"+3.25", "3.25", 2},
      {"0", "0", 0},
      {"-0.00", "0.00", 2},
      {"007", "7", 0},
      {"12.30", "12.30", 2},
      {"0.000000000000000001", "0.000000000000000001", 18},
      {"123456789012345678901234567890", "123456789012345678901234567890", 0},
      {"-123456789012.123456789012345678", "-123456789012.123456789012345678",
       18},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    absl::StatusOr<Decimal> d = Decimal::Parse(c.text);
    ASSERT_TRUE(d.ok()) << d.status();
    EXPECT_EQ(d->ToString(), c.printed);
    EXPECT_EQ(d->scale(), c.scale);
  }
}

TEST(DecimalParseTest, RejectsWithReason) {
  struct Case {
    const char* text;
    const char* reason;
  } cases[] = {
      {"", "empty string"},
      {" 1", "whitespace is not allowed"},
      {"1 000", "whitespace is not allowed"},
      {"1e3", "exponent notation is not allowed"},
      {"1.5E-2", "exponent notation is not allowed"},
      {"1,000", "thousands separators are not allowed"},
      {"NaN", "NaN and infinity are not allowed"},
      {"-inf", "NaN and infinity are not allowed"},
      {".5", "a digit is required before the decimal point"},
      {"3.", "a digit is required after the decimal point"},
      {"-", "no digits"},
      {"+", "no digits"},
      {"1.2.3", "more than one decimal point"},
      {"--1", "unexpected character '-'"},
      {"0x10", "unexpected character 'x'"},
      {"12%", "unexpected character '%'"},
      {"１２", "unexpected character '\\xef'"},
      {"123456789012345678901234567890123456789", "more than 38 digits"},
      {"0.1234567890123456789", "more than 18 digits after the decimal point"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_THAT(
        Decimal::Parse(c.text),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.reason)));
  }
}

TEST(DecimalParseTest, MessageQuotesTheInput) {
  EXPECT_THAT(Decimal::Parse("1e3"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "\"1e3\" is not a decimal number: exponent notation "
                       "is not allowed"));
}

TEST(DecimalTest, DefaultAndFromInt) {
  EXPECT_EQ(Decimal().ToString(), "0");
  EXPECT_TRUE(Decimal().is_zero());
  EXPECT_EQ(Decimal::FromInt(-42).ToString(), "-42");
  EXPECT_EQ(Decimal::FromInt(std::numeric_limits<int64_t>::min()).ToString(),
            "-9223372036854775808");
  EXPECT_EQ(Decimal::FromInt(7).sign(), 1);
  EXPECT_EQ(Decimal::FromInt(-7).sign(), -1);
  EXPECT_EQ(D("-0.00").sign(), 0);
}

TEST(DecimalTest, NormalizedStripsTrailingZeros) {
  EXPECT_EQ(D("12.30").Normalized().ToString(), "12.3");
  EXPECT_EQ(D("5.00").Normalized().ToString(), "5");
  EXPECT_EQ(D("0.000").Normalized().ToString(), "0");
  EXPECT_EQ(D("100").Normalized().ToString(), "100");
}

TEST(DecimalTest, CanonicalTextIsOneTextPerNumberAndNeverRounds) {
  EXPECT_EQ(D("655").CanonicalText(2), "655.00");
  EXPECT_EQ(D("655.0").CanonicalText(2), "655.00");
  EXPECT_EQ(D("655.000").CanonicalText(2), "655.00");
  EXPECT_EQ(D("1.2345").CanonicalText(2), "1.2345");
  EXPECT_EQ(D("7052.0").CanonicalText(0), "7052");
  EXPECT_EQ(D("-0.50").CanonicalText(0), "-0.5");
  EXPECT_EQ(D("0").CanonicalText(2), "0.00");
}

TEST(DecimalTest, RescaleRoundsHalfAwayFromZero) {
  EXPECT_EQ(Str(D("2.345").Rescale(2)), "2.35");
  EXPECT_EQ(Str(D("-2.345").Rescale(2)), "-2.35");
  EXPECT_EQ(Str(D("2.344").Rescale(2)), "2.34");
  EXPECT_EQ(Str(D("0.5").Rescale(0)), "1");
  EXPECT_EQ(Str(D("-0.5").Rescale(0)), "-1");
  EXPECT_EQ(Str(D("-0.4").Rescale(0)), "0");
  EXPECT_EQ(Str(D("9.995").Rescale(2)), "10.00");
  EXPECT_EQ(Str(D("1.5").Rescale(3)), "1.500");
}

TEST(DecimalTest, RescaleErrors) {
  EXPECT_THAT(D("1").Rescale(19), StatusIs(absl::StatusCode::kInvalidArgument,
                                           HasSubstr("scale 19")));
  EXPECT_THAT(D("1").Rescale(-1), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(D("123456789012345678901234567890").Rescale(18),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("overflow")));
}

TEST(DecimalTest, MoneySumsAreExact) {
  EXPECT_EQ(Str(D("0.1").Add(D("0.2"))), "0.3");
  EXPECT_EQ(*D("0.1").Add(D("0.2")), D("0.3"));
  Decimal total;
  for (int i = 0; i < 100; ++i) total = *total.Add(D("0.01"));
  EXPECT_EQ(total.ToString(), "1.00");
  EXPECT_EQ(Str(D("1.5").Add(D("2.25"))), "3.75");
  EXPECT_EQ(Str(D("1.50").Sub(D("1.5"))), "0.00");
  EXPECT_EQ(Str(D("1").Sub(D("2.5"))), "-1.5");
}

TEST(DecimalTest, AddOverflowAndCancellation) {
  const Decimal big = TenToThe37();
  EXPECT_EQ(Str(big.Add(big)), "20000000000000000000000000000000000000");
  // 9 * 10^37 + (10^37 - 1) = 10^38 - 1, the largest magnitude.
  const Decimal nines =
      *big.Mul(Decimal::FromInt(9))->Add(*big.Sub(Decimal::FromInt(1)));
  EXPECT_THAT(nines.Add(Decimal::FromInt(1)),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("addition")));
  EXPECT_EQ(Str(nines.Add(nines.Negated())), "0");
  // Aligning 10^37 to scale 1 exceeds 38 digits, but the result fits.
  EXPECT_EQ(Str(big.Sub(D("0.5"))), "9999999999999999999999999999999999999.5");
}

TEST(DecimalTest, MulKeepsSumOfScales) {
  EXPECT_EQ(Str(D("12.30").Mul(D("2.00"))), "24.6000");
  EXPECT_EQ(Str(D("-1.5").Mul(D("1.5"))), "-2.25");
  EXPECT_EQ(Str(D("1.000000000000000000").Mul(D("2.000000000000000000"))),
            "2.000000000000000000");
  EXPECT_THAT(D("0.000000001").Mul(D("0.0000000001")),
              StatusIs(absl::StatusCode::kOutOfRange,
                       HasSubstr("more than 18 digits")));
  EXPECT_THAT(D("100000000000000000000").Mul(D("100000000000000000000")),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("overflow")));
  // 10^36 (scale 18) * 100.0 overflows until trailing zeros are dropped.
  const Decimal a = *Decimal::FromInt(1000000000000000000).Rescale(18);
  EXPECT_EQ(Str(a.Mul(D("100.0"))), "100000000000000000000");
}

TEST(DecimalTest, DivideRoundsHalfUp) {
  EXPECT_EQ(Str(Decimal::Divide(D("6500"), D("10000"), 4)), "0.6500");
  EXPECT_EQ(Str(Decimal::Divide(D("2"), D("3"), 4)), "0.6667");
  EXPECT_EQ(Str(Decimal::Divide(D("-2"), D("3"), 4)), "-0.6667");
  EXPECT_EQ(Str(Decimal::Divide(D("1"), D("8"), 2)), "0.13");
  EXPECT_EQ(Str(Decimal::Divide(D("-1"), D("-8"), 2)), "0.13");
  EXPECT_EQ(Str(Decimal::Divide(D("1"), D("-8"), 2)), "-0.13");
  EXPECT_EQ(Str(Decimal::Divide(D("1.5"), D("0.25"), 0)), "6");
  EXPECT_EQ(Str(Decimal::Divide(D("0.123456"), D("1"), 2)), "0.12");
  EXPECT_EQ(Str(Decimal::Divide(D("0.000000000000000001"),
                                D("100000000000000000000000000000"), 0)),
            "0");
}

TEST(DecimalTest, PercentComputation) {
  // 基层诊疗量占比: 6500 of 10000 visits is 65.00%.
  const Decimal ratio = *Decimal::Divide(D("6500"), D("10000"), 4);
  EXPECT_EQ(Str(ratio.Mul(D("100"))), "65.0000");
  const Decimal percent =
      *Decimal::Divide(*D("6500").Mul(D("100")), D("10000"), 2);
  EXPECT_EQ(percent.ToString(), "65.00");
  EXPECT_GE(percent, D("65"));
  EXPECT_EQ(Str(Decimal::Divide(D("1"), D("3"), 18)), "0.333333333333333333");
}

TEST(DecimalTest, DivideErrors) {
  EXPECT_THAT(Decimal::Divide(D("1"), D("0.00"), 2),
              StatusIs(absl::StatusCode::kInvalidArgument, "division by zero"));
  EXPECT_THAT(Decimal::Divide(D("1"), D("3"), 19),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Decimal::Divide(D("100000000000000000000000000000"),
                              D("0.000000000000000001"), 18),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("division")));
}

TEST(DecimalTest, CompareIsNumericAcrossScales) {
  EXPECT_EQ(D("1.50"), D("1.5"));
  EXPECT_NE(D("1.50").ToString(), D("1.5").ToString());
  EXPECT_LT(D("1.5"), D("1.51"));
  EXPECT_LT(D("-1.5"), D("-1.49"));
  EXPECT_GT(D("0.001"), D("-1000"));
  EXPECT_EQ(D("0"), D("-0.00"));
  EXPECT_LE(D("2"), D("2.000"));
  EXPECT_EQ(D("1").Compare(D("0.999999999999999999")), 1);
  // Aligning 10^37 to scale 18 does not fit; the comparison still works.
  EXPECT_GT(TenToThe37(), D("1.000000000000000000"));
  EXPECT_LT(TenToThe37().Negated(), D("-1.000000000000000000"));
  EXPECT_LT(D("1.000000000000000000"), TenToThe37());
}

TEST(DecimalTest, AbsAndNegated) {
  EXPECT_EQ(D("-2.50").Abs().ToString(), "2.50");
  EXPECT_EQ(D("2.50").Abs().ToString(), "2.50");
  EXPECT_EQ(D("2.50").Negated().ToString(), "-2.50");
  EXPECT_EQ(D("0.0").Negated().ToString(), "0.0");
}

TEST(DecimalTest, ScaleByPowerOfTenMovesThePointFirst) {
  EXPECT_EQ(Str(D("12.3456").ScaleByPowerOfTen(4)), "123456");  // 万元 -> 元
  EXPECT_EQ(Str(D("12.3").ScaleByPowerOfTen(4)), "123000");
  EXPECT_EQ(Str(D("12.345678").ScaleByPowerOfTen(4)), "123456.78");
  EXPECT_EQ(Str(D("123456").ScaleByPowerOfTen(-4)), "12.3456");  // 元 -> 万元
  EXPECT_EQ(Str(D("1.5").ScaleByPowerOfTen(-17)), "0.000000000000000015");
  EXPECT_EQ(Str(D("100").ScaleByPowerOfTen(-19)), "0.000000000000000010");
  EXPECT_EQ(Str(D("0.00").ScaleByPowerOfTen(4)), "0");
  EXPECT_EQ(Str(D("0").ScaleByPowerOfTen(-100)), "0.000000000000000000");
  EXPECT_EQ(Str(D("-7").ScaleByPowerOfTen(0)), "-7");
  EXPECT_THAT(D("1.5").ScaleByPowerOfTen(-18),
              StatusIs(absl::StatusCode::kOutOfRange,
                       HasSubstr("more than 18 digits")));
  EXPECT_THAT(D("1").ScaleByPowerOfTen(38),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("overflow")));
}

TEST(DecimalTest, RoundTripsThroughText) {
  for (const char* text : {"0", "1", "-1", "0.10", "-123.456", "99999.99",
                           "0.000000000000000001"}) {
    EXPECT_THAT(Decimal::Parse(D(text).ToString()), IsOkAndHolds(D(text)));
    EXPECT_EQ(D(text).ToString(), text);
  }
}

}  // namespace
}  // namespace hub
