// libFuzzer target: the period parser. A parsed period prints as its
// canonical text, which parses back to the same period; its first day is
// not after its last; it contains itself.
#include <cstddef>
#include <cstdint>
#include <string>

#include "hub/common/period.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto p = hub::Period::Parse(text);
  if (!p.ok()) {
    HUB_FUZZ_CHECK(p.status().code() == absl::StatusCode::kInvalidArgument,
                   p.status().ToString());
    return 0;
  }
  const std::string canonical = p->ToString();
  auto back = hub::Period::Parse(canonical);
  HUB_FUZZ_CHECK(back.ok(), canonical);
  HUB_FUZZ_CHECK(back->ToString() == canonical, canonical);
  HUB_FUZZ_CHECK(back->Contains(*p) && p->Contains(*back), canonical);
  HUB_FUZZ_CHECK(p->FirstDay() <= p->LastDay(), canonical);
  HUB_FUZZ_CHECK(hub::Period::TypeName(p->type) != nullptr, canonical);
  return 0;
}
