#include "hub/engine/internal/validator.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "hub/common/cst_time.h"
#include "hub/common/decimal.h"
#include "hub/common/period.h"
#include "hub/common/utf8.h"
#include "hub/engine/internal/text_fields.h"
#include "hub/model/errors.h"
#include "hub/model/model.h"
#include "hub/schema/schema.h"

namespace hub {
namespace internal {
namespace {

constexpr int kMaxItems = 10000;
constexpr size_t kMaxIdLength = 128;
constexpr size_t kMaxCodeLength = 64;    // catalog codes (catalog_internal.h)
constexpr size_t kMaxNumberLength = 64;  // decimal text

class SubmissionValidator {
 public:
  SubmissionValidator(const Catalog& catalog, const v1::Submission& s,
                      absl::Time now)
      : catalog_(catalog),
        s_(s),
        today_(absl::ToCivilDay(now, ChinaStandardTime())) {}

  absl::StatusOr<std::vector<NormalizedItem>> Run() {
    CheckHeader();
    for (int i = 0; i < s_.items_size(); ++i) CheckItem(i);
    if (!violations_.empty()) {
      return InvalidArgumentWithViolations(
          absl::StrCat("submission \"",
                       s_.submission_id().size() <= kMaxIdLength
                           ? s_.submission_id()
                           : "(id too long)",
                       "\" rejected, ", violations_.size(), " invalid field",
                       violations_.size() == 1 ? "" : "s"),
          violations_);
    }
    return std::move(items_);
  }

 private:
  void Add(std::string field, std::string description) {
    violations_.push_back({std::move(field), std::move(description)});
  }

  void CheckHeader() {
    const std::string& id = s_.submission_id();
    if (id.empty()) {
      Add("submission_id", "required (a client-chosen idempotency key)");
    } else if (id.size() > kMaxIdLength) {
      Add("submission_id", absl::StrCat("too long: ", id.size(),
                                        " bytes; at most ", kMaxIdLength));
    } else if (!std::all_of(id.begin(), id.end(), [](char c) {
                 return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
                        c == '-' || c == '_' || c == '.' || c == ':';
               })) {
      Add("submission_id",
          absl::StrCat("\"", id, "\" must be 1-128 of A-Z a-z 0-9 - _ . :"));
    }
    if (s_.department().empty()) {
      Add("department", "required");
    } else if (CheckCode("department", s_.department()) &&
               catalog_.FindDepartment(s_.department()) == nullptr) {
      Add("department",
          absl::StrCat("unknown department \"", s_.department(), "\""));
    }
    CheckText("source_system", s_.source_system(), kMaxShortText,
              /*free_text=*/true, &violations_);
    CheckText("adapter", s_.adapter(), kMaxShortText, /*free_text=*/true,
              &violations_);
    if (s_.items().empty()) Add("items", "at least one item is required");
    if (s_.items_size() > kMaxItems) {
      Add("items", absl::StrCat(s_.items_size(), " items; at most ", kMaxItems,
                                " per submission"));
    }
  }

  // Checks region and period; returns false if either is bad.
  bool CheckRegionPeriod(const std::string& f, const std::string& region,
                         const std::string& period, Period* parsed) {
    bool ok = true;
    if (region.empty()) {
      Add(f + ".region_code", "required");
      ok = false;
    } else if (region.size() > kMaxCodeLength || !IsValidUtf8(region)) {
      Add(f + ".region_code",
          absl::StrCat("not a region code (", region.size(), " bytes)"));
      ok = false;
    } else if (catalog_.FindRegion(region) == nullptr) {
      Add(f + ".region_code", absl::StrCat("unknown region \"", region, "\""));
      ok = false;
    }
    if (period.empty()) {
      Add(f + ".period", "required");
      return false;
    }
    auto p = Period::Parse(period);
    if (!p.ok()) {
      Add(f + ".period", std::string(p.status().message()));
      return false;
    }
    if (p->FirstDay() > today_) {
      Add(f + ".period",
          absl::StrCat("period ", p->ToString(), " has not begun (it starts ",
                       FormatDate(p->FirstDay()), "; today is ",
                       FormatDate(today_), " in China Standard Time)"));
      return false;
    }
    *parsed = *p;
    return ok;
  }

  // A catalog code: at most kMaxCodeLength bytes of text. Adds a violation
  // and returns false otherwise.
  bool CheckCode(const std::string& field, const std::string& code) {
    if (code.size() <= kMaxCodeLength && IsValidUtf8(code)) return true;
    Add(field,
        absl::StrCat("not a catalog code (", code.size(),
                     " bytes; codes have at most ", kMaxCodeLength, ")"));
    return false;
  }

