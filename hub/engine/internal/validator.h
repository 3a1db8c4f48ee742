// Validation of submissions against the catalog.
#ifndef HUB_ENGINE_INTERNAL_VALIDATOR_H_
#define HUB_ENGINE_INTERNAL_VALIDATOR_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "hub/catalog/catalog.h"
#include "hub/common/decimal.h"
#include "hub/engine/internal/figures.h"
#include "hub/model/errors.h"
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
// like "items[2].indicator_value.period"): codes, regions, periods (none
// that has not begun by now, in China Standard Time), values, units, and
// every text and repeated field for valid UTF-8 and its cap
// (internal/text_fields.h). Who may submit it is the access policy's
// question (hub/access), asked before.
absl::StatusOr<std::vector<NormalizedItem>> ValidateSubmission(
    const Catalog& catalog, const v1::Submission& submission, absl::Time now);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_VALIDATOR_H_
