#include "hub/engine/internal/figures.h"

#include "absl/strings/str_cat.h"
#include "hub/common/cst_time.h"

namespace hub {
namespace internal {

void KeepOwnText(const std::string& field, const std::string& given,
                 const std::string& canonical, const std::string& rule,
                 v1::Contribution* c) {
  v1::Conversion* conv = c->mutable_provenance()->add_conversions();
  conv->set_field(field);
  conv->set_from(given);
  conv->set_to(canonical);
  conv->set_rule(rule);
}

std::string CanonicalComponent(const std::string& given,
                               const std::string& field, v1::Contribution* c) {
  std::string canonical = Decimal::Parse(given)->CanonicalText(0);
  if (canonical != given) {
    KeepOwnText(field, given, canonical, "exact decimal, canonical text", c);
  }
  return canonical;
}

std::string CanonicalValue(const v1::Indicator& ind, const Decimal& value) {
  return value.CanonicalText(ind.precision());
}

std::vector<FieldViolation> ValueProblems(const v1::Indicator& ind,
                                          const Decimal& value) {
  std::vector<FieldViolation> problems;
  ViolationArgs args = {{"value", value.ToString()},
                        {"indicator", ind.code()},
                        {"unit", ind.unit()},
                        {"min", ind.min_value()},
                        {"max", ind.max_value()}};
  if (!ind.min_value().empty() && value < *Decimal::Parse(ind.min_value())) {
    problems.push_back(MakeViolation(
        "value",
        absl::StrCat(value.ToString(), " is below the minimum ",
                     ind.min_value(), " ", ind.unit(), " of ", ind.code()),
        reason::kBelowMinimum, args));
  }
  if (!ind.max_value().empty() && value > *Decimal::Parse(ind.max_value())) {
    problems.push_back(MakeViolation(
        "value",
        absl::StrCat(value.ToString(), " is above the maximum ",
                     ind.max_value(), " ", ind.unit(), " of ", ind.code()),
        reason::kAboveMaximum, args));
  }
  bool money = ind.dimension() == v1::DIMENSION_YUAN ||
               ind.dimension() == v1::DIMENSION_YUAN_PER_PERSON;
  if (money && value.Normalized().scale() > 2) {
    problems.push_back(MakeViolation(
        "value",
        absl::StrCat(value.ToString(), " ", ind.unit(),
                     " is finer than the fen: money has at most 2 decimal "
                     "places"),
        reason::kFinerThanFen, args));
  }
  bool whole = ind.dimension() == v1::DIMENSION_COUNT ||
               ind.dimension() == v1::DIMENSION_PERSONS;
  if (whole && value.Normalized().scale() > 0) {
    const bool persons = ind.dimension() == v1::DIMENSION_PERSONS;
    args.push_back({"what", persons ? "人数" : "个数"});
    problems.push_back(MakeViolation(
        "value",
        absl::StrCat(value.ToString(), " ", ind.unit(),
                     " is not a whole number: ", ind.code(), " counts whole ",
                     persons ? "persons" : "units", " (", ind.unit(), ")"),
        reason::kNotWholeNumber, args));
  }
  return problems;
}

std::optional<FieldViolation> PeriodNotBegun(const Period& period,
                                             absl::Time now) {
  const absl::CivilDay first = period.FirstDay();
  const absl::Time start =
      absl::FromCivil(absl::CivilSecond(first), ChinaStandardTime());
  if (start <= now) return std::nullopt;
  const std::string today =
      FormatDate(absl::ToCivilDay(now, ChinaStandardTime()));
  return MakeViolation(
      "period",
      absl::StrCat("period ", period.ToString(),
                   " has not begun: it starts on ", FormatDate(first),
                   " (CST) and the hub's clock reads ", today,
                   "; only targets may lie in the future"),
      reason::kPeriodNotBegun,
      {{"value", period.ToString()},
       {"start", FormatDate(first)},
       {"today", today}});
}

}  // namespace internal
}  // namespace hub
