// Annual figures and task progress of the demo year.
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/demo/demo_internal.h"

namespace hub {
namespace demo_internal {
namespace {

// National per-person standards (yuan) by year: resident basic medical
// insurance fiscal subsidy (+30 a year) and basic public health (+5).
int ResidentSubsidy(int year) { return 580 + 30 * (year - 2021); }
int PublicHealthSubsidy(int year) { return 79 + 5 * (year - 2021); }

const v1::Indicator* Find(const v1::Catalog& c, absl::string_view code) {
  for (const v1::Indicator& i : c.indicators()) {
    if (i.code() == code) return &i;
  }
  return nullptr;
}

void AddValue(DemoSubmission* d, const v1::Indicator& ind,
              const std::string& region, const std::string& period,
              const std::string& value, const std::string& note = "") {
  v1::IndicatorValue* v = d->submission.add_items()->mutable_indicator_value();
  v->set_indicator_code(ind.code());
  v->set_region_code(region);
  v->set_period(period);
  v->set_value(value);
  v->set_unit(ind.unit());
  v->set_note(note);
}

// A per-person standard reported by its owner and a contributor; the
// contributor disagrees in county `odd` (it used last year's figure).
void AddStandard(const v1::Catalog& catalog, const Jurisdiction& j,
                 absl::string_view code, int standard, int step, size_t odd,
                 std::map<std::string, DemoSubmission>* by_dept) {
  const v1::Indicator* ind = Find(catalog, code);
  if (ind == nullptr) return;
  std::string year = absl::StrCat(j.year);
  std::vector<std::string> regions = j.counties;
  if (regions.front() != j.city) regions.push_back(j.city);
  for (size_t i = 0; i < regions.size(); ++i) {
    std::string value = absl::StrCat(standard, ".00");
    AddValue(&by_dept->at(ind->owner_department()), *ind, regions[i], year,
             value);
    for (const std::string& c : ind->contributing_departments()) {
      if (by_dept->count(c) == 0) continue;
      bool differ = i == odd;
      AddValue(&by_dept->at(c), *ind, regions[i], year,
               differ ? absl::StrCat(standard - step, ".00") : value,
               differ ? "按上年度标准填报" : "");
    }
  }
}

}  // namespace

void AppendAnnualFigures(const v1::Catalog& catalog, const Jurisdiction& j,
                         std::vector<DemoSubmission>* out) {
  std::map<std::string, DemoSubmission> by_dept;
  int64_t at = MicrosAt(j.year, 11, 20, 15);
  for (const char* dept :
       {"finance", "medical_insurance", "health_commission"}) {
    by_dept.emplace(
        dept, NewSubmission(dept, j.city, absl::StrCat(j.year, "-annual"), at));
  }
  AddStandard(catalog, j, "resident_insurance_subsidy_per_person",
              ResidentSubsidy(j.year), 30, 0, &by_dept);
  AddStandard(catalog, j, "basic_public_health_subsidy_per_person",
              PublicHealthSubsidy(j.year), 5, 3 % j.counties.size(), &by_dept);

  // Government spending on public hospitals: finance by quarter and year,
  // the health commission for the year (within the one-yuan tolerance).
  if (const v1::Indicator* ind =
          Find(catalog, "govt_spending_public_hospitals")) {
    for (const std::string& county : j.counties) {
      int64_t year_fen = 0;
      for (int q = 1; q <= 4; ++q) {
        int64_t fen =
            Uniform(Hash(ind->code(), county, q), 800000, 4000000) * 100;
        year_fen += fen;
        AddValue(&by_dept.at("finance"), *ind, county,
                 absl::StrCat(j.year, "Q", q),
                 absl::StrFormat("%d.%02d", fen / 100, fen % 100));
      }
      std::string total =
          absl::StrFormat("%d.%02d", year_fen / 100, year_fen % 100);
      AddValue(&by_dept.at("finance"), *ind, county, absl::StrCat(j.year),
               total);
      AddValue(&by_dept.at("health_commission"), *ind, county,
               absl::StrCat(j.year), total);
    }
  }
  // City-level counts with targets in this jurisdiction.
  for (const v1::Indicator& ind : catalog.indicators()) {
    if (ind.owner_department() != "health_commission" ||
        !ind.denominator().empty()) {
      continue;
    }
    for (const v1::Target& t : ind.targets()) {
      if (t.region_code() != j.city ||
          t.comparator() != v1::COMPARATOR_AT_LEAST) {
        continue;
      }
      int64_t target = std::stoll(t.value());
      int64_t value =
          target * Uniform(Hash(ind.code(), j.city, 7), 85, 115) / 100;
      AddValue(&by_dept.at("health_commission"), ind, j.city,
               absl::StrCat(j.year), absl::StrCat(value));
      break;
    }
  }
  for (auto& [dept, d] : by_dept) {
    if (d.submission.items_size() > 0) out->push_back(std::move(d));
  }
}

void AppendTaskProgress(const v1::Catalog& catalog, const Jurisdiction& j,
                        std::vector<DemoSubmission>* out) {
  static const std::set<std::string> kDepts = {"health_commission",
                                               "medical_insurance", "finance"};
  std::set<std::string> parents;
  for (const v1::Task& t : catalog.tasks()) parents.insert(t.parent_code());
  const std::vector<std::pair<std::string, int64_t>> periods = {
      {absl::StrCat(j.year, "H1"), MicrosAt(j.year, 7, 25, 12)},
      {absl::StrCat(j.year, "Q1-Q3"), MicrosAt(j.year, 9, 25, 12)},
      {absl::StrCat(j.year), MicrosAt(j.year, 11, 25, 12)}};
  static const char* kTexts[] = {
      "已召开专题会议研究部署，细化分工，按月调度推进",
      "已出台配套文件，正在组织各县（市、区）落实",
      "完成阶段性目标，进入巩固提升阶段", "已建立工作台账，逐项销号推进"};
  for (size_t p = 0; p < periods.size(); ++p) {
    for (const std::string& dept : kDepts) {
      // Missing: finance sends no three-quarter progress. Late: medical
      // insurance's first-half progress arrives on 29 July.
      if (dept == "finance" && p == 1) continue;
      bool late = dept == "medical_insurance" && p == 0;
      int64_t at = periods[p].second + (late ? 4 : -2) * kDayMicros;
      DemoSubmission d = NewSubmission(
          dept, j.city, absl::StrCat("progress-", periods[p].first), at);
      for (const v1::Task& t : catalog.tasks()) {
        if (t.plan_code() != j.plan || parents.count(t.code()) > 0) continue;
        bool named = false;
        for (const auto& l : t.lead_departments()) named |= l == dept;
        for (const auto& r : t.responsible_departments()) named |= r == dept;
        if (!named) continue;
        // The period in which this department completes the task; 3 = not
        // this year, 4 = blocked at year end.
        uint64_t r = Hash(t.code(), dept, 0) % 100;
        int done = r < 15 ? 0 : r < 40 ? 1 : r < 75 ? 2 : r < 95 ? 3 : 4;
        v1::TaskProgress* tp =
            d.submission.add_items()->mutable_task_progress();
        tp->set_task_code(t.code());
        tp->set_region_code(j.city);
        tp->set_period(periods[p].first);
        if (static_cast<int>(p) >= done) {
          tp->set_status(v1::TASK_STATUS_COMPLETED);
          tp->set_text("已完成：按期完成年度目标任务");
        } else if (done == 4 && p == 2) {
          tp->set_status(v1::TASK_STATUS_BLOCKED);
          tp->set_text("受阻：需市级层面协调资金与编制");
        } else {
          tp->set_status(v1::TASK_STATUS_IN_PROGRESS);
          tp->set_text(kTexts[Hash(t.code(), dept, static_cast<int>(p)) % 4]);
        }
      }
      if (d.submission.items_size() > 0) out->push_back(std::move(d));
    }
  }
}

}  // namespace demo_internal
}  // namespace hub
