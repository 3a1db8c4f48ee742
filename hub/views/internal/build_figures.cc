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
  Observation baseline;  // read only when a check rests on it
  for (const v1::Target* t : group.targets) {
    if (!NeedsBaseline(*t, period, value)) continue;
    HUB_ASSIGN_OR_RETURN(
        baseline, Observe(catalog, ind, region, PreviousYear(period).ToString(),
                          records));
    break;
  }
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

// A row of the attainment report before it is judged.
struct Candidate {
  std::string key;  // region/indicator/plan/group: the report's order
  const v1::Indicator* indicator;
  const TargetGroup* group;
  std::string region;
};

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

namespace {

// Every row of an attainment report, by key, before any is judged; they
// point into *groups.
std::vector<Candidate> Candidates(
    const Catalog& catalog, const std::string& region, const Period& period,
    const v1::AttainmentRequest& request,
    std::vector<std::vector<TargetGroup>>* groups) {
  std::vector<Candidate> candidates;
  groups->reserve(catalog.proto().indicators_size());  // no reallocation
  for (const v1::Indicator* ind : Named(catalog, request.indicator_codes())) {
    groups->push_back(
        ApplicableTargets(catalog, *ind, period, request.plan_code()));
    for (size_t g = 0; g < groups->back().size(); ++g) {
      const TargetGroup* group = &groups->back()[g];
      const v1::Target& t = *group->targets.front();
      for (const std::string& r : TargetRegions(catalog, *ind, t, region)) {
        candidates.push_back(
            {absl::StrFormat("%s/%s/%s/%04d", r, ind->code(), t.plan_code(), g),
             ind, group, r});
      }
    }
  }
  std::sort(
      candidates.begin(), candidates.end(),
      [](const Candidate& a, const Candidate& b) { return a.key < b.key; });
  return candidates;
}

}  // namespace

absl::StatusOr<v1::AttainmentReport> BuildAttainment(
    const Catalog& catalog, const std::string& region, const Period& period,
    const v1::AttainmentRequest& request, int page_size, RecordCache* records) {
  // Every row's key first (no reads), then the rows of the page.
  std::vector<std::vector<TargetGroup>> groups;
  const std::vector<Candidate> candidates =
      Candidates(catalog, region, period, request, &groups);
  std::vector<std::string> keys;
  for (const Candidate& c : candidates) keys.push_back(c.key);
  HUB_ASSIGN_OR_RETURN(size_t start, PageStart(keys, request.page_token()));
  // The first page judges every row, for the summary; later pages only
  // their own.
  const bool first = request.page_token().empty();
  v1::AttainmentReport out;
  std::map<v1::AttainmentState, int> counts;
  size_t last = 0;
  bool more = false;
  for (size_t i = start; i < candidates.size(); ++i) {
    if (!first && out.rows_size() == page_size) {
      more = true;
      break;
    }
    const Candidate& c = candidates[i];
    HUB_ASSIGN_OR_RETURN(
        v1::AttainmentRow row,
        Judge(catalog, *c.indicator, *c.group, c.region, period, records));
    if (first) ++counts[row.state()];
    const auto& states = request.states();
    if (!states.empty() &&
        std::find(states.begin(), states.end(), row.state()) == states.end()) {
      continue;
    }
    if (out.rows_size() == page_size) {
      more = true;
      continue;
    }
    *out.add_rows() = std::move(row);
    last = i;
  }
  for (const auto& [state, n] : counts) {
    v1::StateCount* s = out.add_summary();
    s->set_state(state);
    s->set_count(n);
  }
  if (more) out.set_next_page_token(PageToken(keys[last]));
  return out;
}

}  // namespace views_internal
}  // namespace hub
