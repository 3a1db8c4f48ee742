// authoritative_source v2 (v2 names the value's department): the owner
// department's value wins; every other contribution is compared with it and a
// difference beyond the indicator's tolerance is a conflict that flags the
// record but keeps the owner's value. Without an owner contribution, agreeing
// contributions give the value and disagreeing ones give no value.
#include "absl/strings/str_cat.h"
#include "hub/common/decimal.h"
#include "hub/reconcile/rules_internal.h"

namespace hub {
namespace internal {
namespace {

using Contributions = google::protobuf::RepeatedPtrField<v1::Contribution>;

class AuthoritativeSourceRule : public ReconcileRule {
 public:
  const char* Name() const override { return "authoritative_source"; }
  int Version() const override { return 2; }

  MergeOutcome Merge(const MergeContext& context,
                     const Contributions& contributions) const override {
    MergeOutcome out;
    const v1::Indicator& ind = *context.indicator;
    const v1::Contribution* owner = OwnerContribution(ind, contributions);
    const bool owner_present = owner != nullptr;
    const v1::Contribution* reference =
        owner_present ? owner : &contributions[0];
    const Decimal tolerance = ParseOrZero(ind.tolerance());
    out.conflicts =
        CompareWithReference(contributions, *reference, ind.tolerance());
    bool single = contributions.size() == 1;
    if (out.conflicts.empty()) {
      out.value = reference->value();
      out.value_department = reference->department();
      out.state =
          single ? v1::RECORD_STATE_SINGLE_SOURCE : v1::RECORD_STATE_AGREED;
      out.explanation =
          single ? absl::StrCat("only ", reference->department(), " reported")
                 : absl::StrCat(contributions.size(),
                                " departments agree within tolerance ",
                                tolerance.ToString());
    } else if (owner_present) {
      out.value = reference->value();
      out.value_department = reference->department();
      out.state = v1::RECORD_STATE_CONFLICT;
      out.explanation = absl::StrCat(
          "owner ", ind.owner_department(),
          " is authoritative; other reports differ beyond tolerance ",
          tolerance.ToString(), " and need review");
    } else {
      out.state = v1::RECORD_STATE_CONFLICT;
      out.explanation = absl::StrCat("owner ", ind.owner_department(),
                                     " has not reported and the others "
                                     "disagree; no merged value");
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<ReconcileRule> NewAuthoritativeSourceRule() {
  return std::make_unique<AuthoritativeSourceRule>();
}

}  // namespace internal
}  // namespace hub
