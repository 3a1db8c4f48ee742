// Decimal is an exact decimal number for money, counts and ratios.
//
// The canonical model never carries floating point (protos/hub/v1/model.proto
// sends decimals as strings such as "12345.67"). A Decimal is an integer
// mantissa and a scale, the number of digits after the decimal point:
// value = mantissa / 10^scale, with 0 <= scale <= kMaxScale and
// |mantissa| <= 10^38 - 1 (38 significant digits, like SQL DECIMAL(38)).
//
// The scale is part of the value's text but not of its numeric identity:
// Parse("1.50") and Parse("1.5") compare equal, yet print as "1.50" and
// "1.5". Operations that cannot produce an exact, representable result
// return an error instead of losing precision; rounding happens only where a
// result scale is requested (Rescale, Divide) and is always ROUND_HALF_UP
// (half away from zero, 四舍五入).
//
// Error codes: kInvalidArgument for malformed text, a scale outside
// 0..kMaxScale, and division by zero; kOutOfRange when a result does not fit
// in 38 digits or needs more than kMaxScale fractional digits.
//
// Decimal is a small value type; copy it freely. It is thread-compatible.

#ifndef HUB_COMMON_DECIMAL_H_
#define HUB_COMMON_DECIMAL_H_

#include <cstdint>
#include <iosfwd>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hub {

class Decimal {
 public:
  // Most digits allowed after the decimal point.
  static constexpr int kMaxScale = 18;
  // Most digits (integer plus fractional) that Parse() accepts: all the
  // mantissa holds, so every Decimal the arithmetic makes parses back from
  // its text (libFuzzer found a 31-digit sum when this was 30).
  static constexpr int kMaxParseDigits = 38;

  // Zero, scale 0.
  Decimal() = default;

  // Returns `v` with scale 0.
  static Decimal FromInt(int64_t v);

  // Parses canonical decimal text: an optional '+' or '-', one or more ASCII
  // digits, then optionally '.' followed by one or more digits. The scale is
  // the number of digits written after the point ("12.30" has scale 2).
  // At most kMaxParseDigits digits in all (leading zeros count) and at most
  // kMaxScale after the point. Rejects with kInvalidArgument, naming the
  // reason: empty text, whitespace, exponents ("1e3"), thousands separators
  // ("1,000"), NaN/infinity, ".5", "3.", and any other character.
  static absl::StatusOr<Decimal> Parse(absl::string_view text);

  // Returns the canonical text, keeping the scale: "12.30", "-0.5", "7".
  // Zero never has a sign ("-0.00" parses and prints as "0.00").
  // Parse(d.ToString()) == d, with the same scale.
  std::string ToString() const;

  // Returns the same number with trailing fractional zeros removed:
  // "12.30" -> "12.3", "5.00" -> "5", "0.000" -> "0".
  Decimal Normalized() const;

  // Returns the one text of this number with at least min_scale fractional
  // digits and no trailing zeros beyond them; never rounds. Numerically
  // equal decimals give the same text: "655", "655.0" and "655.00" all give
  // "655.00" at min_scale 2, and "1.2345" stays "1.2345". min_scale is
  // clamped to 0..kMaxScale.
  std::string CanonicalText(int min_scale) const;

  // Number of digits after the decimal point, 0..kMaxScale.
  int scale() const { return scale_; }
  bool is_zero() const { return mantissa_ == 0; }
  // Returns -1, 0 or 1.
  int sign() const { return mantissa_ < 0 ? -1 : (mantissa_ > 0 ? 1 : 0); }

  // Returns this number with exactly `scale` fractional digits, rounding half
  // away from zero when digits are dropped (2.345 -> 2.35, -2.345 -> -2.35).
  // kInvalidArgument if `scale` is outside 0..kMaxScale; kOutOfRange if the
  // result does not fit.
  absl::StatusOr<Decimal> Rescale(int scale) const;

  // Exact sum and difference; the result scale is the larger of the two
  // scales. kOutOfRange on overflow.
  absl::StatusOr<Decimal> Add(const Decimal& other) const;
  absl::StatusOr<Decimal> Sub(const Decimal& other) const;

  // Exact product. The result scale is scale() + other.scale() when that is
  // at most kMaxScale and the result fits; otherwise trailing fractional
  // zeros are dropped until it does. kOutOfRange if the exact product needs
  // more than kMaxScale fractional digits or 38 digits in all (Rescale the
  // operands first if rounding is acceptable).
  absl::StatusOr<Decimal> Mul(const Decimal& other) const;

  // Returns num / den rounded half away from zero to `scale` fractional
  // digits. kInvalidArgument if `den` is zero ("division by zero") or `scale`
  // is outside 0..kMaxScale; kOutOfRange if the quotient does not fit.
  // Example: Divide(6500, 10000, 4) == 0.6500.
  static absl::StatusOr<Decimal> Divide(const Decimal& num, const Decimal& den,
                                        int scale);

  // Absolute value and negation; same scale. Never fail (the range is
  // symmetric).
  Decimal Abs() const;
  Decimal Negated() const;

  // Returns this * 10^n exactly (n may be negative). The decimal point moves
  // first and the mantissa grows only once the scale reaches 0, so no
  // spurious precision appears: 12.3456 (万元) * 10^4 = 123456 (元), and
  // 123456 * 10^-4 = 12.3456. When n < 0 would need a scale above kMaxScale,
  // trailing zeros are dropped if possible. kOutOfRange if the result is not
  // representable exactly.
  absl::StatusOr<Decimal> ScaleByPowerOfTen(int n) const;

  // Numeric three-way comparison, ignoring scale: returns -1, 0 or 1 as
  // *this <, ==, > other. Compare(1.50, 1.5) == 0.
  int Compare(const Decimal& other) const;

 private:
  // A GCC/Clang extension; __extension__ keeps -Wpedantic quiet.
  __extension__ typedef __int128 Int128;

  Decimal(Int128 mantissa, int scale) : mantissa_(mantissa), scale_(scale) {}

  Int128 mantissa_ = 0;
  int scale_ = 0;
};

// Numeric comparisons (scale-insensitive); see Decimal::Compare.
inline bool operator==(const Decimal& a, const Decimal& b) {
  return a.Compare(b) == 0;
}
inline bool operator!=(const Decimal& a, const Decimal& b) {
  return a.Compare(b) != 0;
}
inline bool operator<(const Decimal& a, const Decimal& b) {
  return a.Compare(b) < 0;
}
inline bool operator<=(const Decimal& a, const Decimal& b) {
  return a.Compare(b) <= 0;
}
inline bool operator>(const Decimal& a, const Decimal& b) {
  return a.Compare(b) > 0;
}
inline bool operator>=(const Decimal& a, const Decimal& b) {
  return a.Compare(b) >= 0;
}

// Writes d.ToString() (for logging and test failure messages).
std::ostream& operator<<(std::ostream& os, const Decimal& d);

}  // namespace hub

#endif  // HUB_COMMON_DECIMAL_H_