  // Provenance: short texts, and caps on its lines and conversions.
  void CheckProvenance(const std::string& f, const v1::Provenance& p) {
    CheckText(f + ".adapter", p.adapter(), kMaxShortText, true, &violations_);
    CheckText(f + ".adapter_version", p.adapter_version(), kMaxShortText, true,
              &violations_);
    CheckText(f + ".source", p.source(), kMaxShortText, true, &violations_);
    CheckText(f + ".field", p.field(), kMaxShortText, true, &violations_);
    if (p.lines_size() > kMaxProvenanceLines) {
      Add(f + ".lines", absl::StrCat(p.lines_size(), " lines; at most ",
                                     kMaxProvenanceLines));
    }
    if (p.conversions_size() > kMaxConversions) {
      Add(f + ".conversions",
          absl::StrCat(p.conversions_size(), " conversions; at most ",
                       kMaxConversions));
      return;
    }
    for (int j = 0; j < p.conversions_size(); ++j) {
      const v1::Conversion& c = p.conversions(j);
      const std::string cf = absl::StrCat(f, ".conversions[", j, "]");
      CheckText(cf + ".field", c.field(), kMaxShortText, true, &violations_);
      CheckText(cf + ".from", c.from(), kMaxShortText, true, &violations_);
      CheckText(cf + ".to", c.to(), kMaxShortText, true, &violations_);
      CheckText(cf + ".rule", c.rule(), kMaxShortText, true, &violations_);
    }
  }

  void CheckDuplicate(const v1::RecordKey& key, int i) {
    auto [it, inserted] = seen_.emplace(EncodeRecordKey(key), i);
    if (!inserted) {
      Add(absl::StrCat("items[", i, "]"),
          absl::StrCat("duplicates items[", it->second,
                       "] (same subject, region and period)"));
    }
  }

  void CheckItem(int i) {
    const v1::SubmissionItem& item = s_.items(i);
    std::string f = absl::StrCat("items[", i, "]");
    switch (item.item_case()) {
      case v1::SubmissionItem::kIndicatorValue:
        CheckIndicatorValue(f + ".indicator_value", item.indicator_value(), i);
        break;
      case v1::SubmissionItem::kTaskProgress:
        CheckTaskProgress(f + ".task_progress", item.task_progress(), i);
        break;
      default:
        Add(f, "must hold indicator_value or task_progress");
    }
  }

  absl::StatusOr<Decimal> ParseField(const std::string& field,
                                     const std::string& text) {
    if (text.empty()) {
      Add(field, "required");
      return absl::InvalidArgumentError("");
    }
    if (text.size() > kMaxNumberLength) {
      Add(field, absl::StrCat("not a number: ", text.size(), " bytes; at most ",
                              kMaxNumberLength));
      return absl::InvalidArgumentError("");
    }
    auto d = Decimal::Parse(text);
    if (!d.ok()) Add(field, std::string(d.status().message()));
    return d;
  }

  void CheckIndicatorValue(const std::string& f, const v1::IndicatorValue& v,
                           int i);
  void CheckTaskProgress(const std::string& f, const v1::TaskProgress& t,
                         int i);
  // Computes the value of a ratio indicator from its components.
  absl::StatusOr<Decimal> RatioValue(const std::string& f,
                                     const v1::Indicator& ind,
                                     const v1::IndicatorValue& v);
  void CheckBounds(const std::string& f, const v1::Indicator& ind,
                   const Decimal& value);

