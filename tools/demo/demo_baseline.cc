// The year before each demo year: the owners' final figures for it, which
// target attainment compares with (a change against the previous year, "+30
// 元", "+1 个百分点", and the projection of a level target to its deadline).
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "hub/common/decimal.h"
#include "tools/demo/demo_internal.h"

namespace hub {
namespace demo_internal {
namespace {

const v1::Indicator* Find(const v1::Catalog& c, const std::string& code) {
  for (const v1::Indicator& i : c.indicators()) {
    if (i.code() == code) return &i;
  }
  return nullptr;
}

// The jurisdiction's increase-by target of ind (30 for +30 元), else 0.
int64_t Increase(const v1::Indicator& ind, const Jurisdiction& j) {
  for (const v1::Target& t : ind.targets()) {
    int64_t v = 0;
    if (t.region_code() == j.city &&
        t.comparator() == v1::COMPARATOR_INCREASE_BY &&
        absl::SimpleAtoi(t.value(), &v)) {
      return v;
    }
  }
  return 0;
}

Decimal D(const std::string& text) {
  absl::StatusOr<Decimal> d = Decimal::Parse(text);
  return d.ok() ? *d : Decimal();
}

// The previous year's item for one of the year's items: a share a little
// lower (from 0.5 points higher to 2.5 points lower), a per-person standard
// lower by the jurisdiction's yearly increase (by 5 yuan less in one
// region, so that one misses "+30 元").
bool Baseline(const v1::Indicator& ind, const Jurisdiction& j,
              const v1::IndicatorValue& v, v1::IndicatorValue* out) {
  *out = v;
  out->set_period(absl::StrCat(j.year - 1));
  out->clear_note();
  if (!v.denominator().empty()) {
    const int64_t centi_points =
        Uniform(Hash(ind.code(), v.region_code(), 900), -50, 250);
    Decimal den = D(v.denominator());
    absl::StatusOr<Decimal> drop =
        Decimal::Divide(*den.Mul(Decimal::FromInt(centi_points)),
                        Decimal::FromInt(10000), D(v.numerator()).scale());
    if (!drop.ok()) return false;
    out->set_numerator(D(v.numerator()).Sub(*drop)->ToString());
    return true;
  }
  const int64_t step = Increase(ind, j);
  if (step == 0) return false;
  const bool short_region =
      v.region_code() == j.counties[1 % j.counties.size()];
  out->set_value(D(v.value())
                     .Sub(Decimal::FromInt(short_region ? step - 5 : step))
                     ->ToString());
  return true;
}

}  // namespace

void AppendPreviousYear(const v1::Catalog& catalog, const Jurisdiction& j,
                        std::vector<DemoSubmission>* out) {
  const std::string year = absl::StrCat(j.year);
  std::map<std::string, DemoSubmission> by_dept;
  for (const DemoSubmission& d : *out) {
    const v1::Submission& s = d.submission;
    if (d.principal != absl::StrCat(s.department(), "@", j.city)) continue;
    for (const v1::SubmissionItem& item : s.items()) {
      const v1::IndicatorValue& v = item.indicator_value();
      const v1::Indicator* ind = Find(catalog, v.indicator_code());
      if (!item.has_indicator_value() || v.period() != year || ind == nullptr ||
          ind->owner_department() != s.department()) {
        continue;
      }
      v1::IndicatorValue baseline;
      if (!Baseline(*ind, j, v, &baseline)) continue;
      auto [it, fresh] = by_dept.try_emplace(s.department());
      if (fresh) {
        // The previous year's final statistics arrive in mid-January.
        it->second = NewSubmission(s.department(), j.city,
                                   absl::StrCat(j.year - 1, "-final"),
                                   MicrosAt(j.year, 1, 15, 10));
      }
      *it->second.submission.add_items()->mutable_indicator_value() =
          std::move(baseline);
    }
  }
  for (auto& [dept, d] : by_dept) out->push_back(std::move(d));
}

}  // namespace demo_internal
}  // namespace hub
