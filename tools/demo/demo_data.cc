#include "tools/demo/demo_data.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "hub/common/cst_time.h"
#include "hub/common/decimal.h"
#include "tools/demo/demo_internal.h"

namespace hub {
namespace demo_internal {

uint64_t Mix(uint64_t x) {  // splitmix64
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t Hash(absl::string_view a, absl::string_view b, int c) {
  uint64_t h = 1469598103934665603ULL;  // FNV-1a, then mixed
  for (char ch : absl::StrCat(a, "|", b, "|", c)) {
    h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ULL;
  }
  return Mix(h);
}

int64_t Uniform(uint64_t h, int64_t lo, int64_t hi) {
  return lo + static_cast<int64_t>(h % static_cast<uint64_t>(hi - lo + 1));
}

int64_t MicrosAt(int year, int month, int day, int hour) {
  absl::CivilSecond cs(year, month, day, hour, 0, 0);
  return ToUnixMicros(absl::FromCivil(cs, ChinaStandardTime()));
}

}  // namespace demo_internal

using namespace demo_internal;  // NOLINT: internal helpers of this file

std::vector<DemoSubmission> GenerateDemo(const v1::Catalog& catalog) {
  std::vector<Jurisdiction> jurisdictions = Jurisdictions(catalog);
  std::vector<DemoSubmission> out;
  for (const Jurisdiction& j : jurisdictions) {
    AppendMonthlyRatios(catalog, j, &out);
    AppendPeriodAggregates(catalog, j, &out);
    AppendAnnualFigures(catalog, j, &out);
    AppendTaskProgress(catalog, j, &out);
    AppendPreviousYear(catalog, j, &out);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const DemoSubmission& a, const DemoSubmission& b) {
                     return a.received_at_micros < b.received_at_micros;
                   });
  return out;
}

int64_t DemoCatalogMicros(const v1::Catalog& catalog) {
  int year = 0;
  for (const Jurisdiction& j : Jurisdictions(catalog)) {
    if (year == 0 || j.year < year) year = j.year;
  }
  return MicrosAt(year == 0 ? 2021 : year, 1, 1, 9);
}

}  // namespace hub
