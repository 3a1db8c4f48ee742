// The reporting views: completeness and timeliness, the task ledger, and
// the laggards.
#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "hub/common/cst_time.h"
#include "hub/common/status_macros.h"
#include "hub/model/errors.h"
#include "hub/views/internal/build.h"
#include "hub/views/internal/ledger.h"
#include "hub/views/internal/paging.h"
#include "hub/views/internal/regions.h"
#include "hub/views/internal/reporting.h"

namespace hub {
namespace views_internal {
namespace {

absl::Status BadField(const std::string& field, std::string description) {
  return InvalidArgumentWithViolations("bad view request",
                                       {{field, std::move(description)}});
}

std::string CalendarText(const v1::Plan& plan) {
  std::vector<std::string> entries;
  for (const CalendarEntry& e : Calendar(plan)) {
    entries.push_back(absl::StrCat(e.period, " by ", FormatDate(e.due)));
  }
  return absl::StrJoin(entries, ", ");
}

std::string PlanName(const v1::Plan& plan) {
  return absl::StrCat("plan ", plan.code(), " (", plan.document_number(), ")");
}

// The plans a reporting view covers: the one named, or every plan whose
// jurisdiction overlaps region's subtree.
std::vector<const v1::Plan*> CoveringPlans(const Catalog& catalog,
                                           const std::string& region,
                                           const v1::Plan* named) {
  if (named != nullptr) return {named};
  std::vector<const v1::Plan*> out;
  for (const v1::Plan& p : catalog.proto().plans()) {
    if (catalog.InSubtree(p.region_code(), region) ||
        catalog.InSubtree(region, p.region_code())) {
      out.push_back(&p);
    }
  }
  return out;
}

// The calendar index of period in plan's calendar; -1 when absent.
int CalendarIndex(const v1::Plan& plan, const std::string& period) {
  for (const CalendarEntry& e : Calendar(plan)) {
    if (e.period == period) return e.index;
  }
  return -1;
}

// The ledger rows of every task of plan, unfiltered.
absl::StatusOr<std::vector<v1::LedgerRow>> AllRows(
    const Catalog& catalog, const v1::Plan& plan, const std::string& region,
    const std::string& period, absl::Time now, RecordCache* records) {
  std::vector<v1::LedgerRow> rows;
  for (const OrderedTask& t : PlanOrder(catalog, plan)) {
    HUB_ASSIGN_OR_RETURN(v1::LedgerRow row, LedgerRowFor(catalog, t, region,
                                                         period, records, now));
    rows.push_back(std::move(row));
  }
  return rows;
}

absl::Status CheckLedgerRegion(const Catalog& catalog, const v1::Plan& plan,
                               const std::string& region) {
  if (catalog.InSubtree(region, plan.region_code())) return absl::OkStatus();
  return BadField("region_code",
                  absl::StrCat(region, " is outside the jurisdiction ",
                               plan.region_code(), " of ", PlanName(plan)));
}

// The expected reports of the plans a reporting request covers, in the
// report's order; notes the plans without a calendar in out.
absl::StatusOr<std::vector<Expectation>> Expected(
    const Catalog& catalog, const std::string& region, const v1::Plan* named,
    const v1::ReportingRequest& request, v1::ReportingReport* out) {
  std::vector<Expectation> expected;
  bool period_found = request.period().empty();
  for (const v1::Plan* plan : CoveringPlans(catalog, region, named)) {
    if (Calendar(*plan).empty()) {
      if (named != nullptr) {
        return absl::FailedPreconditionError(absl::StrCat(
            PlanName(*plan), " has no reporting calendar (reporting_dates)"));
      }
      out->add_plans_without_calendar(plan->code());
      continue;
    }
    if (!request.period().empty() &&
        CalendarIndex(*plan, request.period()) < 0) {
      if (named != nullptr) {
        return BadField(
            "period", absl::StrCat("\"", request.period(),
                                   "\" is not in the calendar of ",
                                   PlanName(*plan), ": ", CalendarText(*plan)));
      }
      continue;
    }
    period_found = true;
    ExpectationFilter filter{region, request.period(), request.department()};
    for (Expectation& x : PlanExpectations(catalog, *plan, filter)) {
      expected.push_back(std::move(x));
    }
  }
  if (!period_found) {
    return BadField("period", absl::StrCat("\"", request.period(),
                                           "\" is in no plan's reporting "
                                           "calendar for ",
                                           region));
  }
  return expected;
}

// Adds report to the rates by department and region and to the total.
void CountReport(const v1::ExpectedReport& r,
                 std::map<std::string, v1::ReportingRate>* by_dept,
                 std::map<std::string, v1::ReportingRate>* by_region,
                 v1::ReportingRate* total) {
  Count(r, &(*by_dept)[r.department()]);
  (*by_dept)[r.department()].set_name(r.department_name());
  Count(r, &(*by_region)[r.region_code()]);
  (*by_region)[r.region_code()].set_name(r.region_name());
  Count(r, total);
}

}  // namespace

absl::StatusOr<v1::ReportingReport> BuildReporting(
    const Catalog& catalog, const std::string& region, const v1::Plan* named,
    const v1::ReportingRequest& request, int page_size, absl::Time now,
    RecordCache* records) {
  v1::ReportingReport out;
  HUB_ASSIGN_OR_RETURN(std::vector<Expectation> expected,
                       Expected(catalog, region, named, request, &out));
  std::vector<std::string> keys;
  for (const Expectation& x : expected) {
    keys.push_back(absl::StrFormat("%s/%03d/%s/%s", x.plan->code(),
                                   x.entry.index, x.region, x.department));
  }
  HUB_ASSIGN_OR_RETURN(size_t start, PageStart(keys, request.page_token()));
  const bool first = request.page_token().empty();  // judges all, for rates
  std::map<std::string, v1::ReportingRate> by_dept, by_region;
  size_t last = 0;
  bool more = false;
  for (size_t i = start; i < expected.size(); ++i) {
    if (!first && out.reports_size() == page_size) {
      more = true;
      break;
    }
    HUB_ASSIGN_OR_RETURN(v1::ExpectedReport r,
                         JudgeReport(catalog, expected[i], records, now));
    if (first) CountReport(r, &by_dept, &by_region, out.mutable_total());
    const auto& states = request.states();
    if (!states.empty() &&
        std::find(states.begin(), states.end(), r.state()) == states.end()) {
      continue;
    }
    if (out.reports_size() == page_size) {
      more = true;
      continue;
    }
    *out.add_reports() = std::move(r);
    last = i;
  }
  for (auto* rates : {&by_dept, &by_region}) {
    for (auto& [code, rate] : *rates) {
      rate.set_code(code);
      SetRates(&rate);
      *(rates == &by_dept ? out.add_by_department() : out.add_by_region()) =
          std::move(rate);
    }
  }
  if (first) SetRates(out.mutable_total());
  if (more) out.set_next_page_token(PageToken(keys[last]));
  return out;
}

absl::StatusOr<v1::LedgerResponse> BuildLedger(const Catalog& catalog,
                                               const v1::Plan& plan,
                                               const std::string& region,
                                               const v1::LedgerRequest& request,
                                               int page_size, absl::Time now,
                                               RecordCache* records) {
  HUB_RETURN_IF_ERROR(CheckLedgerRegion(catalog, plan, region));
  const std::string period = request.period().empty()
                                 ? DefaultLedgerPeriod(plan, now)
                                 : request.period();
  HUB_ASSIGN_OR_RETURN(std::vector<v1::LedgerRow> rows,
                       AllRows(catalog, plan, region, period, now, records));
  v1::LedgerResponse out;
  out.set_plan_code(plan.code());
  out.set_document_number(plan.document_number());
  out.set_region_code(region);
  out.set_period(period);
  *out.mutable_summary() = Summarize(rows);
  std::vector<const v1::LedgerRow*> kept = FilterLedger(rows, request);
  std::vector<std::string> keys;
  for (const v1::LedgerRow* r : kept) {
    keys.push_back(absl::StrFormat("%06d", r - rows.data()));
  }
  HUB_ASSIGN_OR_RETURN(PageRange page,
                       Page(keys, request.page_token(), page_size));
  for (size_t i = page.begin; i < page.end; ++i) *out.add_rows() = *kept[i];
  out.set_next_page_token(page.next_page_token);
  return out;
}

absl::StatusOr<v1::LaggardsResponse> BuildLaggards(
    const Catalog& catalog, const v1::Plan& plan, const std::string& region,
    const v1::LaggardsRequest& request, absl::Time now, RecordCache* records) {
  HUB_RETURN_IF_ERROR(CheckLedgerRegion(catalog, plan, region));
  const std::string period = request.period().empty()
                                 ? DefaultLedgerPeriod(plan, now)
                                 : request.period();
  HUB_ASSIGN_OR_RETURN(std::vector<v1::LedgerRow> rows,
                       AllRows(catalog, plan, region, period, now, records));
  // Reports of the calendar periods that end by the end of the period.
  absl::StatusOr<Period> judged = Period::Parse(period);
  std::vector<v1::ExpectedReport> reports;
  for (const Expectation& x :
       PlanExpectations(catalog, plan, ExpectationFilter{region, "", ""})) {
    if (!judged.ok() ||
        Period::Parse(x.entry.period)->LastDay() > judged->LastDay()) {
      continue;
    }
    HUB_ASSIGN_OR_RETURN(v1::ExpectedReport r,
                         JudgeReport(catalog, x, records, now));
    reports.push_back(std::move(r));
  }
  v1::LaggardsResponse out =
      RankLaggards(catalog, rows, reports, request.limit());
  out.set_plan_code(plan.code());
  out.set_period(period);
  return out;
}

}  // namespace views_internal
}  // namespace hub
