// Validation and authorization of submissions against the catalog.
#ifndef HUB_ENGINE_INTERNAL_VALIDATOR_H_
#define HUB_ENGINE_INTERNAL_VALIDATOR_H_

#include <vector>

#include "absl/status/statusor.h"
#include "hub/catalog/catalog.h"
#include "hub/common/decimal.h"
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

// What is wrong with value as a value of ind: below its minimum, above its
// maximum, or finer than the fen for money, as violations of field
// "value" with their reasons (callers set the field path). Empty when
// nothing is.
std::vector<FieldViolation> ValueProblems(const v1::Indicator& ind,
                                          const Decimal& value);

// Checks every field of submission against catalog and returns the
// normalized items, or InvalidArgument listing every violation (field paths
// like "items[2].indicator_value.period").
absl::StatusOr<std::vector<NormalizedItem>> ValidateSubmission(
    const Catalog& catalog, const v1::Submission& submission);

// PermissionDenied unless principal may write submission: a department only
// its own data, only for regions within its jurisdiction.
absl::Status AuthorizeSubmission(const Catalog& catalog,
                                 const Principal& principal,
                                 const v1::Submission& submission);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_VALIDATOR_H_
