#include "hub/views/internal/reporting.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "hub/common/cst_time.h"
#include "hub/common/decimal.h"
#include "hub/common/period.h"
#include "hub/common/status_macros.h"
#include "hub/views/internal/regions.h"

namespace hub {
namespace views_internal {
namespace {

// The indicators a plan's departments report: those with a target of the
// plan and those linked from its tasks.
std::set<std::string> PlanIndicators(const Catalog& catalog,
                                     const v1::Plan& plan) {
  std::set<std::string> out;
  for (const v1::Indicator& ind : catalog.proto().indicators()) {
    for (const v1::Target& t : ind.targets()) {
      if (t.plan_code() == plan.code()) out.insert(ind.code());
    }
  }
  for (const v1::Task& t : catalog.proto().tasks()) {
    if (t.plan_code() != plan.code()) continue;
    for (const std::string& code : t.indicator_codes()) {
      if (catalog.FindIndicator(code) != nullptr) out.insert(code);
    }
  }
  return out;
}

bool Reports(const v1::Indicator& ind, v1::PeriodType type) {
  return std::find(ind.period_types().begin(), ind.period_types().end(),
                   type) != ind.period_types().end();
}

// a followed by b, without repeats, in order.
std::vector<std::string> Union(
    const google::protobuf::RepeatedPtrField<std::string>& a,
    const google::protobuf::RepeatedPtrField<std::string>& b) {
  std::vector<std::string> out;
  for (const auto* list : {&a, &b}) {
    for (const std::string& d : *list) {
      if (std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
    }
  }
  return out;
}

int DaysAfter(absl::Time t, absl::CivilDay due) {
  absl::CivilDay day = absl::ToCivilDay(t, ChinaStandardTime());
  return std::max<int>(0, static_cast<int>(day - due));
}

const v1::Contribution* ContributionOf(const v1::MergedRecord* r,
                                       const std::string& department) {
  if (r == nullptr) return nullptr;
  for (const v1::Contribution& c : r->contributions()) {
    if (c.department() == department) return &c;
  }
  return nullptr;
}

// One item's receipt: the first receipt of the department's contribution.
void JudgeItem(const v1::Contribution* c, const CalendarEntry& entry,
               v1::ReportItem* item) {
  if (c == nullptr) return;
  const bool has_first = c->first_accepted_at_micros() != 0;
  const int64_t first =
      has_first ? c->first_accepted_at_micros() : c->accepted_at_micros();
  item->set_received(true);
  item->set_received_at_micros(first);
  item->set_submitted_at_micros(has_first ? c->first_submitted_at_micros()
                                          : c->submitted_at_micros());
  if (c->accepted_at_micros() > first) {
    item->set_corrected_at_micros(c->accepted_at_micros());
  }
  item->set_days_late(DaysAfter(FromUnixMicros(first), entry.due));
}

// The report's state and times from its judged items.
void Summarize(const CalendarEntry& entry, absl::Time now,
               v1::ExpectedReport* r) {
  const absl::Time due_end = EndOfDayCst(entry.due);
  for (const v1::ReportItem& item : r->items()) {
    if (!item.received()) continue;
    r->set_items_received(r->items_received() + 1);
    if (FromUnixMicros(item.received_at_micros()) < due_end) {
      r->set_items_on_time(r->items_on_time() + 1);
    }
    if (item.received_at_micros() >= r->received_at_micros()) {
      r->set_received_at_micros(item.received_at_micros());
      r->set_submitted_at_micros(item.submitted_at_micros());
    }
    r->set_corrected_at_micros(
        std::max(r->corrected_at_micros(), item.corrected_at_micros()));
    r->set_days_late(std::max(r->days_late(), item.days_late()));
  }
  const bool complete = r->items_received() == r->items_expected();
  if (complete) {
    r->set_state(r->items_on_time() == r->items_expected()
                     ? v1::REPORT_STATE_ON_TIME
                     : v1::REPORT_STATE_LATE);
  } else if (now < due_end) {
    r->set_state(v1::REPORT_STATE_NOT_DUE);
    r->set_days_late(0);
  } else {
    r->set_state(r->items_received() == 0 ? v1::REPORT_STATE_MISSING
                                          : v1::REPORT_STATE_PARTIAL);
    r->set_days_late(DaysAfter(now, entry.due));  // outstanding for
  }
}

std::string Percent(int n, int of) {
  if (of == 0) return "";
  absl::StatusOr<Decimal> p =
      Decimal::Divide(Decimal::FromInt(100LL * n), Decimal::FromInt(of), 2);
  return p.ok() ? p->ToString() : "";
}

}  // namespace

std::vector<CalendarEntry> Calendar(const v1::Plan& plan) {
  std::vector<CalendarEntry> out;
  const int n =
      std::min(plan.reporting_dates_size(), plan.reporting_periods_size());
  for (int i = 0; i < n; ++i) {
    absl::StatusOr<absl::CivilDay> due = ParseDate(plan.reporting_dates(i));
    if (!due.ok() || !Period::Parse(plan.reporting_periods(i)).ok()) continue;
    out.push_back({plan.reporting_periods(i), *due, i});
  }
  return out;
}

std::vector<const v1::Task*> LeafTasks(const Catalog& catalog,
                                       const v1::Plan& plan) {
  std::set<std::string> parents;
  for (const v1::Task& t : catalog.proto().tasks()) {
    if (t.plan_code() == plan.code()) parents.insert(t.parent_code());
  }
  std::vector<const v1::Task*> out;
  for (const v1::Task& t : catalog.proto().tasks()) {
    if (t.plan_code() == plan.code() && parents.count(t.code()) == 0) {
      out.push_back(&t);
    }
  }
  return out;
}

std::vector<Expectation> PlanExpectations(const Catalog& catalog,
                                          const v1::Plan& plan,
                                          const ExpectationFilter& filter) {
  std::map<std::tuple<int, std::string, std::string>, Expectation> units;
  auto expect = [&](const CalendarEntry& e, const std::string& region,
                    const std::string& dept, v1::SubjectKind kind,
                    const std::string& code) {
    if (!filter.department.empty() && dept != filter.department) return;
    if (!filter.root.empty() && !catalog.InSubtree(region, filter.root)) return;
    Expectation& x = units[{e.index, region, dept}];
    x.plan = &plan;
    x.entry = e;
    x.department = dept;
    x.region = region;
    x.items.emplace_back(kind, code);
  };
  const std::vector<const v1::Task*> tasks = LeafTasks(catalog, plan);
  const std::set<std::string> indicators = PlanIndicators(catalog, plan);
  for (const CalendarEntry& e : Calendar(plan)) {
    if (!filter.period.empty() && e.period != filter.period) continue;
    const Period period = *Period::Parse(e.period);
    for (const v1::Task* t : tasks) {
      for (const std::string& d :
           Union(t->lead_departments(), t->responsible_departments())) {
        expect(e, plan.region_code(), d, v1::SUBJECT_KIND_TASK, t->code());
      }
    }
    for (const std::string& code : indicators) {
      const v1::Indicator& ind = *catalog.FindIndicator(code);
      if (!Reports(ind, period.type)) continue;
      google::protobuf::RepeatedPtrField<std::string> owner;
      *owner.Add() = ind.owner_department();
      const std::vector<std::string> depts =
          Union(owner, ind.contributing_departments());
      for (const std::string& region :
           RegionsAtLevel(catalog, plan.region_code(), ind.report_level())) {
        for (const std::string& d : depts) {
          expect(e, region, d, v1::SUBJECT_KIND_INDICATOR, code);
        }
      }
    }
  }
  std::vector<Expectation> out;
  out.reserve(units.size());
  for (auto& [key, x] : units) out.push_back(std::move(x));
  return out;
}

absl::StatusOr<v1::ExpectedReport> JudgeReport(const Catalog& catalog,
                                               const Expectation& x,
                                               RecordCache* records,
                                               absl::Time now) {
  v1::ExpectedReport r;
  r.set_plan_code(x.plan->code());
  r.set_period(x.entry.period);
  r.set_due_date(FormatDate(x.entry.due));
  r.set_department(x.department);
  r.set_department_name(DepartmentName(catalog, x.department));
  r.set_region_code(x.region);
  r.set_region_name(RegionName(catalog, x.region));
  r.set_items_expected(static_cast<int>(x.items.size()));
  for (const auto& [kind, code] : x.items) {
    HUB_ASSIGN_OR_RETURN(const v1::MergedRecord* rec,
                         records->Find(kind, code, x.region, x.entry.period));
    v1::ReportItem* item = r.add_items();
    item->set_kind(kind);
    item->set_code(code);
    JudgeItem(ContributionOf(rec, x.department), x.entry, item);
  }
  Summarize(x.entry, now, &r);
  return r;
}

void Count(const v1::ExpectedReport& report, v1::ReportingRate* rate) {
  rate->set_expected(rate->expected() + 1);
  switch (report.state()) {
    case v1::REPORT_STATE_ON_TIME:
      rate->set_on_time(rate->on_time() + 1);
      break;
    case v1::REPORT_STATE_LATE:
      rate->set_late(rate->late() + 1);
      break;
    case v1::REPORT_STATE_PARTIAL:
      rate->set_partial(rate->partial() + 1);
      break;
    case v1::REPORT_STATE_MISSING:
      rate->set_missing(rate->missing() + 1);
      break;
    default:
      rate->set_not_due(rate->not_due() + 1);
  }
}

void SetRates(v1::ReportingRate* rate) {
  const int due = rate->expected() - rate->not_due();
  rate->set_completeness_rate(Percent(rate->on_time() + rate->late(), due));
  rate->set_timeliness_rate(Percent(rate->on_time(), due));
}

}  // namespace views_internal
}  // namespace hub
