// Validation and authorization of submissions against the catalog.
#ifndef HUB_ENGINE_INTERNAL_VALIDATOR_H_
#define HUB_ENGINE_INTERNAL_VALIDATOR_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "hub/catalog/catalog.h"
#include "hub/common/decimal.h"
#include "hub/engine/internal/figures.h"
#include "hub/model/errors.h"
#include "hub/model/principal.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace internal {

// One validated item: the record it touches and the department's
// contribution to it (department, submission and sequence not yet set).
struct NormalizedItem {
  v1::RecordKey key;
  v1::Contribution contribution;
};

// Checks every field of submission against catalog and returns the
// normalized items, or InvalidArgument listing every violation (field paths
// like "items[2].indicator_value.period"). now is the hub's clock: a
// reported period must have begun by then (CST).
absl::StatusOr<std::vector<NormalizedItem>> ValidateSubmission(
    const Catalog& catalog, const v1::Submission& submission, absl::Time now);

// PermissionDenied unless principal may write submission: a department only
// its own data, only for regions within its jurisdiction.
absl::Status AuthorizeSubmission(const Catalog& catalog,
                                 const Principal& principal,
                                 const v1::Submission& submission);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_VALIDATOR_H_
