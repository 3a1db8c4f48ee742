#include "hub/views/internal/rollup.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "hub/common/decimal.h"
#include "hub/common/status_macros.h"
#include "hub/model/model.h"
#include "hub/views/internal/regions.h"

namespace hub {
namespace views_internal {
namespace {

constexpr int kMaxNamed = 10;  // missing regions named in the coverage text

bool IsRatio(const v1::Indicator& ind) {
  return ind.rollup() == "sum_components";
}

// Why a unit's record cannot be counted; empty when it can.
std::string Unusable(const v1::Indicator& ind, const v1::MergedRecord* r) {
  if (r == nullptr) return "no record";
  if (r->value().empty()) {
    return r->state() == v1::RECORD_STATE_CONFLICT
               ? "in conflict without a merged value"
               : "no merged value";
  }
  if (IsRatio(ind) && (r->numerator().empty() || r->denominator().empty())) {
    return "merged value has no components (entered by a resolution)";
  }
  return "";
}

absl::StatusOr<Decimal> Parse(const v1::MergedRecord& r,
                              const std::string& text) {
  absl::StatusOr<Decimal> d = Decimal::Parse(text);
  if (!d.ok()) {
    return absl::DataLossError(
        absl::StrCat("record ", RecordKeyToString(r.key()),
                     " holds a malformed decimal \"", text, "\""));
  }
  return d;
}

// A running sum of usable unit records.
struct Sum {
  Decimal value, num, den;
  int used = 0;

  absl::Status Add(const v1::Indicator& ind, const v1::MergedRecord& r) {
    if (IsRatio(ind)) {
      HUB_ASSIGN_OR_RETURN(Decimal n, Parse(r, r.numerator()));
      HUB_ASSIGN_OR_RETURN(Decimal d, Parse(r, r.denominator()));
      HUB_ASSIGN_OR_RETURN(num, num.Add(n));
      HUB_ASSIGN_OR_RETURN(den, den.Add(d));
    } else {
      HUB_ASSIGN_OR_RETURN(Decimal v, Parse(r, r.value()));
      HUB_ASSIGN_OR_RETURN(value, value.Add(v));
    }
    ++used;
    return absl::OkStatus();
  }