  const Catalog& catalog_;
  const v1::Submission& s_;
  const absl::CivilDay today_;
  std::vector<FieldViolation> violations_;
  std::vector<NormalizedItem> items_;
  std::map<std::string, int> seen_;
};

absl::StatusOr<Decimal> SubmissionValidator::RatioValue(
    const std::string& f, const v1::Indicator& ind,
    const v1::IndicatorValue& v) {
  auto num = ParseField(f + ".numerator", v.numerator());
  auto den = ParseField(f + ".denominator", v.denominator());
  if (!num.ok() || !den.ok()) return absl::InvalidArgumentError("");
  if (num->sign() < 0) Add(f + ".numerator", "must not be negative");
  if (den->sign() <= 0) {
    Add(f + ".denominator", "must be greater than zero");
    return absl::InvalidArgumentError("");
  }
  auto scaled = ind.dimension() == v1::DIMENSION_PERCENT
                    ? num->ScaleByPowerOfTen(2)
                    : absl::StatusOr<Decimal>(*num);
  if (!scaled.ok()) {
    Add(f + ".numerator", std::string(scaled.status().message()));
    return scaled.status();
  }
  auto value = Decimal::Divide(*scaled, *den, ind.precision());
  if (!value.ok())
    Add(f + ".denominator", std::string(value.status().message()));
  return value;
}

void SubmissionValidator::CheckBounds(const std::string& f,
                                      const v1::Indicator& ind,
                                      const Decimal& value) {
  for (std::string& problem : ValueProblems(ind, value)) {
    Add(f, std::move(problem));
  }
}

void SubmissionValidator::CheckIndicatorValue(const std::string& f,
                                              const v1::IndicatorValue& v,
                                              int i) {
  const v1::Indicator* ind =
      CheckCode(f + ".indicator_code", v.indicator_code())
          ? catalog_.FindIndicator(v.indicator_code())
          : nullptr;
  Period period;
  bool where_ok = CheckRegionPeriod(f, v.region_code(), v.period(), &period);
  CheckText(f + ".note", v.note(), kMaxFreeText, true, &violations_);
  if (v.has_provenance()) CheckProvenance(f + ".provenance", v.provenance());
  if (ind == nullptr) {
    if (v.indicator_code().size() > kMaxCodeLength) return;
    Add(f + ".indicator_code",
        v.indicator_code().empty()
            ? "required"
            : absl::StrCat("unknown indicator \"", v.indicator_code(), "\""));
    return;
  }
  const auto& types = ind->period_types();
  if (where_ok &&
      std::find(types.begin(), types.end(), period.type) == types.end()) {
    std::vector<std::string> names;
    for (int t : types)
      names.push_back(Period::TypeName(static_cast<v1::PeriodType>(t)));
    Add(f + ".period",
        absl::StrCat("indicator ", ind->code(), " is reported by ",
                     absl::StrJoin(names, " or "), ", not by ",
                     Period::TypeName(period.type), " (\"", v.period(), "\")"));
  }
  bool may_report =
      ind->owner_department() == s_.department() ||
      std::count(ind->contributing_departments().begin(),
                 ind->contributing_departments().end(), s_.department()) > 0;
  if (catalog_.FindDepartment(s_.department()) != nullptr && !may_report) {
    Add(f + ".indicator_code",
        absl::StrCat("department ", s_.department(), " does not report ",
                     ind->code(), " (owner ", ind->owner_department(), ")"));
  }
  if (!CheckText(f + ".unit", v.unit(), kMaxShortText, true, &violations_)) {
    // named above
  } else if (v.unit() != ind->unit()) {
    Add(f + ".unit", v.unit().empty()
                         ? absl::StrCat("required; ", ind->code(), " is in \"",
                                        ind->unit(), "\"")
                         : absl::StrCat("\"", v.unit(), "\" does not match \"",
                                        ind->unit(), "\" of ", ind->code()));
  }
  NormalizedItem out;
  bool ratio = !ind->denominator().empty();
  absl::StatusOr<Decimal> value = absl::InvalidArgumentError("");
  if (ratio) {
    value = RatioValue(f, *ind, v);
    if (value.ok() && !v.value().empty()) {
      auto given = Decimal::Parse(v.value());
      if (!given.ok() || *given != *value) {
        Add(f + ".value",
            absl::StrCat("\"", v.value(), "\" disagrees with ",
                         "numerator/denominator = ", value->ToString()));
      }
    }
    if (value.ok()) {
      out.contribution.set_numerator(Decimal::Parse(v.numerator())->ToString());
      out.contribution.set_denominator(
          Decimal::Parse(v.denominator())->ToString());
    }
  } else {
    if (!v.numerator().empty() || !v.denominator().empty()) {
      Add(f + ".numerator",
          absl::StrCat(ind->code(), " is not a ratio; give value only"));
    }
    value = ParseField(f + ".value", v.value());
  }
  if (value.ok()) CheckBounds(f + ".value", *ind, *value);
  if (!value.ok() || !where_ok) return;
  out.key.set_kind(v1::SUBJECT_KIND_INDICATOR);
  out.key.set_code(ind->code());
  out.key.set_region_code(v.region_code());
  out.key.set_period(period.ToString());
  out.contribution.set_value(value->ToString());
  out.contribution.set_note(v.note());
  if (v.has_provenance())
    *out.contribution.mutable_provenance() = v.provenance();
  CheckDuplicate(out.key, i);
  items_.push_back(std::move(out));
}

void SubmissionValidator::CheckTaskProgress(const std::string& f,
                                            const v1::TaskProgress& t, int i) {
  const v1::Task* task = CheckCode(f + ".task_code", t.task_code())
                             ? catalog_.FindTask(t.task_code())
                             : nullptr;
  Period period;
  bool where_ok = CheckRegionPeriod(f, t.region_code(), t.period(), &period);
  CheckText(f + ".text", t.text(), kMaxFreeText, true, &violations_);
  if (t.evidence_size() > kMaxEvidence) {
    Add(f + ".evidence",
        absl::StrCat(t.evidence_size(), " entries; at most ", kMaxEvidence));
  } else {
    for (int j = 0; j < t.evidence_size(); ++j) {
      CheckText(absl::StrCat(f, ".evidence[", j, "]"), t.evidence(j),
                kMaxEvidenceText, true, &violations_);
    }
  }
  if (t.has_provenance()) CheckProvenance(f + ".provenance", t.provenance());
  if (task == nullptr) {
    if (t.task_code().size() > kMaxCodeLength) return;
    Add(f + ".task_code",
        t.task_code().empty()
            ? "required"
            : absl::StrCat("unknown task \"", t.task_code(), "\""));
    return;
  }
  if (where_ok && !catalog_.InSubtree(t.region_code(), task->region_code())) {
    Add(f + ".region_code",
        absl::StrCat("region ", t.region_code(),
                     " is outside the jurisdiction ", task->region_code(),
                     " of task ", task->code()));
  }
  std::set<std::string> named(task->lead_departments().begin(),
                              task->lead_departments().end());
  named.insert(task->responsible_departments().begin(),
               task->responsible_departments().end());
  named.insert(task->cooperating_departments().begin(),
               task->cooperating_departments().end());
  named.insert("reform_office");
  if (catalog_.FindDepartment(s_.department()) != nullptr &&
      named.count(s_.department()) == 0) {
    Add(f + ".task_code",
        absl::StrCat(
            "department ", s_.department(),
            " is not a lead, responsible or cooperating department of ",
            task->code()));
  }
  if (t.status() == v1::TASK_STATUS_UNSPECIFIED) {
    Add(f + ".status",
        "required (NOT_STARTED, IN_PROGRESS, COMPLETED or BLOCKED)");
  }
  if (!where_ok || t.status() == v1::TASK_STATUS_UNSPECIFIED) return;
  NormalizedItem out;
  out.key.set_kind(v1::SUBJECT_KIND_TASK);
  out.key.set_code(task->code());
  out.key.set_region_code(t.region_code());
  out.key.set_period(period.ToString());
  out.contribution.set_status(t.status());
  out.contribution.set_text(t.text());
  if (!t.evidence().empty()) {
    out.contribution.set_note(absl::StrJoin(t.evidence(), "\n"));
  }
  if (t.has_provenance())
    *out.contribution.mutable_provenance() = t.provenance();
  CheckDuplicate(out.key, i);
  items_.push_back(std::move(out));
}

}  // namespace

std::vector<std::string> ValueProblems(const v1::Indicator& ind,
                                       const Decimal& value) {
  std::vector<std::string> problems;
  if (!ind.min_value().empty() && value < *Decimal::Parse(ind.min_value())) {
    problems.push_back(absl::StrCat(value.ToString(), " is below the minimum ",
                                    ind.min_value(), " ", ind.unit(), " of ",
                                    ind.code()));
  }
  if (!ind.max_value().empty() && value > *Decimal::Parse(ind.max_value())) {
    problems.push_back(absl::StrCat(value.ToString(), " is above the maximum ",
                                    ind.max_value(), " ", ind.unit(), " of ",
                                    ind.code()));
  }
  const bool counted = ind.dimension() == v1::DIMENSION_COUNT ||
                       ind.dimension() == v1::DIMENSION_PERSONS;
  if (counted && value.Normalized().scale() > 0) {
    problems.push_back(absl::StrCat(value.ToString(), " ", ind.unit(),
                                    " is not a whole number: ", ind.code(),
                                    " counts"));
  }
  bool money = ind.dimension() == v1::DIMENSION_YUAN ||
               ind.dimension() == v1::DIMENSION_YUAN_PER_PERSON;
  if (money && value.Normalized().scale() > 2) {
    problems.push_back(absl::StrCat(
        value.ToString(), " ", ind.unit(),
        " is finer than the fen: money has at most 2 decimal places"));
  }
  return problems;
}

absl::StatusOr<std::vector<NormalizedItem>> ValidateSubmission(
    const Catalog& catalog, const v1::Submission& submission, absl::Time now) {
  return SubmissionValidator(catalog, submission, now).Run();
}

}  // namespace internal
}  // namespace hub
