// The figure views: roll-ups and target attainment.
#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "hub/common/status_macros.h"
#include "hub/model/errors.h"
#include "hub/views/internal/attainment.h"
#include "hub/views/internal/build.h"
#include "hub/views/internal/paging.h"
#include "hub/views/internal/regions.h"
#include "hub/views/internal/rollup.h"

namespace hub {
namespace views_internal {
namespace {

// The indicators a request names, or every indicator of the catalog.
std::vector<const v1::Indicator*> Named(
    const Catalog& catalog,
    const google::protobuf::RepeatedPtrField<std::string>& codes) {
  std::vector<const v1::Indicator*> out;
  if (codes.empty()) {
    for (const v1::Indicator& ind : catalog.proto().indicators()) {
      out.push_back(&ind);
    }
    return out;
  }
  for (const std::string& code : codes) {
    out.push_back(catalog.FindIndicator(code));
  }
  return out;
}

// Why indicator is not reported for period's type; empty when it is.
std::string WrongPeriodType(const v1::Indicator& ind, const Period& period) {
  for (int t : ind.period_types()) {
    if (t == period.type) return "";
  }
  std::vector<std::string> names;
  for (int t : ind.period_types()) {
    names.push_back(Period::TypeName(static_cast<v1::PeriodType>(t)));
  }
  return absl::StrCat("indicator ", ind.code(), " is reported by ",
                      absl::StrJoin(names, " or "), ", not by ",
                      Period::TypeName(period.type), " (\"", period.ToString(),
                      "\")");
}

// One attainment row: a target group judged at one region.
absl::StatusOr<v1::AttainmentRow> Judge(
    const Catalog& catalog, const v1::Indicator& ind, const TargetGroup& group,
    const std::string& region, const Period& period, RecordCache* records) {
  HUB_ASSIGN_OR_RETURN(Observation value, Observe(catalog, ind, region,
                                                  period.ToString(), records));
  HUB_ASSIGN_OR_RETURN(
      Observation baseline,
      Observe(catalog, ind, region, PreviousYear(period).ToString(), records));
  const v1::Target& first = *group.targets.front();
  v1::AttainmentRow row;
  row.set_indicator_code(ind.code());
  row.set_indicator_name(ind.name());
  row.set_unit(ind.unit());
  row.set_region_code(region);
  row.set_region_name(RegionName(catalog, region));
  row.set_period(period.ToString());
  row.set_plan_code(first.plan_code());
  if (const v1::Plan* plan = catalog.FindPlan(first.plan_code())) {
    row.set_document_number(plan->document_number());
  }
  row.set_source_text(first.source_text());
  row.set_value(value.value);
  row.set_value_source(value.source);
  row.set_coverage(value.coverage);
  for (const v1::Target* t : group.targets) {
    *row.add_checks() = JudgeTarget(ind, *t, period, value, baseline);
  }
  row.set_state(CombineChecks(row.checks()));
  return row;
}

}  // namespace

absl::StatusOr<google::protobuf::RepeatedPtrField<v1::Rollup>> BuildRollups(
    const Catalog& catalog, const std::string& region,
    const v1::RollupRequest& request, RecordCache* records,
    google::protobuf::RepeatedPtrField<v1::SkippedIndicator>* skipped) {
  const Period period = *Period::Parse(request.period());
  const bool named = !request.indicator_codes().empty();
  google::protobuf::RepeatedPtrField<v1::Rollup> out;
  for (const v1::Indicator* ind : Named(catalog, request.indicator_codes())) {
    absl::Status rolls = CheckRollsUp(*ind);
    std::string wrong = WrongPeriodType(*ind, period);
    if (named && !rolls.ok()) return rolls;
    if (named && !wrong.empty()) {
      return InvalidArgumentWithViolations("bad view request",
                                           {{"period", wrong}});
    }
    if (!rolls.ok() || !wrong.empty()) {
      v1::SkippedIndicator* s = skipped->Add();
      s->set_indicator_code(ind->code());
      s->set_reason(rolls.ok() ? wrong : std::string(rolls.message()));
      continue;
    }
    HUB_ASSIGN_OR_RETURN(*out.Add(),
                         ComputeRollup(
                             catalog, *ind, region, request.period(),
                             [&](const std::string& r) {
                               return records->Indicator(ind->code(), r,
                                                         request.period());
                             },
                             /*with_parts=*/true));
  }
  return out;
}

absl::StatusOr<v1::AttainmentReport> BuildAttainment(
    const Catalog& catalog, const std::string& region, const Period& period,
    const v1::AttainmentRequest& request, int page_size, RecordCache* records) {
  std::map<std::string, v1::AttainmentRow> rows;  // by page key
  for (const v1::Indicator* ind : Named(catalog, request.indicator_codes())) {
    std::vector<TargetGroup> groups =
        ApplicableTargets(catalog, *ind, period, request.plan_code());
    for (size_t g = 0; g < groups.size(); ++g) {
      const v1::Target& t = *groups[g].targets.front();
      for (const std::string& r : TargetRegions(catalog, *ind, t, region)) {
        HUB_ASSIGN_OR_RETURN(
            v1::AttainmentRow row,
            Judge(catalog, *ind, groups[g], r, period, records));
        rows[absl::StrFormat("%s/%s/%s/%04d", r, ind->code(), t.plan_code(),
                             g)] = std::move(row);
      }
    }
  }
  v1::AttainmentReport out;
  std::map<v1::AttainmentState, int> counts;
  std::vector<std::string> keys;
  std::vector<const v1::AttainmentRow*> kept;
  for (const auto& [key, row] : rows) {
    ++counts[row.state()];
    const auto& states = request.states();
    if (!states.empty() &&
        std::find(states.begin(), states.end(), row.state()) == states.end()) {
      continue;
    }
    keys.push_back(key);
    kept.push_back(&row);
  }
  for (const auto& [state, n] : counts) {
    v1::StateCount* c = out.add_summary();
    c->set_state(state);
    c->set_count(n);
  }
  HUB_ASSIGN_OR_RETURN(PageRange page,
                       Page(keys, request.page_token(), page_size));
  for (size_t i = page.begin; i < page.end; ++i) *out.add_rows() = *kept[i];
  out.set_next_page_token(page.next_page_token);
  return out;
}

}  // namespace views_internal
}  // namespace hub
