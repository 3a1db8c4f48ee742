// Tolerance comparison shared by the value rules.
#include "hub/common/decimal.h"
#include "hub/reconcile/rules_internal.h"

namespace hub {
namespace internal {

const v1::Contribution* OwnerContribution(
    const v1::Indicator& indicator,
    const google::protobuf::RepeatedPtrField<v1::Contribution>& contributions) {
  for (const v1::Contribution& c : contributions) {
    if (c.department() == indicator.owner_department()) return &c;
  }
  return nullptr;
}

Decimal ParseOrZero(const std::string& text) {
  auto d = Decimal::Parse(text);
  return d.ok() ? *d : Decimal();
}

std::vector<v1::ConflictDetail> CompareWithReference(
    const google::protobuf::RepeatedPtrField<v1::Contribution>& contributions,
    const v1::Contribution& reference, const std::string& tolerance_text) {
  std::vector<v1::ConflictDetail> out;
  const Decimal tolerance = ParseOrZero(tolerance_text);
  const Decimal ref = ParseOrZero(reference.value());
  for (const v1::Contribution& c : contributions) {
    if (c.department() == reference.department()) continue;
    auto diff = ParseOrZero(c.value()).Sub(ref);
    Decimal abs = diff.ok() ? diff->Abs() : Decimal();
    if (abs > tolerance) {
      v1::ConflictDetail d;
      d.set_department(c.department());
      d.set_value(c.value());
      d.set_reference_department(reference.department());
      d.set_reference_value(reference.value());
      d.set_difference(abs.ToString());
      d.set_tolerance(tolerance.ToString());
      out.push_back(std::move(d));
    }
  }
  return out;
}

}  // namespace internal
}  // namespace hub
