#include "hub/common/decimal.h"

#include <algorithm>
#include <cstdint>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "hub/common/decimal_internal.h"

namespace hub {
namespace {

using ::hub::decimal_internal::DivRoundHalfUp;
using ::hub::decimal_internal::kMaxMagnitude;
using ::hub::decimal_internal::LongDivide;
using ::hub::decimal_internal::Magnitude;
using ::hub::decimal_internal::MulPow10;
using ::hub::decimal_internal::Pow10;
using ::hub::decimal_internal::Signed;
using ::hub::decimal_internal::uint128;

absl::Status Overflow(absl::string_view op) {
  return absl::OutOfRangeError(
      absl::StrCat("decimal ", op, " overflows 38 significant digits"));
}

absl::Status BadScale(int scale) {
  return absl::InvalidArgumentError(absl::StrCat(
      "decimal scale ", scale, " is outside 0..", Decimal::kMaxScale));
}

absl::Status NotADecimal(absl::string_view text, absl::string_view reason) {
  return absl::InvalidArgumentError(absl::StrCat(
      "\"", absl::Utf8SafeCHexEscape(text.substr(0, 40)),
      text.size() > 40 ? "..." : "", "\" is not a decimal number: ", reason));
}

// Returns why `c` cannot appear in a decimal number.
std::string BadCharacterReason(char c) {
  switch (c) {
    case 'e':
    case 'E':
      return "exponent notation is not allowed";
    case ',':
      return "thousands separators are not allowed";
    case '.':
      return "more than one decimal point";
    default:
      return absl::StrCat("unexpected character '",
                          absl::CHexEscape(absl::string_view(&c, 1)), "'");
  }
}

}  // namespace

Decimal Decimal::FromInt(int64_t v) { return Decimal(v, 0); }

absl::StatusOr<Decimal> Decimal::Parse(absl::string_view text) {
  if (text.empty()) return NotADecimal(text, "empty string");
  for (char c : text) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      return NotADecimal(text, "whitespace is not allowed");
    }
  }
  absl::string_view body = text;
  const bool negative = body[0] == '-';
  if (body[0] == '-' || body[0] == '+') body.remove_prefix(1);
  const std::string lower = absl::AsciiStrToLower(body);
  if (lower == "nan" || lower == "inf" || lower == "infinity") {
    return NotADecimal(text, "NaN and infinity are not allowed");
  }
  int int_digits = 0;
  int frac_digits = 0;
  bool seen_point = false;
  uint128 magnitude = 0;
  for (char c : body) {
    if (c == '.' && !seen_point) {
      seen_point = true;
    } else if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      (seen_point ? frac_digits : int_digits)++;
      if (int_digits + frac_digits <= kMaxParseDigits) {
        magnitude = magnitude * 10 + static_cast<unsigned>(c - '0');
      }
    } else {
      return NotADecimal(text, BadCharacterReason(c));
    }
  }
  if (int_digits == 0) {
    return NotADecimal(text, seen_point ? "a digit is required before the "
                                          "decimal point"
                                        : "no digits");
  }
  if (seen_point && frac_digits == 0) {
    return NotADecimal(text, "a digit is required after the decimal point");
  }
  if (int_digits + frac_digits > kMaxParseDigits) {
    return NotADecimal(text,
                       absl::StrCat("more than ", kMaxParseDigits, " digits"));
  }
  if (frac_digits > kMaxScale) {
    return NotADecimal(text, absl::StrCat("more than ", kMaxScale,
                                          " digits after the decimal point"));
  }
  return Decimal(Signed(magnitude, negative), frac_digits);
}

std::string Decimal::ToString() const {
  std::string digits = decimal_internal::Digits(Magnitude(mantissa_));
  if (static_cast<int>(digits.size()) <= scale_) {
    digits.insert(0, scale_ + 1 - digits.size(), '0');
  }
  if (scale_ > 0) digits.insert(digits.size() - scale_, 1, '.');
  if (mantissa_ < 0) digits.insert(0, 1, '-');
  return digits;
}

Decimal Decimal::Normalized() const {
  Decimal d = *this;
  while (d.scale_ > 0 && d.mantissa_ % 10 == 0) {
    d.mantissa_ /= 10;
    --d.scale_;
  }
  return d;
}

std::string Decimal::CanonicalText(int min_scale) const {
  min_scale = std::max(0, std::min(min_scale, kMaxScale));
  Decimal d = Normalized();
  if (d.scale_ >= min_scale) return d.ToString();
  absl::StatusOr<Decimal> padded = d.Rescale(min_scale);
  return padded.ok() ? padded->ToString() : d.ToString();
}

absl::StatusOr<Decimal> Decimal::Rescale(int scale) const {
  if (scale < 0 || scale > kMaxScale) return BadScale(scale);
  const uint128 magnitude = Magnitude(mantissa_);
  uint128 result;
  if (scale >= scale_) {
    if (!MulPow10(magnitude, scale - scale_, kMaxMagnitude, &result)) {
      return Overflow("rescale");
    }
  } else {
    result = DivRoundHalfUp(magnitude, Pow10(scale_ - scale));
  }
  return Decimal(Signed(result, mantissa_ < 0), scale);
}

