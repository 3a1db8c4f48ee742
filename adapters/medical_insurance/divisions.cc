// Insurance division codes (医保区划) -> GB/T 2260 regions.
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "adapters/medical_insurance/medical_insurance.h"

namespace hub {
namespace adapters {
namespace {

// City-level pools (市本级统筹区) of the seed cities.
const internal::WordTable& CityPools() {
  static const auto* t = new internal::WordTable{
      {"350499", "350400"},  // 三明市本级
      {"410199", "410100"},  // 郑州市本级
      {"411399", "411300"},  // 南阳市本级
  };
  return *t;
}

}  // namespace

std::optional<std::string> InsuranceDivisionToRegion(
    const char* field, absl::string_view code, internal::CellParser& cells) {
  code = absl::StripAsciiWhitespace(code);
  auto pool = CityPools().find(code);
  if (pool != CityPools().end()) return pool->second;
  if (internal::Gbt2260Regions().count(code) > 0) return std::string(code);
  cells.Fail(field,
             absl::StrCat("unknown insurance division code \"", code, "\""));
  return std::nullopt;
}

}  // namespace adapters
}  // namespace hub
