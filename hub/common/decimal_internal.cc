#include "hub/common/decimal_internal.h"

#include <algorithm>
#include <cstdint>
#include <string>

namespace hub {
namespace decimal_internal {

bool MulPow10(uint128 v, int64_t k, uint128 limit, uint128* out) {
  if (v == 0) {
    *out = 0;
    return true;
  }
  if (k > kMaxDigits) return false;  // 10^39 > 2^128 > limit.
  const uint128 p = Pow10(static_cast<int>(k));
  if (v > limit / p) return false;
  *out = v * p;
  return true;
}

uint128 DivRoundHalfUp(uint128 n, uint128 d) {
  const uint128 q = n / d;
  const uint128 r = n % d;
  return r >= d - r ? q + 1 : q;  // 2r >= d, without overflow.
}

bool LongDivide(uint128 n, int e, uint128 d, uint128* q) {
  uint128 quot = n / d;
  uint128 rem = n % d;
  for (int i = 0; i < e; ++i) {
    // digit = floor(10 * rem / d) and rem = 10 * rem mod d, computed by ten
    // modular additions because 10 * rem may exceed 128 bits.
    unsigned digit = 0;
    uint128 next = 0;
    for (int j = 0; j < 10; ++j) {
      next += rem;  // < 2 * d <= 2^128.
      if (next >= d) {
        next -= d;
        ++digit;
      }
    }
    if (quot > (kMaxMagnitude - digit) / 10) return false;
    quot = quot * 10 + digit;
    rem = next;
  }
  if (rem >= d - rem) ++quot;
  if (quot > kMaxMagnitude) return false;
  *q = quot;
  return true;
}

std::string Digits(uint128 v) {
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v != 0);
  std::reverse(digits.begin(), digits.end());
  return digits;
}

}  // namespace decimal_internal
}  // namespace hub
