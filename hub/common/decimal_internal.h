// Unsigned 128-bit helpers behind Decimal. Not part of the public API.
//
// Decimal keeps |mantissa| <= kMaxMagnitude (38 nines) so that every
// magnitude fits in unsigned __int128 with room for one doubling.

#ifndef HUB_COMMON_DECIMAL_INTERNAL_H_
#define HUB_COMMON_DECIMAL_INTERNAL_H_

#include <cstdint>
#include <string>

namespace hub {
namespace decimal_internal {

// GCC/Clang extensions; __extension__ keeps -Wpedantic quiet.
__extension__ typedef __int128 int128;
__extension__ typedef unsigned __int128 uint128;

// Most significant digits in a mantissa.
constexpr int kMaxDigits = 38;

// Returns 10^n. REQUIRES: 0 <= n <= kMaxDigits.
constexpr uint128 Pow10(int n) {
  uint128 result = 1;
  for (int i = 0; i < n; ++i) result *= 10;
  return result;
}

// 10^38 - 1, the largest mantissa magnitude.
constexpr uint128 kMaxMagnitude = Pow10(kMaxDigits) - 1;

// Returns |v|. REQUIRES: v > INT128_MIN.
inline uint128 Magnitude(int128 v) {
  return v < 0 ? -static_cast<uint128>(v) : static_cast<uint128>(v);
}

// Returns magnitude with the given sign. REQUIRES: magnitude <= kMaxMagnitude.
inline int128 Signed(uint128 magnitude, bool negative) {
  const auto v = static_cast<int128>(magnitude);
  return negative ? -v : v;
}

// If v * 10^k <= limit, stores it in *out and returns true; otherwise returns
// false and leaves *out unchanged. REQUIRES: k >= 0.
bool MulPow10(uint128 v, int64_t k, uint128 limit, uint128* out);

// Returns n / d rounded half up. REQUIRES: d > 0.
uint128 DivRoundHalfUp(uint128 n, uint128 d);

// Computes round_half_up(n * 10^e / d) by long division, so that n * 10^e
// need not fit in 128 bits. If the result is at most kMaxMagnitude, stores
// it in *q and returns true; otherwise returns false.
// REQUIRES: 0 < d <= kMaxMagnitude, n <= kMaxMagnitude, e >= 0.
bool LongDivide(uint128 n, int e, uint128 d, uint128* q);

// Returns the decimal digits of v, without leading zeros ("0" for 0).
std::string Digits(uint128 v);

}  // namespace decimal_internal
}  // namespace hub

#endif  // HUB_COMMON_DECIMAL_INTERNAL_H_
