// Internal to hub/views: target attainment (protos/hub/v1/views.proto,
// "attainment", where the rules are written out). The judging functions are
// pure; Observe() reads a region's value through the record cache.
#ifndef HUB_VIEWS_INTERNAL_ATTAINMENT_H_
#define HUB_VIEWS_INTERNAL_ATTAINMENT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "hub/catalog/catalog.h"
#include "hub/common/period.h"
#include "hub/v1/views.pb.h"
#include "hub/views/internal/record_cache.h"

namespace hub {
namespace views_internal {

// The value of an indicator at a region for a period.
struct Observation {
  std::string value;     // empty when there is none
  std::string source;    // "record", "rollup", or "" with no value
  std::string coverage;  // the roll-up's, when rolled up
  std::string missing;   // with no value: what is missing
};

// The region's own merged value, else its roll-up (when the indicator rolls
// up and the region has units below it).
absl::StatusOr<Observation> Observe(const Catalog& catalog,
                                    const v1::Indicator& indicator,
                                    const std::string& region,
                                    const std::string& period,
                                    RecordCache* records);

// The same period one year earlier: "2024H1" -> "2023H1".
Period PreviousYear(const Period& period);

// Targets of one plan, region, by_period and seed text: alternatives.
struct TargetGroup {
  std::vector<const v1::Target*> targets;
};
// The indicator's targets that apply to judged (from plan_code only, when
// not empty), grouped, in catalog order.
std::vector<TargetGroup> ApplicableTargets(const Catalog& catalog,
                                           const v1::Indicator& indicator,
                                           const Period& judged,
                                           const std::string& plan_code);
// The regions a target is judged at within root: the target's region and
// the regions below it down to the indicator's report level (a province's
// cities and counties for a county figure), sorted by code.
std::vector<std::string> TargetRegions(const Catalog& catalog,
                                       const v1::Indicator& indicator,
                                       const v1::Target& target,
                                       const std::string& root);

// Whether judging target for value needs the baseline: a change target
// always; a level target only before its deadline and below it (to project
// the trend).
bool NeedsBaseline(const v1::Target& target, const Period& judged,
                   const Observation& value);

// One target judged for a value and its baseline (the previous year's; its
// value may be empty when NeedsBaseline() is false).
v1::TargetCheck JudgeTarget(const v1::Indicator& indicator,
                            const v1::Target& target, const Period& judged,
                            const Observation& value,
                            const Observation& baseline);

// The state of alternatives: met if any is met, else on track, else no
// data, else at risk, else missed.
v1::AttainmentState CombineChecks(
    const google::protobuf::RepeatedPtrField<v1::TargetCheck>& checks);

}  // namespace views_internal
}  // namespace hub

#endif  // HUB_VIEWS_INTERNAL_ATTAINMENT_H_
