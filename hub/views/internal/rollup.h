// Internal to hub/views: the roll-up of one indicator, region and period
// from its units' merged records (protos/hub/v1/views.proto, "roll-up").
// Shared by GetRollups, attainment (a region without its own record) and
// the watch stream (as of each change).
#ifndef HUB_VIEWS_INTERNAL_ROLLUP_H_
#define HUB_VIEWS_INTERNAL_ROLLUP_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "hub/catalog/catalog.h"
#include "hub/v1/views.pb.h"

namespace hub {
namespace views_internal {

// The merged record of indicator and period at region, or nullptr when it
// has none (the caller fixes indicator and period).
using RegionRecords = std::function<absl::StatusOr<const v1::MergedRecord*>(
    const std::string& region)>;

// OK when indicator rolls up ("sum" or "sum_components" with a
// denominator); FailedPrecondition naming its rule otherwise.
absl::Status CheckRollsUp(const v1::Indicator& indicator);

// The roll-up of indicator at region for period, reading each unit's and
// region's record through records. with_parts adds one RollupPart per unit.
// REQUIRES: CheckRollsUp(indicator) is OK; region is in catalog.
absl::StatusOr<v1::Rollup> ComputeRollup(const Catalog& catalog,
                                         const v1::Indicator& indicator,
                                         const std::string& region,
                                         const std::string& period,
                                         const RegionRecords& records,
                                         bool with_parts);

}  // namespace views_internal
}  // namespace hub

#endif  // HUB_VIEWS_INTERNAL_ROLLUP_H_
