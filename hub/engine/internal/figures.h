// The rules of one reported figure, shared by submissions and resolutions:
// its canonical stored text, what is wrong with it as a value of its
// indicator, and whether the period it is about has begun.
#ifndef HUB_ENGINE_INTERNAL_FIGURES_H_
#define HUB_ENGINE_INTERNAL_FIGURES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "hub/common/decimal.h"
#include "hub/common/period.h"
#include "hub/model/errors.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace internal {

// The one stored text of value as a value of ind: at least the indicator's
// precision in decimal places, no trailing zeros beyond it, never rounded
// ("655" and "655.00" are both "655.00" for a precision of 2). Stored
// values compare equal as text exactly when they are equal as numbers.
std::string CanonicalValue(const v1::Indicator& ind, const Decimal& value);

// The canonical text of a ratio component (no trailing fractional zeros);
// when it differs from the department's own text `given` (valid decimal
// text), the provenance of *c records the conversion of field.
std::string CanonicalComponent(const std::string& given,
                               const std::string& field, v1::Contribution* c);

// Records in c's provenance that field's own text `given` is stored as
// `canonical`, by rule.
void KeepOwnText(const std::string& field, const std::string& given,
                 const std::string& canonical, const std::string& rule,
                 v1::Contribution* c);

// What is wrong with value as a value of ind: below its minimum, above its
// maximum, finer than the fen for money, a fraction of a count or of
// persons, as violations of field "value" with their reasons and Chinese
// messages (callers set the field path). Empty when nothing is.
std::vector<FieldViolation> ValueProblems(const v1::Indicator& ind,
                                          const Decimal& value);

// Why a figure about period may not be reported at now, the hub's clock:
// the period has not begun (its first day, from midnight CST, is later),
// as a violation of field "period" (reason PERIOD_NOT_BEGUN; callers set
// the field path). Targets for later periods live in the catalog, not in
// submissions.
std::optional<FieldViolation> PeriodNotBegun(const Period& period,
                                             absl::Time now);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_FIGURES_H_
