// must_agree v2 (v2 names the value's department): no merged value until every
// contribution agrees, within the indicator's tolerance, with the reference
// contribution: the owner department's when it reported, else the first
// department's by code. While they disagree the record is a conflict without a
// value; the reform office resolves it (the engine applies the resolution over
// this outcome).
#include "absl/strings/str_cat.h"
#include "hub/reconcile/rules_internal.h"

namespace hub {
namespace internal {
namespace {

using Contributions = google::protobuf::RepeatedPtrField<v1::Contribution>;

// The owner's contribution when it reported, else the first department's.
const v1::Contribution& Reference(const v1::Indicator& indicator,
                                  const Contributions& contributions) {
  const v1::Contribution* owner = OwnerContribution(indicator, contributions);
  return owner != nullptr ? *owner : contributions[0];
}

class MustAgreeRule : public ReconcileRule {
 public:
  const char* Name() const override { return "must_agree"; }
  int Version() const override { return 2; }

  MergeOutcome Merge(const MergeContext& context,
                     const Contributions& contributions) const override {
    MergeOutcome out;
    const v1::Indicator& ind = *context.indicator;
    const v1::Contribution& ref = Reference(ind, contributions);
    out.conflicts = CompareWithReference(contributions, ref, ind.tolerance());
    if (!out.conflicts.empty()) {
      out.state = v1::RECORD_STATE_CONFLICT;
      out.explanation = absl::StrCat(
          out.conflicts.size() + 1, " departments disagree beyond tolerance ",
          out.conflicts[0].tolerance(),
          "; no merged value until they agree or the reform office resolves");
      return out;
    }
    out.value = ref.value();
    out.value_department = ref.department();
    if (contributions.size() == 1) {
      out.state = v1::RECORD_STATE_SINGLE_SOURCE;
      out.explanation = absl::StrCat("only ", ref.department(), " reported");
    } else {
      out.state = v1::RECORD_STATE_AGREED;
      out.explanation = absl::StrCat(contributions.size(),
                                     " departments agree within tolerance; "
                                     "value of ",
                                     ref.department());
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<ReconcileRule> NewMustAgreeRule() {
  return std::make_unique<MustAgreeRule>();
}

}  // namespace internal
}  // namespace hub