  // The figure at the indicator's precision; "" when nothing was added.
  absl::StatusOr<std::string> Figure(const v1::Indicator& ind) const {
    if (used == 0) return std::string();
    absl::StatusOr<Decimal> out = IsRatio(ind) ? IndicatorRatio(ind, num, den)
                                               : value.Rescale(ind.precision());
    if (!out.ok()) return out.status();
    return out->ToString();
  }
};

std::string CoverageText(
    const Catalog& catalog, int used, const std::vector<std::string>& units,
    const google::protobuf::RepeatedPtrField<v1::RegionRef>& missing) {
  std::string text =
      absl::StrCat(used, " of ", units.size(), " ", UnitWord(catalog, units));
  if (missing.empty()) return text;
  std::vector<std::string> names;
  for (const v1::RegionRef& m : missing) {
    if (static_cast<int>(names.size()) == kMaxNamed) {
      names.push_back(
          absl::StrCat("and ", missing.size() - kMaxNamed, " more"));
      break;
    }
    names.push_back(m.name());
  }
  return absl::StrCat(text, "; missing: ", absl::StrJoin(names, ", "));
}

v1::RollupPart Part(const Catalog& catalog, const std::string& unit,
                    const v1::MergedRecord* r, bool used) {
  v1::RollupPart p;
  p.set_region_code(unit);
  p.set_region_name(RegionName(catalog, unit));
  p.set_used(used);
  if (r == nullptr) return p;
  p.set_value(r->value());
  p.set_numerator(r->numerator());
  p.set_denominator(r->denominator());
  p.set_state(r->state());
  p.set_value_department(r->value_department());
  return p;
}

// The subtotals of region's children that have regions of their own.
absl::Status AddChildren(
    const Catalog& catalog, const v1::Indicator& ind, const std::string& region,
    const std::map<std::string, const v1::MergedRecord*>& usable,
    const RegionRecords& records, v1::Rollup* out) {
  const std::vector<std::string>& children = catalog.Children(region);
  bool nested = false;  // some child is not a unit itself
  for (const std::string& c : children) {
    std::vector<std::string> units = Units(catalog, c, ind);
    nested |= !(units.size() == 1 && units[0] == c);
  }
  if (!nested) return absl::OkStatus();
  for (const std::string& c : children) {
    std::vector<std::string> units = Units(catalog, c, ind);
    Sum sum;
    for (const std::string& u : units) {
      auto it = usable.find(u);
      if (it != usable.end()) HUB_RETURN_IF_ERROR(sum.Add(ind, *it->second));
    }
    v1::RollupChild* child = out->add_children();
    child->set_region_code(c);
    child->set_region_name(RegionName(catalog, c));
    HUB_ASSIGN_OR_RETURN(*child->mutable_value(), sum.Figure(ind));
    if (IsRatio(ind) && sum.used > 0) {
      child->set_numerator(sum.num.ToString());
      child->set_denominator(sum.den.ToString());
    }
    child->set_contributing_count(sum.used);
    child->set_expected_count(static_cast<int>(units.size()));
    if (units.size() == 1 && units[0] == c) continue;
    HUB_ASSIGN_OR_RETURN(const v1::MergedRecord* own, records(c));
    if (own != nullptr) child->set_own_value(own->value());
  }
  return absl::OkStatus();
}

// The region's own record beside the roll-up, with the difference.
absl::Status AddOwn(const v1::MergedRecord& own, v1::Rollup* out) {
  v1::OwnRecord* o = out->mutable_own();
  o->set_value(own.value());
  o->set_state(own.state());
  o->set_value_department(own.value_department());
  o->set_version(own.version());
  if (own.value().empty() || out->value().empty()) return absl::OkStatus();
  HUB_ASSIGN_OR_RETURN(Decimal mine, Parse(own, own.value()));
  HUB_ASSIGN_OR_RETURN(Decimal rolled, Decimal::Parse(out->value()));
  HUB_ASSIGN_OR_RETURN(Decimal diff, mine.Sub(rolled));
  o->set_difference(diff.ToString());
  return absl::OkStatus();
}

// Reads each unit's record into the sums (disputed: those in conflict),
// the parts, and the missing units.
absl::Status AddUnits(const Catalog& catalog, const v1::Indicator& ind,
                      const std::vector<std::string>& units,
                      const RegionRecords& records, bool with_parts, Sum* sum,
                      Sum* disputed,
                      std::map<std::string, const v1::MergedRecord*>* usable,
                      v1::Rollup* out) {
  for (const std::string& u : units) {
    HUB_ASSIGN_OR_RETURN(const v1::MergedRecord* r, records(u));
    std::string why = Unusable(ind, r);
    if (with_parts) *out->add_parts() = Part(catalog, u, r, why.empty());
    if (!why.empty()) {
      v1::RegionRef* m = out->add_missing();
      m->set_code(u);
      m->set_name(RegionName(catalog, u));
      m->set_reason(why);
      continue;
    }
    (*usable)[u] = r;
    HUB_RETURN_IF_ERROR(sum->Add(ind, *r));
    if (r->state() != v1::RECORD_STATE_CONFLICT) continue;
    HUB_RETURN_IF_ERROR(disputed->Add(ind, *r));
    v1::RegionRef* d = out->add_disputed();
    d->set_code(u);
    d->set_name(RegionName(catalog, u));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckRollsUp(const v1::Indicator& ind) {
  if (ind.rollup() == "sum") return absl::OkStatus();
  if (IsRatio(ind) && !ind.denominator().empty()) return absl::OkStatus();
  if (IsRatio(ind)) {
    return absl::FailedPreconditionError(
        absl::StrCat("indicator ", ind.code(),
                     " has rollup rule \"sum_components\" but no "
                     "denominator in the catalog"));
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "indicator ", ind.code(), " (", ind.name(), ") has rollup rule \"",
      ind.rollup().empty() ? "none" : ind.rollup(),
      "\": its regions' figures are not summed up the region tree; read each "
      "region's own record"));
}

absl::StatusOr<v1::Rollup> ComputeRollup(
    const Catalog& catalog, const v1::Indicator& ind, const std::string& region,
    const std::string& period, const RegionRecords& records, bool with_parts) {
  v1::Rollup out;
  out.set_indicator_code(ind.code());
  out.set_indicator_name(ind.name());
  out.set_region_code(region);
  out.set_region_name(RegionName(catalog, region));
  out.set_period(period);
  out.set_rollup_rule(ind.rollup());
  out.set_unit(ind.unit());
  out.set_precision(ind.precision());
  const std::vector<std::string> units = Units(catalog, region, ind);
  Sum sum, disputed;
  std::map<std::string, const v1::MergedRecord*> usable;
  HUB_RETURN_IF_ERROR(AddUnits(catalog, ind, units, records, with_parts, &sum,
                               &disputed, &usable, &out));
  HUB_ASSIGN_OR_RETURN(*out.mutable_value(), sum.Figure(ind));
  if (IsRatio(ind) && sum.used > 0) {
    out.set_numerator(sum.num.ToString());
    out.set_denominator(sum.den.ToString());
  }
  out.set_contributing_count(sum.used);
  out.set_expected_count(static_cast<int>(units.size()));
  out.set_coverage(CoverageText(catalog, sum.used, units, out.missing()));
  out.set_conflict_count(disputed.used);
  if (disputed.used > 0) {
    if (IsRatio(ind)) {
      out.set_disputed_numerator(disputed.num.ToString());
      out.set_disputed_denominator(disputed.den.ToString());
    } else {
      out.set_disputed_value(disputed.value.ToString());
    }
  }
  if (units.size() == 1 && units[0] == region) return out;  // a unit itself
  HUB_ASSIGN_OR_RETURN(const v1::MergedRecord* own, records(region));
  if (own != nullptr) HUB_RETURN_IF_ERROR(AddOwn(*own, &out));
  HUB_RETURN_IF_ERROR(AddChildren(catalog, ind, region, usable, records, &out));
  return out;
}

}  // namespace views_internal
}  // namespace hub