absl::StatusOr<Decimal> Decimal::Add(const Decimal& other) const {
  const int scale = std::max(scale_, other.scale_);
  // Align both magnitudes to `scale`. An aligned magnitude above
  // 2 * kMaxMagnitude cannot be cancelled by the other operand.
  uint128 a, b;
  if (!MulPow10(Magnitude(mantissa_), scale - scale_, 2 * kMaxMagnitude, &a) ||
      !MulPow10(Magnitude(other.mantissa_), scale - other.scale_,
                2 * kMaxMagnitude, &b)) {
    return Overflow("addition");
  }
  const bool a_negative = mantissa_ < 0;
  const bool b_negative = other.mantissa_ < 0;
  uint128 sum;
  bool negative;
  if (a_negative == b_negative) {
    if (a > kMaxMagnitude || b > kMaxMagnitude || a > kMaxMagnitude - b) {
      return Overflow("addition");
    }
    sum = a + b;
    negative = a_negative;
  } else {
    sum = a >= b ? a - b : b - a;
    negative = a >= b ? a_negative : b_negative;
  }
  if (sum > kMaxMagnitude) return Overflow("addition");
  return Decimal(Signed(sum, negative), scale);
}

absl::StatusOr<Decimal> Decimal::Sub(const Decimal& other) const {
  return Add(other.Negated());
}

absl::StatusOr<Decimal> Decimal::Mul(const Decimal& other) const {
  Decimal a = *this;
  Decimal b = other;
  for (int attempt = 0; attempt < 2; ++attempt) {
    const uint128 x = Magnitude(a.mantissa_);
    const uint128 y = Magnitude(b.mantissa_);
    if (x != 0 && y > kMaxMagnitude / x) {
      a = a.Normalized();  // Retry once without trailing zeros.
      b = b.Normalized();
      continue;
    }
    Decimal product(Signed(x * y, (a.mantissa_ < 0) != (b.mantissa_ < 0)),
                    a.scale_ + b.scale_);
    while (product.scale_ > kMaxScale && product.mantissa_ % 10 == 0) {
      product.mantissa_ /= 10;
      --product.scale_;
    }
    if (product.scale_ > kMaxScale) {
      return absl::OutOfRangeError(absl::StrCat(
          "decimal product ", ToString(), " * ", other.ToString(),
          " needs more than ", kMaxScale, " digits after the decimal point"));
    }
    return product;
  }
  return Overflow("multiplication");
}

absl::StatusOr<Decimal> Decimal::Divide(const Decimal& num, const Decimal& den,
                                        int scale) {
  if (den.is_zero()) return absl::InvalidArgumentError("division by zero");
  if (scale < 0 || scale > kMaxScale) return BadScale(scale);
  const uint128 n = Magnitude(num.mantissa_);
  const uint128 d = Magnitude(den.mantissa_);
  // quotient = n / d * 10^(scale + den.scale - num.scale)
  const int e = scale + den.scale_ - num.scale_;
  uint128 q;
  if (e >= 0) {
    if (!LongDivide(n, e, d, &q)) return Overflow("division");
  } else {
    uint128 divisor;
    // A divisor beyond 2^128 exceeds 2 * n, so the quotient rounds to 0.
    q = MulPow10(d, -e, ~uint128{0}, &divisor) ? DivRoundHalfUp(n, divisor) : 0;
  }
  return Decimal(Signed(q, (num.mantissa_ < 0) != (den.mantissa_ < 0)), scale);
}

Decimal Decimal::Abs() const {
  return Decimal(Signed(Magnitude(mantissa_), false), scale_);
}

Decimal Decimal::Negated() const { return Decimal(-mantissa_, scale_); }

absl::StatusOr<Decimal> Decimal::ScaleByPowerOfTen(int n) const {
  const bool negative = mantissa_ < 0;
  uint128 magnitude = Magnitude(mantissa_);
  int64_t scale = static_cast<int64_t>(scale_) - n;  // Move the point first.
  if (scale < 0) {
    if (!MulPow10(magnitude, -scale, kMaxMagnitude, &magnitude)) {
      return Overflow("scaling");
    }
    scale = 0;
  }
  if (magnitude == 0) scale = std::min<int64_t>(scale, kMaxScale);
  while (scale > kMaxScale && magnitude % 10 == 0) {
    magnitude /= 10;
    --scale;
  }
  if (scale > kMaxScale) {
    return absl::OutOfRangeError(
        absl::StrCat("decimal ", ToString(), " * 10^", n, " needs more than ",
                     kMaxScale, " digits after the decimal point"));
  }
  return Decimal(Signed(magnitude, negative), static_cast<int>(scale));
}

int Decimal::Compare(const Decimal& other) const {
  if (sign() != other.sign()) return sign() < other.sign() ? -1 : 1;
  const int scale = std::max(scale_, other.scale_);
  uint128 a, b;
  // An aligned magnitude beyond kMaxMagnitude exceeds the other, unscaled one.
  const bool a_fits =
      MulPow10(Magnitude(mantissa_), scale - scale_, kMaxMagnitude, &a);
  const bool b_fits = MulPow10(Magnitude(other.mantissa_), scale - other.scale_,
                               kMaxMagnitude, &b);
  int magnitude_order;
  if (!a_fits) {
    magnitude_order = 1;
  } else if (!b_fits) {
    magnitude_order = -1;
  } else {
    magnitude_order = a < b ? -1 : (a > b ? 1 : 0);
  }
  return sign() < 0 ? -magnitude_order : magnitude_order;
}

std::ostream& operator<<(std::ostream& os, const Decimal& d) {
  return os << d.ToString();
}

}  // namespace hub
