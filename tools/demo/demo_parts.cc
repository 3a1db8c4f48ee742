// The parts of the demo year. Every figure is a pure function of the catalog
// and the names involved (see Hash), so aggregates recompute exactly from
// the monthly components, as a department's own systems would.
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/demo/demo_internal.h"

namespace hub {
namespace demo_internal {
namespace {

const std::set<std::string>& DemoDepartments() {
  static const auto* kDepts = new std::set<std::string>{
      "health_commission", "medical_insurance", "finance"};
  return *kDepts;
}

bool IsMoney(const v1::Indicator& ind) {
  return absl::StrContains(ind.code(), "fund") ||
         absl::StrContains(ind.code(), "revenue") ||
         absl::StrContains(ind.code(), "spending");
}

std::string FormatMinor(int64_t v, bool money) {
  if (!money) return absl::StrCat(v);
  return absl::StrFormat("%d.%02d", v / 100, v % 100);
}

// Typical level of a share, in hundredths of a percent, near the seeds'
// targets where the jurisdiction has one.
int64_t CentreBasisPoints(const v1::Indicator& ind, const Jurisdiction& j) {
  for (const v1::Target& t : ind.targets()) {
    if (t.region_code() == j.city &&
        t.comparator() == v1::COMPARATOR_AT_LEAST) {
      double target = std::stod(t.value());
      return static_cast<int64_t>(target * 100) - 300;
    }
  }
  static const auto* kDefaults = new std::map<std::string, int64_t>{
      {"primary_care_visit_share", 6200},
      {"county_visit_rate", 8800},
      {"county_fund_spending_share", 4700},
      {"drg_dip_fund_share", 6600},
      {"clinical_pathway_share_tertiary", 5200},
      {"clinical_pathway_share_secondary", 6800},
      {"medical_service_revenue_share", 3300},
      {"personnel_spending_share", 4000},
      {"drug_revenue_share", 2700},
      {"procurement_completion_rate", 9600}};
  auto it = kDefaults->find(ind.code());
  return it == kDefaults->end() ? 5000 : it->second;
}

struct Components {
  int64_t num = 0;
  int64_t den = 0;  // minor units (fen for money)
};

Components Monthly(const v1::Indicator& ind, const Jurisdiction& j,
                   const std::string& county, int month) {
  int64_t base = Uniform(Hash(ind.code(), county, 0), 20000, 200000);
  if (IsMoney(ind))
    base = base * 1000 + Uniform(Hash(ind.code(), county, 1), 0, 99);
  int64_t den =
      base * Uniform(Hash(ind.code(), county, 100 + month), 90, 110) / 100;
  int64_t bp = CentreBasisPoints(ind, j) +
               Uniform(Hash(ind.code(), county, 2), -500, 500) +
               Uniform(Hash(ind.code(), county, 200 + month), -100, 100);
  bp = std::max<int64_t>(100, std::min<int64_t>(bp, 9990));
  return {den * bp / 10000, den};
}

bool IsMonthlyRatio(const v1::Indicator& ind) {
  bool monthly = false;
  for (int t : ind.period_types()) monthly |= t == v1::PERIOD_TYPE_MONTH;
  return monthly && !ind.denominator().empty() &&
         DemoDepartments().count(ind.owner_department()) > 0 &&
         !absl::StrContains(ind.code(), "regional_centres");
}

v1::SubmissionItem RatioItem(const v1::Indicator& ind,
                             const std::string& region,
                             const std::string& period, Components c,
                             const std::string& note) {
  v1::SubmissionItem item;
  v1::IndicatorValue* v = item.mutable_indicator_value();
  v->set_indicator_code(ind.code());
  v->set_region_code(region);
  v->set_period(period);
  v->set_numerator(FormatMinor(c.num, IsMoney(ind)));
  v->set_denominator(FormatMinor(c.den, IsMoney(ind)));
  v->set_unit(ind.unit());
  v->set_note(note);
  return item;
}

v1::SubmissionItem ValueItem(const v1::Indicator& ind,
                             const std::string& region,
                             const std::string& period,
                             const std::string& value) {
  v1::SubmissionItem item;
  v1::IndicatorValue* v = item.mutable_indicator_value();
  v->set_indicator_code(ind.code());
  v->set_region_code(region);
  v->set_period(period);
  v->set_value(value);
  v->set_unit(ind.unit());
  return item;
}

struct Aggregate {
  std::string period;
  int first_month, last_month;
  int64_t due_micros;
};

std::vector<Aggregate> Aggregates(const v1::Catalog& catalog,
                                  const Jurisdiction& j) {
  std::vector<Aggregate> out = {
      {absl::StrCat(j.year, "H1"), 1, 6, MicrosAt(j.year, 7, 25, 23)},
      {absl::StrCat(j.year, "Q1-Q3"), 1, 9, MicrosAt(j.year, 9, 25, 23)},
      {absl::StrCat(j.year), 1, 12, MicrosAt(j.year, 11, 25, 23)}};
  return out;
}

}  // namespace

DemoSubmission NewSubmission(const std::string& dept, const std::string& city,
                             const std::string& suffix, int64_t at_micros) {
  DemoSubmission d;
  d.principal = absl::StrCat(dept, "@", city);
  v1::Submission& s = d.submission;
  s.set_submission_id(absl::StrCat("demo-", dept, "-", city, "-", suffix));
  s.set_department(dept);
  s.set_source_system(absl::StrCat(dept, "-demo"));
  s.set_adapter("canonical");
  s.set_submitted_at_micros(at_micros);
  d.received_at_micros = at_micros + kDeliveryMicros;
  return d;
}

std::vector<Jurisdiction> Jurisdictions(const v1::Catalog& catalog) {
  std::vector<Jurisdiction> out;
  for (const v1::Plan& p : catalog.plans()) {
    Jurisdiction j;
    j.city = p.region_code();
    j.year = std::stoi(p.issued_on().substr(0, 4));
    j.plan = p.code();
    for (const v1::Region& r : catalog.regions()) {
      if (r.parent_code() == j.city) j.counties.push_back(r.code());
    }
    if (j.counties.empty()) j.counties.push_back(j.city);
    out.push_back(std::move(j));
  }
  return out;
}

void AppendMonthlyRatios(const v1::Catalog& catalog, const Jurisdiction& j,
                         std::vector<DemoSubmission>* out) {
  for (const std::string& dept : DemoDepartments()) {
    for (int month = 1; month <= 12; ++month) {
      std::string period = absl::StrFormat("%d-%02d", j.year, month);
      bool late = Hash(dept, j.city, month) % 10 == 0;
      int64_t at = month == 12
                       ? MicrosAt(j.year + 1, 1, late ? 24 : 14, 10)
                       : MicrosAt(j.year, month + 1, late ? 24 : 14, 10);
      DemoSubmission d = NewSubmission(dept, j.city, period, at);
      for (const v1::Indicator& ind : catalog.indicators()) {
        if (!IsMonthlyRatio(ind) || ind.owner_department() != dept) continue;
        for (const std::string& county : j.counties) {
          *d.submission.add_items() = RatioItem(
              ind, county, period, Monthly(ind, j, county, month), "");
        }
      }
      if (d.submission.items_size() > 0) out->push_back(std::move(d));
    }
  }
}

void AppendPeriodAggregates(const v1::Catalog& catalog, const Jurisdiction& j,
                            std::vector<DemoSubmission>* out) {
  for (const Aggregate& a : Aggregates(catalog, j)) {
    for (const std::string& dept : DemoDepartments()) {
      DemoSubmission d =
          NewSubmission(dept, j.city, a.period, a.due_micros - 3 * kDayMicros);
      const bool annual = a.last_month == 12;
      if (dept == "health_commission" && a.last_month == 9) {
        // Late: received two days after the date.
        d = NewSubmission(dept, j.city, a.period, MicrosAt(j.year, 9, 27, 10));
      } else if (dept == "medical_insurance" && annual) {
        // Late, although the department's own clock says 25 November.
        d = NewSubmission(dept, j.city, a.period, MicrosAt(j.year, 11, 25, 18));
        d.received_at_micros = MicrosAt(j.year, 11, 28, 9);
      }
      for (const v1::Indicator& ind : catalog.indicators()) {
        if (!IsMonthlyRatio(ind)) continue;
        bool owner = ind.owner_department() == dept;
        bool contributor = false;
        for (const auto& c : ind.contributing_departments())
          contributor |= c == dept;
        if (!owner && !contributor) continue;
        for (size_t i = 0; i < j.counties.size(); ++i) {
          // Missing: medical insurance's annual figures leave out the last
          // county (a jurisdiction of one unit keeps it).
          if (dept == "medical_insurance" && annual && j.counties.size() > 1 &&
              i + 1 == j.counties.size()) {
            continue;
          }
          Components sum;
          for (int m = a.first_month; m <= a.last_month; ++m) {
            Components c = Monthly(ind, j, j.counties[i], m);
            sum.num += c.num;
            sum.den += c.den;
          }
          std::string note = owner ? "" : "县域医共体监测口径";
          if (contributor && i == 1) {
            sum.num = sum.num * 95 / 100;  // a different scope: disagrees
            note = "县域医共体监测口径（不含异地备案人员）";
          }
          *d.submission.add_items() =
              RatioItem(ind, j.counties[i], a.period, sum, note);
        }
      }
      if (d.submission.items_size() > 0) out->push_back(std::move(d));
    }
  }
  // Medical insurance corrects one county's first-half county-internal
  // spending after re-running its settlement extract.
  const std::string& county = j.counties[j.counties.size() > 2 ? 2 : 0];
  for (const v1::Indicator& ind : catalog.indicators()) {
    if (ind.code() != "county_fund_spending_share") continue;
    DemoSubmission d = NewSubmission("medical_insurance", j.city,
                                     absl::StrCat(j.year, "H1-correction-1"),
                                     MicrosAt(j.year, 8, 2, 16));
    Components sum;
    for (int m = 1; m <= 6; ++m) {
      Components c = Monthly(ind, j, county, m);
      sum.num += c.num;
      sum.den += c.den;
    }
    sum.num += sum.den / 500;  // +0.2 percentage points
    *d.submission.add_items() =
        RatioItem(ind, county, absl::StrCat(j.year, "H1"), sum,
                  "更正：补录6月下旬结算数据");
    out->push_back(std::move(d));
  }
}

}  // namespace demo_internal
}  // namespace hub
