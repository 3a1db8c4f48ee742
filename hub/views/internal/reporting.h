// Internal to hub/views: reporting completeness and timeliness against a
// plan's reporting calendar (protos/hub/v1/views.proto, "reporting", where
// the rules are written out).
#ifndef HUB_VIEWS_INTERNAL_REPORTING_H_
#define HUB_VIEWS_INTERNAL_REPORTING_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "hub/catalog/catalog.h"
#include "hub/v1/views.pb.h"
#include "hub/views/internal/record_cache.h"

namespace hub {
namespace views_internal {

struct CalendarEntry {
  std::string period;  // e.g. "2024H1"
  absl::CivilDay due;  // by the end of this day, CST
  int index = 0;       // position in the plan's calendar
};

// The plan's reporting calendar, in order; empty when it has none (or an
// entry does not parse: the catalog validates them).
std::vector<CalendarEntry> Calendar(const v1::Plan& plan);

// One expected report: a department's items for a region and period.
struct Expectation {
  const v1::Plan* plan = nullptr;
  CalendarEntry entry;
  std::string department;
  std::string region;
  std::vector<std::pair<v1::SubjectKind, std::string>> items;  // kind, code
};

// Which reports to expect; empty fields do not filter.
struct ExpectationFilter {
  std::string root;    // regions in this subtree
  std::string period;  // one calendar period
  std::string department;
};

// The expected reports of plan, sorted by calendar entry, region and
// department.
std::vector<Expectation> PlanExpectations(const Catalog& catalog,
                                          const v1::Plan& plan,
                                          const ExpectationFilter& filter);

// The tasks of plan without sub-tasks: the ones departments report on.
std::vector<const v1::Task*> LeafTasks(const Catalog& catalog,
                                       const v1::Plan& plan);

// How the expected report stands at now, from the items' first receipts.
absl::StatusOr<v1::ExpectedReport> JudgeReport(const Catalog& catalog,
                                               const Expectation& expected,
                                               RecordCache* records,
                                               absl::Time now);

// Adds report to rate's counts.
void Count(const v1::ExpectedReport& report, v1::ReportingRate* rate);
// Sets rate's completeness and timeliness from its counts.
void SetRates(v1::ReportingRate* rate);

}  // namespace views_internal
}  // namespace hub

#endif  // HUB_VIEWS_INTERNAL_REPORTING_H_
