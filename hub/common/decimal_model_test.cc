// Differential test: Decimal against a reference model (after LevelDB's
// ModelDB). The model keeps small values as (mantissa, scale) and computes
// every result with plain 128-bit integer formulas, written independently of
// the implementation (which aligns scales, uses long division, etc.).

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "hub/common/decimal.h"
#include "hub/common/decimal_internal.h"

namespace hub {
namespace {

using decimal_internal::int128;

struct Model {
  int128 mantissa;
  int scale;
};

int128 Pow10(int n) {
  int128 p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

int128 Abs(int128 v) { return v < 0 ? -v : v; }

// Canonical text of mantissa / 10^scale.
std::string Text(const Model& m) {
  std::string digits;
  for (int128 v = Abs(m.mantissa);
       v != 0 || static_cast<int>(digits.size()) <= m.scale; v /= 10) {
    digits.insert(digits.begin(), static_cast<char>('0' + v % 10));
  }
  if (m.scale > 0) digits.insert(digits.size() - m.scale, ".");
  return absl::StrCat(m.mantissa < 0 ? "-" : "", digits);
}

// Returns round_half_away_from_zero(num / den). REQUIRES: den != 0.
int128 RoundedQuotient(int128 num, int128 den) {
  const bool negative = (num < 0) != (den < 0);
  const int128 q = Abs(num) / Abs(den);
  const int128 r = Abs(num) % Abs(den);
  const int128 rounded = 2 * r >= Abs(den) ? q + 1 : q;
  return negative ? -rounded : rounded;
}

class DecimalModelTest : public ::testing::Test {
 protected:
  Model RandomModel() {
    static constexpr int64_t kMagnitudes[] = {1, 10, 1000, 1000000, 1000000000};
    const int64_t limit = kMagnitudes[rng_() % 5];
    std::uniform_int_distribution<int64_t> mantissa(-limit, limit);
    return Model{mantissa(rng_), static_cast<int>(rng_() % 7)};
  }

  static Decimal ToDecimal(const Model& m) { return *Decimal::Parse(Text(m)); }

  std::mt19937_64 rng_{20240725};
};

TEST_F(DecimalModelTest, ArithmeticMatchesModel) {
  for (int i = 0; i < 20000; ++i) {
    const Model a = RandomModel();
    const Model b = RandomModel();
    SCOPED_TRACE(absl::StrCat("a=", Text(a), " b=", Text(b)));
    const Decimal da = ToDecimal(a);
    const Decimal db = ToDecimal(b);
    ASSERT_EQ(da.ToString(), Text(a));

    const int s = std::max(a.scale, b.scale);
    const int128 a_aligned = a.mantissa * Pow10(s - a.scale);
    const int128 b_aligned = b.mantissa * Pow10(s - b.scale);
    EXPECT_EQ(da.Add(db)->ToString(), Text({a_aligned + b_aligned, s}));
    EXPECT_EQ(da.Sub(db)->ToString(), Text({a_aligned - b_aligned, s}));
    EXPECT_EQ(da.Mul(db)->ToString(),
              Text({a.mantissa * b.mantissa, a.scale + b.scale}));
    EXPECT_EQ(da.Compare(db),
              a_aligned < b_aligned ? -1 : (a_aligned > b_aligned ? 1 : 0));
    EXPECT_EQ(da == db, a_aligned == b_aligned);
  }
}

TEST_F(DecimalModelTest, RoundingMatchesModel) {
  for (int i = 0; i < 20000; ++i) {
    const Model a = RandomModel();
    const Model b = RandomModel();
    const int target = static_cast<int>(rng_() % 9);
    SCOPED_TRACE(absl::StrCat("a=", Text(a), " b=", Text(b), " s=", target));
    const Decimal da = ToDecimal(a);

    const int128 rescaled =
        target >= a.scale
            ? a.mantissa * Pow10(target - a.scale)
            : RoundedQuotient(a.mantissa, Pow10(a.scale - target));
    EXPECT_EQ(da.Rescale(target)->ToString(), Text({rescaled, target}));

    if (b.mantissa != 0) {
      // a / b * 10^target = a.m * 10^(b.scale + target) / (b.m * 10^a.scale)
      const int128 quotient = RoundedQuotient(
          a.mantissa * Pow10(b.scale + target), b.mantissa * Pow10(a.scale));
      EXPECT_EQ(Decimal::Divide(da, ToDecimal(b), target)->ToString(),
                Text({quotient, target}));
    }

    const int n = static_cast<int>(rng_() % 17) - 8;
    const Model shifted = a.scale - n >= 0
                              ? Model{a.mantissa, a.scale - n}
                              : Model{a.mantissa * Pow10(n - a.scale), 0};
    EXPECT_EQ(da.ScaleByPowerOfTen(n)->ToString(), Text(shifted)) << n;
  }
}

TEST(DecimalInternalTest, LongDivideHandlesHugeIntermediates) {
  using decimal_internal::kMaxMagnitude;
  using decimal_internal::LongDivide;
  using decimal_internal::uint128;
  uint128 q = 0;
  // (10^38 - 1) * 10^0 / (10^38 - 1) = 1, rounding from a remainder close to
  // 2^127 must not overflow.
  ASSERT_TRUE(LongDivide(kMaxMagnitude, 0, kMaxMagnitude, &q));
  EXPECT_EQ(decimal_internal::Digits(q), "1");
  ASSERT_TRUE(LongDivide(kMaxMagnitude - 1, 36, kMaxMagnitude, &q));
  EXPECT_EQ(decimal_internal::Digits(q),
            "1000000000000000000000000000000000000");  // 10^36 (rounded up)
  ASSERT_TRUE(LongDivide(1, 37, 3, &q));
  EXPECT_EQ(decimal_internal::Digits(q),
            "3333333333333333333333333333333333333");
  EXPECT_FALSE(LongDivide(1, 38, 1, &q));  // 10^38 does not fit.
  ASSERT_TRUE(LongDivide(kMaxMagnitude / 2, 0, kMaxMagnitude, &q));
  EXPECT_EQ(decimal_internal::Digits(q), "0");
  ASSERT_TRUE(LongDivide(kMaxMagnitude / 2 + 1, 0, kMaxMagnitude, &q));
  EXPECT_EQ(decimal_internal::Digits(q), "1");
}

}  // namespace
}  // namespace hub
