#include "hub/views/internal/attainment.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "hub/common/cst_time.h"
#include "hub/common/decimal.h"
#include "hub/common/status_macros.h"
#include "hub/views/internal/regions.h"
#include "hub/views/internal/rollup.h"

namespace hub {
namespace views_internal {
namespace {

bool IsLevel(v1::Comparator c) {
  return c == v1::COMPARATOR_AT_LEAST || c == v1::COMPARATOR_AT_MOST;
}

int MonthsBetween(absl::CivilDay from, absl::CivilDay to) {
  return static_cast<int>((to.year() - from.year()) * 12 +
                          (to.month() - from.month()));
}

// "percentage points" for a percent, else the indicator's unit.
std::string ChangeUnit(const v1::Indicator& ind) {
  return ind.dimension() == v1::DIMENSION_PERCENT
             ? " percentage points"
             : absl::StrCat(" ", ind.unit());
}

std::string Signed(const Decimal& d) {
  return d.sign() > 0 ? absl::StrCat("+", d.ToString()) : d.ToString();
}

void SetState(v1::TargetCheck* c, v1::AttainmentState state,
              std::string explanation) {
  c->set_state(state);
  c->set_explanation(std::move(explanation));
}

// A level target (at least, at most): see views.proto.
void JudgeLevel(const v1::Indicator& ind, const Decimal& v,
                const std::optional<Decimal>& b, const Decimal& t,
                v1::TargetCheck* c) {
  const bool at_most = c->comparator() == v1::COMPARATOR_AT_MOST;
  const char* ok = at_most ? " ≤ " : " ≥ ";
  const char* not_ok = at_most ? " > " : " < ";
  c->set_required(t.ToString());
  const bool meets = at_most ? v <= t : v >= t;
  const std::string vt =
      absl::StrCat(v.ToString(), meets ? ok : not_ok, t.ToString());
  if (c->final()) {
    SetState(c, meets ? v1::ATTAINMENT_STATE_MET : v1::ATTAINMENT_STATE_MISSED,
             absl::StrCat(vt, meets ? ": met" : ": missed"));
    return;
  }
  if (meets) {
    SetState(c, v1::ATTAINMENT_STATE_ON_TRACK,
             absl::StrCat(vt, " already, before the deadline ", c->deadline(),
                          ": on track"));
    return;
  }
  if (!b.has_value()) {
    SetState(c, v1::ATTAINMENT_STATE_AT_RISK,
             absl::StrCat(vt, " and no ", c->baseline_period(),
                          " value to project a trend from: at risk"));
    return;
  }
  const int m = c->months_to_deadline();
  const Decimal slope = *v.Sub(*b);
  // value + slope * m / 12 reaches t, compared exactly: slope * m vs
  // (t - value) * 12.
  const Decimal climb = *slope.Mul(Decimal::FromInt(m));
  const Decimal gap = *t.Sub(v)->Mul(Decimal::FromInt(12));
  const bool on_track = at_most ? climb <= gap : climb >= gap;
  absl::StatusOr<Decimal> rise =
      Decimal::Divide(climb, Decimal::FromInt(12), ind.precision());
  std::string projected = rise.ok() ? v.Add(*rise)->ToString() : "?";
  c->set_projected(projected);
  SetState(
      c,
      on_track ? v1::ATTAINMENT_STATE_ON_TRACK : v1::ATTAINMENT_STATE_AT_RISK,
      absl::StrCat(v.ToString(), " + (", v.ToString(), " - ", b->ToString(),
                   ") x ", m, "/12 = ", projected, on_track ? ok : not_ok,
                   t.ToString(), " by ", c->deadline(),
                   on_track ? ": on track" : ": at risk"));
}

// A change against the previous year (increase by, increase).
void JudgeChange(const v1::Indicator& ind, const Decimal& v,
                 const std::optional<Decimal>& b, const Decimal& increase,
                 const Observation& baseline, v1::TargetCheck* c) {
  if (!b.has_value()) {
    c->set_missing(baseline.missing);
    SetState(c, v1::ATTAINMENT_STATE_NO_DATA,
             absl::StrCat("needs the ", c->baseline_period(),
                          " value: ", baseline.missing));
    return;
  }
  const bool by = c->comparator() == v1::COMPARATOR_INCREASE_BY;
  const Decimal change = *v.Sub(*b);
  c->set_change(change.ToString());
  c->set_required(by ? b->Add(increase)->ToString() : b->ToString());
  const bool meets = by ? change >= increase : change.sign() > 0;
  std::string text = absl::StrCat(
      v.ToString(), " - ", b->ToString(), " = ", Signed(change),
      ChangeUnit(ind), meets ? (by ? " ≥ +" : " > ") : (by ? " < +" : " ≤ "),
      by ? increase.ToString() : "0");
  v1::AttainmentState state =
      c->final()
          ? (meets ? v1::ATTAINMENT_STATE_MET : v1::ATTAINMENT_STATE_MISSED)
          : (meets ? v1::ATTAINMENT_STATE_ON_TRACK
                   : v1::ATTAINMENT_STATE_AT_RISK);
  const char* word = state == v1::ATTAINMENT_STATE_MET        ? ": met"
                     : state == v1::ATTAINMENT_STATE_MISSED   ? ": missed"
                     : state == v1::ATTAINMENT_STATE_ON_TRACK ? ": on track"
                                                              : ": at risk";
  SetState(c, state, absl::StrCat(text, word));
}

}  // namespace

Period PreviousYear(const Period& period) {
  Period p = period;
  p.year -= 1;
  return p;
}

absl::StatusOr<Observation> Observe(const Catalog& catalog,
                                    const v1::Indicator& ind,
                                    const std::string& region,
                                    const std::string& period,
                                    RecordCache* records) {
  Observation out;
  HUB_ASSIGN_OR_RETURN(const v1::MergedRecord* own,
                       records->Indicator(ind.code(), region, period));
  if (own != nullptr && !own->value().empty()) {
    out.value = own->value();
    out.source = "record";
    return out;
  }
  const std::string where =
      absl::StrCat(RegionName(catalog, region), " (", region, ") ", period);
  out.missing = own == nullptr ? absl::StrCat("no record for ", where)
                               : absl::StrCat(where, " has no merged value");
  std::vector<std::string> units = Units(catalog, region, ind);
  if (!CheckRollsUp(ind).ok() || (units.size() == 1 && units[0] == region)) {
    return out;
  }
  HUB_ASSIGN_OR_RETURN(v1::Rollup rollup, ComputeRollup(
                                              catalog, ind, region, period,
                                              [&](const std::string& r) {
                                                return records->Indicator(
                                                    ind.code(), r, period);
                                              },
                                              /*with_parts=*/false));
  if (rollup.value().empty()) {
    absl::StrAppend(&out.missing, ", nor from its units (", rollup.coverage(),
                    ")");
    return out;
  }
  out.value = rollup.value();
  out.source = "rollup";
  out.coverage = rollup.coverage();
  out.missing.clear();
  return out;
}

std::vector<TargetGroup> ApplicableTargets(const Catalog& catalog,
                                           const v1::Indicator& ind,
                                           const Period& judged,
                                           const std::string& plan_code) {
  std::vector<TargetGroup> out;
  std::map<std::tuple<std::string, std::string, std::string, std::string>,
           size_t>
      groups;
  for (const v1::Target& t : ind.targets()) {
    if (!plan_code.empty() && t.plan_code() != plan_code) continue;
    absl::StatusOr<Period> by = Period::Parse(t.by_period());
    if (!by.ok() || judged.LastDay() > by->LastDay()) continue;
    if (IsLevel(t.comparator())) {
      int start = by->year;
      const v1::Plan* plan = catalog.FindPlan(t.plan_code());
      absl::StatusOr<absl::CivilDay> issued =
          plan == nullptr ? absl::InvalidArgumentError("")
                          : ParseDate(plan->issued_on());
      if (issued.ok()) start = static_cast<int>(issued->year());
      if (judged.year < start) continue;
    } else if (judged.year != by->year) {
      continue;
    }
    auto key = std::make_tuple(t.plan_code(), t.region_code(), t.by_period(),
                               t.source_text());
    auto [it, fresh] = groups.emplace(key, out.size());
    if (fresh) out.emplace_back();
    out[it->second].targets.push_back(&t);
  }
  return out;
}

std::vector<std::string> TargetRegions(const Catalog& catalog,
                                       const v1::Indicator& ind,
                                       const v1::Target& target,
                                       const std::string& root) {
  std::vector<std::string> out;
  const v1::RegionLevel level =
      ind.report_level() == v1::REGION_LEVEL_UNSPECIFIED
          ? v1::REGION_LEVEL_COUNTY
          : ind.report_level();
  for (std::string& r : catalog.Subtree(target.region_code())) {
    const v1::RegionLevel l = catalog.FindRegion(r)->level();
    const bool judged = r == target.region_code() ||
                        (l != v1::REGION_LEVEL_UNSPECIFIED && l <= level);
    if (judged && catalog.InSubtree(r, root)) out.push_back(std::move(r));
  }
  return out;
}

bool NeedsBaseline(const v1::Target& target, const Period& judged,
                   const Observation& value) {
  if (!IsLevel(target.comparator())) return true;
  absl::StatusOr<Period> by = Period::Parse(target.by_period());
  absl::StatusOr<Decimal> v = Decimal::Parse(value.value);
  absl::StatusOr<Decimal> t = Decimal::Parse(target.value());
  if (!by.ok() || !v.ok() || !t.ok() || judged.LastDay() >= by->LastDay()) {
    return false;
  }
  return target.comparator() == v1::COMPARATOR_AT_MOST ? *v > *t : *v < *t;
}

v1::TargetCheck JudgeTarget(const v1::Indicator& ind, const v1::Target& target,
                            const Period& judged, const Observation& value,
                            const Observation& baseline) {
  v1::TargetCheck c;
  c.set_comparator(target.comparator());
  c.set_target_value(target.value());
  c.set_by_period(target.by_period());
  absl::StatusOr<Period> by = Period::Parse(target.by_period());
  if (!by.ok()) {
    SetState(&c, v1::ATTAINMENT_STATE_NO_DATA, "target has no valid by_period");
    return c;
  }
  c.set_deadline(FormatDate(by->LastDay()));
  c.set_final(judged.LastDay() >= by->LastDay());
  c.set_months_to_deadline(
      c.final() ? 0 : MonthsBetween(judged.LastDay(), by->LastDay()));
  c.set_baseline_period(PreviousYear(judged).ToString());
  c.set_baseline_value(baseline.value);
  absl::StatusOr<Decimal> v = Decimal::Parse(value.value);
  if (!v.ok()) {
    c.set_missing(value.missing);
    SetState(&c, v1::ATTAINMENT_STATE_NO_DATA,
             absl::StrCat("no value: ", value.missing));
    return c;
  }
  std::optional<Decimal> b;
  if (absl::StatusOr<Decimal> parsed = Decimal::Parse(baseline.value);
      parsed.ok()) {
    b = *parsed;
    c.set_change(v->Sub(*b)->ToString());
  }
  absl::StatusOr<Decimal> t = target.value().empty()
                                  ? absl::StatusOr<Decimal>(Decimal())
                                  : Decimal::Parse(target.value());
  if (!t.ok() || target.comparator() == v1::COMPARATOR_UNSPECIFIED) {
    SetState(&c, v1::ATTAINMENT_STATE_NO_DATA, "target has no valid value");
  } else if (IsLevel(target.comparator())) {
    JudgeLevel(ind, *v, b, *t, &c);
  } else {
    JudgeChange(ind, *v, b, *t, baseline, &c);
  }
  return c;
}

v1::AttainmentState CombineChecks(
    const google::protobuf::RepeatedPtrField<v1::TargetCheck>& checks) {
  static constexpr v1::AttainmentState kOrder[] = {
      v1::ATTAINMENT_STATE_MET, v1::ATTAINMENT_STATE_ON_TRACK,
      v1::ATTAINMENT_STATE_NO_DATA, v1::ATTAINMENT_STATE_AT_RISK,
      v1::ATTAINMENT_STATE_MISSED};
  for (v1::AttainmentState s : kOrder) {
    for (const v1::TargetCheck& c : checks) {
      if (c.state() == s) return s;
    }
  }
  return v1::ATTAINMENT_STATE_NO_DATA;
}

}  // namespace views_internal
}  // namespace hub
