// latest_report v2 (v2 names the value's department): the most recent
// contribution wins (single-owner corrections). "Most recent" is the highest
// log sequence, which is the order the hub accepted them in; the department
// code breaks ties (two departments in one submission cannot happen, but the
// rule stays total). Never a conflict: several contributions that agree within
// tolerance are agreed, otherwise the latest is the single source of the value.
#include "absl/strings/str_cat.h"
#include "hub/reconcile/rules_internal.h"

namespace hub {
namespace internal {
namespace {

using Contributions = google::protobuf::RepeatedPtrField<v1::Contribution>;

const v1::Contribution& Latest(const Contributions& contributions) {
  const v1::Contribution* latest = &contributions[0];
  for (const v1::Contribution& c : contributions) {
    if (c.sequence() > latest->sequence() ||
        (c.sequence() == latest->sequence() &&
         c.department() > latest->department())) {
      latest = &c;
    }
  }
  return *latest;
}

class LatestReportRule : public ReconcileRule {
 public:
  const char* Name() const override { return "latest_report"; }
  int Version() const override { return 2; }

  MergeOutcome Merge(const MergeContext& context,
                     const Contributions& contributions) const override {
    MergeOutcome out;
    const v1::Contribution& latest = Latest(contributions);
    out.value = latest.value();
    out.value_department = latest.department();
    const bool all_agree = CompareWithReference(contributions, latest,
                                                context.indicator->tolerance())
                               .empty();
    if (contributions.size() > 1 && all_agree) {
      out.state = v1::RECORD_STATE_AGREED;
      out.explanation = absl::StrCat(contributions.size(),
                                     " departments agree; latest report from ",
                                     latest.department());
    } else {
      out.state = v1::RECORD_STATE_SINGLE_SOURCE;
      out.explanation =
          absl::StrCat("latest report wins: ", latest.department(),
                       " at sequence ", latest.sequence());
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<ReconcileRule> NewLatestReportRule() {
  return std::make_unique<LatestReportRule>();
}

}  // namespace internal
}  // namespace hub
