// Internal to tools/demo: the generator's parts.
#ifndef HUB_TOOLS_DEMO_DEMO_INTERNAL_H_
#define HUB_TOOLS_DEMO_DEMO_INTERNAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "tools/demo/demo_data.h"

namespace hub {
namespace demo_internal {

struct Jurisdiction {
  std::string city;                   // e.g. "350400"
  int year;                           // the plan's year
  std::string plan;                   // plan code
  std::vector<std::string> counties;  // reporting units (the city if none)
};

uint64_t Mix(uint64_t x);
uint64_t Hash(absl::string_view a, absl::string_view b, int c);
int64_t Uniform(uint64_t h, int64_t lo, int64_t hi);       // in [lo, hi]
int64_t MicrosAt(int year, int month, int day, int hour);  // CST

// The hub receives a report this long after the department's system
// stamped it (unless a part says otherwise).
constexpr int64_t kDeliveryMicros = 2 * 60 * 1000000LL;
constexpr int64_t kDayMicros = 86400000000LL;

// An empty submission "demo-<dept>-<city>-<suffix>" from dept@city, stamped
// at_micros by the department and received kDeliveryMicros later.
DemoSubmission NewSubmission(const std::string& dept, const std::string& city,
                             const std::string& suffix, int64_t at_micros);

std::vector<Jurisdiction> Jurisdictions(const v1::Catalog& catalog);

// Monthly component reports of ratio indicators by their owner departments.
void AppendMonthlyRatios(const v1::Catalog& catalog, const Jurisdiction& j,
                         std::vector<DemoSubmission>* out);
// Half-year and year aggregates from owners and overlapping contributors.
void AppendPeriodAggregates(const v1::Catalog& catalog, const Jurisdiction& j,
                            std::vector<DemoSubmission>* out);
// Per-person subsidies, government spending and counts for the year.
void AppendAnnualFigures(const v1::Catalog& catalog, const Jurisdiction& j,
                         std::vector<DemoSubmission>* out);
// Task progress from lead and responsible departments per reporting period.
void AppendTaskProgress(const v1::Catalog& catalog, const Jurisdiction& j,
                        std::vector<DemoSubmission>* out);
// The previous year's figures of the owners' annual reports in *out (the
// baselines of targets against the previous year), received in January
// (demo_baseline.cc).
void AppendPreviousYear(const v1::Catalog& catalog, const Jurisdiction& j,
                        std::vector<DemoSubmission>* out);

}  // namespace demo_internal
}  // namespace hub

#endif  // HUB_TOOLS_DEMO_DEMO_INTERNAL_H_
