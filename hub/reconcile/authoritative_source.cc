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

Decimal ParseOrZero(const std::string& text) {
  auto d = Decimal::Parse(text);
  return d.ok() ? *d : Decimal();
}

class AuthoritativeSourceRule : public ReconcileRule {
 public:
  const char* Name() const override { return "authoritative_source"; }
  int Version() const override { return 2; }

  MergeOutcome Merge(const MergeContext& context,
                     const Contributions& contributions) const override {
    MergeOutcome out;
    if (contributions.empty()) {
      out.state = v1::RECORD_STATE_MISSING;
      out.explanation = "no current contributions";
      return out;
    }
    const v1::Indicator& ind = *context.indicator;
    const v1::Contribution* reference = &contributions[0];
    bool owner_present = false;
    for (const v1::Contribution& c : contributions) {
      if (c.department() == ind.owner_department()) {
        reference = &c;
        owner_present = true;
      }
    }
    Decimal tolerance = ParseOrZero(ind.tolerance());
    Decimal ref = ParseOrZero(reference->value());
    for (const v1::Contribution& c : contributions) {
      if (&c == reference) continue;
      auto diff = ParseOrZero(c.value()).Sub(ref);
      Decimal abs = diff.ok() ? diff->Abs() : Decimal();
      if (abs > tolerance) {
        v1::ConflictDetail d;
        d.set_department(c.department());
        d.set_value(c.value());
        d.set_reference_department(reference->department());
        d.set_reference_value(reference->value());
        d.set_difference(abs.ToString());
        d.set_tolerance(tolerance.ToString());
        out.conflicts.push_back(std::move(d));
      }
    }
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
