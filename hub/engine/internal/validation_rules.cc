#include "hub/engine/internal/validation_rules.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "hub/common/decimal.h"
#include "hub/common/status_macros.h"
#include "hub/engine/internal/records.h"
#include "hub/model/errors.h"

namespace hub {
namespace internal {
namespace {

std::optional<Decimal> Parsed(const std::string& text) {
  auto d = Decimal::Parse(text);
  if (!d.ok()) return std::nullopt;
  return *d;
}

struct Finding {
  size_t item;
  FieldViolation violation;  // its description is the warning text
  v1::Severity severity;
};

class RuleChecker {
 public:
  RuleChecker(const Catalog& catalog, const std::string& department,
              const std::vector<NormalizedItem>& items, const Transaction& txn)
      : catalog_(catalog), department_(department), items_(items), txn_(txn) {}

  absl::Status Run() {
    for (size_t i = 0; i < items_.size(); ++i) {
      if (items_[i].key.kind() != v1::SUBJECT_KIND_INDICATOR) continue;
      const v1::Indicator* ind = catalog_.FindIndicator(items_[i].key.code());
      for (const v1::ValidationRule& rule : ind->validation_rules()) {
        HUB_RETURN_IF_ERROR(CheckForward(i, rule));
      }
      HUB_RETURN_IF_ERROR(CheckReverse(i));
    }
    return absl::OkStatus();
  }
  const std::vector<Finding>& findings() const { return findings_; }

 private:
  // This department's value of code for item's region and period.
  absl::StatusOr<std::optional<Decimal>> ValueOf(const std::string& code,
                                                 const v1::RecordKey& at) {
    for (const NormalizedItem& item : items_) {
      if (item.key.kind() == at.kind() && item.key.code() == code &&
          item.key.region_code() == at.region_code() &&
          item.key.period() == at.period()) {
        return Parsed(item.contribution.value());
      }
    }
    v1::RecordKey key = at;
    key.set_code(code);
    auto record = LoadRecord(txn_, key);
    if (!record.ok()) return record.status();
    if (record->has_value()) {
      for (const v1::Contribution& c : (*record)->contributions()) {
        if (c.department() != department_) continue;
        return Parsed(c.value());
      }
    }
    return std::optional<Decimal>();
  }

  bool InSubmission(const std::string& code) const {
    for (const NormalizedItem& item : items_) {
      if (item.key.code() == code) return true;
    }
    return false;
  }

  // A finding of rule about items[i]'s field; why and args give its
  // reason code and the values its message names.
  void Add(size_t i, const char* field, const v1::ValidationRule& rule,
           std::string text, const char* why, ViolationArgs args) {
    bool warning = rule.severity() == v1::SEVERITY_WARNING;
    args.push_back({"rule", rule.code()});
    args.push_back({"severity", warning ? "（警告）" : ""});
    findings_.push_back(
        {i,
         MakeViolation(absl::StrCat("items[", i, "].indicator_value.", field),
                       absl::StrCat("rule ", rule.code(),
                                    warning ? " (warning)" : "", ": ", text),
                       why, args),
         rule.severity()});
  }

  absl::Status CheckForward(size_t i, const v1::ValidationRule& rule) {
    const v1::Contribution& c = items_[i].contribution;
    if (rule.kind() ==
        v1::ValidationRule::KIND_NUMERATOR_NOT_ABOVE_DENOMINATOR) {
      auto num = Decimal::Parse(c.numerator());
      auto den = Decimal::Parse(c.denominator());
      if (num.ok() && den.ok() && *num > *den) {
        Add(i, "numerator", rule,
            absl::StrCat("numerator ", c.numerator(), " is above denominator ",
                         c.denominator()),
            reason::kRuleNumeratorAbove,
            {{"numerator", c.numerator()}, {"denominator", c.denominator()}});
      }
      return absl::OkStatus();
    }
    auto other = ValueOf(rule.other_indicator_code(), items_[i].key);
    if (!other.ok()) return other.status();
    std::optional<Decimal> value = Parsed(c.value());
    if (value.has_value() && other->has_value() && *value > **other) {
      Add(i, "value", rule,
          absl::StrCat(c.value(), " is above ", rule.other_indicator_code(),
                       " ", (*other)->ToString()),
          reason::kRuleAboveIndicator,
          {{"value", c.value()},
           {"other", rule.other_indicator_code()},
           {"other_value", (*other)->ToString()}});
    }
    return absl::OkStatus();
  }

  // Rules of other indicators that bound this one from below.
  absl::Status CheckReverse(size_t i) {
    const std::string& code = items_[i].key.code();
    for (const v1::Indicator& ind : catalog_.proto().indicators()) {
      if (InSubmission(ind.code())) continue;  // checked forward
      for (const v1::ValidationRule& rule : ind.validation_rules()) {
        if (rule.kind() != v1::ValidationRule::KIND_NOT_ABOVE_INDICATOR ||
            rule.other_indicator_code() != code) {
          continue;
        }
        auto lower = ValueOf(ind.code(), items_[i].key);
        if (!lower.ok()) return lower.status();
        std::optional<Decimal> value = Parsed(items_[i].contribution.value());
        if (value.has_value() && lower->has_value() && **lower > *value) {
          Add(i, "value", rule,
              absl::StrCat(items_[i].contribution.value(), " is below ",
                           ind.code(), " ", (*lower)->ToString(),
                           " reported earlier"),
              reason::kRuleBelowIndicator,
              {{"value", items_[i].contribution.value()},
               {"other", ind.code()},
               {"other_value", (*lower)->ToString()}});
        }
      }
    }
    return absl::OkStatus();
  }

  const Catalog& catalog_;
  const std::string& department_;
  const std::vector<NormalizedItem>& items_;
  const Transaction& txn_;
  std::vector<Finding> findings_;
};

}  // namespace

absl::StatusOr<std::vector<std::vector<std::string>>> CheckValidationRules(
    const Catalog& catalog, const std::string& department,
    const std::vector<NormalizedItem>& items, const Transaction& txn) {
  RuleChecker checker(catalog, department, items, txn);
  absl::Status s = checker.Run();
  if (!s.ok()) return s;
  std::vector<std::vector<std::string>> warnings(items.size());
  std::vector<FieldViolation> errors;
  for (const Finding& f : checker.findings()) {
    if (f.severity == v1::SEVERITY_WARNING) {
      warnings[f.item].push_back(f.violation.description);
    } else {
      errors.push_back(f.violation);
    }
  }
  if (!errors.empty()) {
    return InvalidArgumentWithViolations("submission rejected", errors);
  }
  return warnings;
}

}  // namespace internal
}  // namespace hub
