// libFuzzer target: the exact decimal parser and arithmetic. The input is
// two texts separated by a NUL. Parse never crashes; a parsed value prints
// as text that parses back to the same value; sums, products and quotients
// either succeed exactly or say why.
#include <cstddef>
#include <cstdint>
#include <string>

#include "hub/common/decimal.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

void RoundTrip(const hub::Decimal& d) {
  auto back = hub::Decimal::Parse(d.ToString());
  HUB_FUZZ_CHECK(back.ok(), d.ToString());
  HUB_FUZZ_CHECK(*back == d, d.ToString());
  HUB_FUZZ_CHECK(d.Normalized() == d, d.ToString());
  HUB_FUZZ_CHECK(d.Negated().Negated() == d, d.ToString());
  HUB_FUZZ_CHECK(d.Abs().sign() >= 0, d.ToString());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const std::string a_text = input.substr(0, nul);
  const std::string b_text =
      nul == std::string::npos ? std::string("1") : input.substr(nul + 1);
  auto a = hub::Decimal::Parse(a_text);
  auto b = hub::Decimal::Parse(b_text);
  if (a.ok()) RoundTrip(*a);
  if (b.ok()) RoundTrip(*b);
  if (!a.ok() || !b.ok()) return 0;
  auto sum = a->Add(*b);
  if (sum.ok()) {
    RoundTrip(*sum);
    auto diff = sum->Sub(*b);
    if (diff.ok()) HUB_FUZZ_CHECK(*diff == *a, sum->ToString());
  }
  auto product = a->Mul(*b);
  if (product.ok()) RoundTrip(*product);
  for (int scale : {0, 2, 6, hub::Decimal::kMaxScale}) {
    auto q = hub::Decimal::Divide(*a, *b, scale);
    if (b->sign() == 0) HUB_FUZZ_CHECK(!q.ok(), "division by zero refused");
    if (q.ok()) RoundTrip(*q);
  }
  HUB_FUZZ_CHECK((a->Compare(*b) < 0) == (*a < *b), "compare");
  HUB_FUZZ_CHECK(a->Compare(*b) == -b->Compare(*a), "antisymmetric");
  for (int min_scale : {0, 2}) {
    auto text = hub::Decimal::Parse(a->CanonicalText(min_scale));
    HUB_FUZZ_CHECK(text.ok() && *text == *a, a->CanonicalText(min_scale));
  }
  auto scaled = a->ScaleByPowerOfTen(2);
  if (scaled.ok()) RoundTrip(*scaled);
  return 0;
}
