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

// How a period type reads in a Chinese message: 月, 季度, 半年, 年, 累计.
std::string PeriodTypeZh(v1::PeriodType type) {
  switch (type) {
    case v1::PERIOD_TYPE_MONTH:
      return "月";
    case v1::PERIOD_TYPE_QUARTER:
      return "季度";
    case v1::PERIOD_TYPE_HALF:
      return "半年";
    case v1::PERIOD_TYPE_YEAR:
      return "年";
    case v1::PERIOD_TYPE_YTD:
      return "年内累计";
    default:
      return Period::TypeName(type);
  }
}

class SubmissionValidator {
 public:
  SubmissionValidator(const Catalog& catalog, const v1::Submission& s,
                      absl::Time now)
      : catalog_(catalog), s_(s), now_(now) {}

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
  // A violation with its reason code and the values its message names.
  void Add(std::string field, std::string description, const char* why,
           const ViolationArgs& args = {}) {
    violations_.push_back(
        MakeViolation(std::move(field), std::move(description), why, args));
  }

  void CheckHeader() {
    const std::string& id = s_.submission_id();
    if (id.empty()) {
      Add("submission_id", "required (a client-chosen idempotency key)",
          reason::kRequired);
    } else if (id.size() > kMaxIdLength) {
      Add("submission_id",
          absl::StrCat("too long: ", id.size(), " bytes; at most ",
                       kMaxIdLength),
          reason::kTooLong, {{"max", absl::StrCat(kMaxIdLength)}});
    } else if (!std::all_of(id.begin(), id.end(), [](char c) {
                 return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
                        c == '-' || c == '_' || c == '.' || c == ':';
               })) {
      Add("submission_id",
          absl::StrCat("\"", id, "\" must be 1-128 of A-Z a-z 0-9 - _ . :"),
          reason::kInvalidId, {{"value", id}});
    }
    if (s_.department().empty()) {
      Add("department", "required", reason::kRequired);
    } else if (CheckCode("department", s_.department()) &&
               catalog_.FindDepartment(s_.department()) == nullptr) {
      Add("department",
          absl::StrCat("unknown department \"", s_.department(), "\""),
          reason::kUnknownDepartment, {{"value", s_.department()}});
    }
    CheckText("source_system", s_.source_system(), kMaxShortText,
              /*free_text=*/true, &violations_);
    CheckText("adapter", s_.adapter(), kMaxShortText, /*free_text=*/true,
              &violations_);
    if (s_.items().empty()) {
      Add("items", "at least one item is required", reason::kRequired);
    }
    if (s_.items_size() > kMaxItems) {
      Add("items",
          absl::StrCat(s_.items_size(), " items; at most ", kMaxItems,
                       " per submission"),
          reason::kTooManyItems,
          {{"count", absl::StrCat(s_.items_size())},
           {"max", absl::StrCat(kMaxItems)}});
    }
  }

  // Checks region and period; returns false if either is bad.
  bool CheckRegionPeriod(const std::string& f, const std::string& region,
                         const std::string& period, Period* parsed) {
    bool ok = true;
    if (region.empty()) {
      Add(f + ".region_code", "required", reason::kRequired);
      ok = false;
    } else if (region.size() > kMaxCodeLength || !IsValidUtf8(region)) {
      Add(f + ".region_code",
          absl::StrCat("not a region code (", region.size(), " bytes)"),
          reason::kNotACode, {{"bytes", absl::StrCat(region.size())}});
      ok = false;
    } else if (catalog_.FindRegion(region) == nullptr) {
      Add(f + ".region_code", absl::StrCat("unknown region \"", region, "\""),
          reason::kUnknownRegion, {{"value", region}});
      ok = false;
    }
    if (period.empty()) {
      Add(f + ".period", "required", reason::kRequired);
      return false;
    }
    auto p = Period::Parse(period);
    if (!p.ok()) {
      Add(f + ".period", std::string(p.status().message()),
          reason::kInvalidPeriod, {{"value", period}});
      return false;
    }
    *parsed = *p;
    return CheckBegun(f + ".period", *p) && ok;
  }

  // Reported figures are about periods that have begun by the hub's clock.
  bool CheckBegun(const std::string& field, const Period& p) {
    std::optional<FieldViolation> problem = PeriodNotBegun(p, now_);
    if (!problem.has_value()) return true;
    problem->field = field;
    violations_.push_back(*std::move(problem));
    return false;
  }

  // A catalog code: at most kMaxCodeLength bytes of text. Adds a violation
  // and returns false otherwise.
  bool CheckCode(const std::string& field, const std::string& code) {
    if (code.size() <= kMaxCodeLength && IsValidUtf8(code)) return true;
    Add(field,
        absl::StrCat("not a catalog code (", code.size(),
                     " bytes; codes have at most ", kMaxCodeLength, ")"),
        reason::kNotACode, {{"bytes", absl::StrCat(code.size())}});
    return false;
  }

  // Adds a violation of field when count passes max; returns whether not.
  bool CheckCount(const std::string& field, int count, int max,
                  const char* what) {
    if (count <= max) return true;
    Add(field, absl::StrCat(count, " ", what, "; at most ", max),
        reason::kTooManyEntries,
        {{"count", absl::StrCat(count)}, {"max", absl::StrCat(max)}});
    return false;
  }

  // Provenance: short texts, and caps on its lines and conversions.
  void CheckProvenance(const std::string& f, const v1::Provenance& p) {
    CheckText(f + ".adapter", p.adapter(), kMaxShortText, true, &violations_);
    CheckText(f + ".adapter_version", p.adapter_version(), kMaxShortText, true,
              &violations_);
    CheckText(f + ".source", p.source(), kMaxShortText, true, &violations_);
    CheckText(f + ".field", p.field(), kMaxShortText, true, &violations_);
    CheckCount(f + ".lines", p.lines_size(), kMaxProvenanceLines, "lines");
    if (!CheckCount(f + ".conversions", p.conversions_size(), kMaxConversions,
                    "conversions")) {
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
                       "] (same subject, region and period)"),
          reason::kDuplicateItem, {{"other", absl::StrCat(it->second)}});
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
        Add(f, "must hold indicator_value or task_progress",
            reason::kItemKindRequired);
    }
  }

  absl::StatusOr<Decimal> ParseField(const std::string& field,
                                     const std::string& text) {
    if (text.empty()) {
      Add(field, "required", reason::kRequired);
      return absl::InvalidArgumentError("");
    }
    if (text.size() > kMaxNumberLength) {
      Add(field,
          absl::StrCat("not a number: ", text.size(), " bytes; at most ",
                       kMaxNumberLength),
          reason::kTooLong, {{"max", absl::StrCat(kMaxNumberLength)}});
      return absl::InvalidArgumentError("");
    }
    auto d = Decimal::Parse(text);
    if (!d.ok()) {
      Add(field, std::string(d.status().message()), reason::kInvalidNumber,
          {{"value", text}});
    }
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
  const absl::Time now_;
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
  if (num->sign() < 0) {
    Add(f + ".numerator", "must not be negative", reason::kNegative);
  }
  if (den->sign() <= 0) {
    Add(f + ".denominator", "must be greater than zero", reason::kNotPositive);
    return absl::InvalidArgumentError("");
  }
  auto scaled = ind.dimension() == v1::DIMENSION_PERCENT
                    ? num->ScaleByPowerOfTen(2)
                    : absl::StatusOr<Decimal>(*num);
  if (!scaled.ok()) {
    Add(f + ".numerator", std::string(scaled.status().message()),
        reason::kNumberOutOfRange);
    return scaled.status();
  }
  auto value = Decimal::Divide(*scaled, *den, ind.precision());
  if (!value.ok())
    Add(f + ".denominator", std::string(value.status().message()),
        reason::kNumberOutOfRange);
  return value;
}

void SubmissionValidator::CheckBounds(const std::string& f,
                                      const v1::Indicator& ind,
                                      const Decimal& value) {
  for (FieldViolation& problem : ValueProblems(ind, value)) {
    problem.field = f;
    violations_.push_back(std::move(problem));
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
    if (v.indicator_code().empty()) {
      Add(f + ".indicator_code", "required", reason::kRequired);
    } else {
      Add(f + ".indicator_code",
          absl::StrCat("unknown indicator \"", v.indicator_code(), "\""),
          reason::kUnknownIndicator, {{"value", v.indicator_code()}});
    }
    return;
  }
  const auto& types = ind->period_types();
  if (where_ok &&
      std::find(types.begin(), types.end(), period.type) == types.end()) {
    std::vector<std::string> names, zh;
    for (int t : types) {
      names.push_back(Period::TypeName(static_cast<v1::PeriodType>(t)));
      zh.push_back(PeriodTypeZh(static_cast<v1::PeriodType>(t)));
    }
    Add(f + ".period",
        absl::StrCat("indicator ", ind->code(), " is reported by ",
                     absl::StrJoin(names, " or "), ", not by ",
                     Period::TypeName(period.type), " (\"", v.period(), "\")"),
        reason::kWrongPeriodType,
        {{"indicator", ind->code()},
         {"allowed", absl::StrJoin(zh, "或")},
         {"given", PeriodTypeZh(period.type)},
         {"value", v.period()}});
  }
  bool may_report =
      ind->owner_department() == s_.department() ||
      std::count(ind->contributing_departments().begin(),
                 ind->contributing_departments().end(), s_.department()) > 0;
  if (catalog_.FindDepartment(s_.department()) != nullptr && !may_report) {
    Add(f + ".indicator_code",
        absl::StrCat("department ", s_.department(), " does not report ",
                     ind->code(), " (owner ", ind->owner_department(), ")"),
        reason::kNotReporter,
        {{"department", s_.department()},
         {"indicator", ind->code()},
         {"owner", ind->owner_department()}});
  }
  if (!CheckText(f + ".unit", v.unit(), kMaxShortText, true, &violations_)) {
    // named above
  } else if (v.unit() != ind->unit()) {
    ViolationArgs args = {
        {"value", v.unit()}, {"indicator", ind->code()}, {"unit", ind->unit()}};
    if (v.unit().empty()) {
      Add(f + ".unit",
          absl::StrCat("required; ", ind->code(), " is in \"", ind->unit(),
                       "\""),
          reason::kUnitRequired, args);
    } else {
      Add(f + ".unit",
          absl::StrCat("\"", v.unit(), "\" does not match \"", ind->unit(),
                       "\" of ", ind->code()),
          reason::kUnitMismatch, args);
    }
  }
  NormalizedItem out;
  if (v.has_provenance())
    *out.contribution.mutable_provenance() = v.provenance();
  bool ratio = !ind->denominator().empty();
  absl::StatusOr<Decimal> value = absl::InvalidArgumentError("");
  if (ratio) {
    value = RatioValue(f, *ind, v);
    if (value.ok() && !v.value().empty()) {
      auto given = Decimal::Parse(v.value());
      if (!given.ok() || *given != *value) {
        Add(f + ".value",
            absl::StrCat("\"", v.value(), "\" disagrees with ",
                         "numerator/denominator = ", value->ToString()),
            reason::kValueDisagrees,
            {{"value", v.value()}, {"computed", value->ToString()}});
      }
    }
    if (value.ok()) {
      out.contribution.set_numerator(
          CanonicalComponent(v.numerator(), "numerator", &out.contribution));
      out.contribution.set_denominator(CanonicalComponent(
          v.denominator(), "denominator", &out.contribution));
    }
  } else {
    if (!v.numerator().empty() || !v.denominator().empty()) {
      Add(f + ".numerator",
          absl::StrCat(ind->code(), " is not a ratio; give value only"),
          reason::kNotARatio, {{"indicator", ind->code()}});
    }
    value = ParseField(f + ".value", v.value());
  }
  if (value.ok()) CheckBounds(f + ".value", *ind, *value);
  if (!value.ok() || !where_ok) return;
  out.key.set_kind(v1::SUBJECT_KIND_INDICATOR);
  out.key.set_code(ind->code());
  out.key.set_region_code(v.region_code());
  out.key.set_period(period.ToString());
  out.contribution.set_value(CanonicalValue(*ind, *value));
  if (!ratio && v.value() != out.contribution.value()) {
    KeepOwnText("value", v.value(), out.contribution.value(),
                absl::StrCat("exact decimal at the precision of ", ind->code(),
                             " (", ind->precision(), " places)"),
                &out.contribution);
  }
  out.contribution.set_note(v.note());
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
  if (CheckCount(f + ".evidence", t.evidence_size(), kMaxEvidence, "entries")) {
    for (int j = 0; j < t.evidence_size(); ++j) {
      CheckText(absl::StrCat(f, ".evidence[", j, "]"), t.evidence(j),
                kMaxEvidenceText, true, &violations_);
    }
  }
  if (t.has_provenance()) CheckProvenance(f + ".provenance", t.provenance());
  if (task == nullptr) {
    if (t.task_code().size() > kMaxCodeLength) return;
    if (t.task_code().empty()) {
      Add(f + ".task_code", "required", reason::kRequired);
    } else {
      Add(f + ".task_code",
          absl::StrCat("unknown task \"", t.task_code(), "\""),
          reason::kUnknownTask, {{"value", t.task_code()}});
    }
    return;
  }
  if (where_ok && !catalog_.InSubtree(t.region_code(), task->region_code())) {
    Add(f + ".region_code",
        absl::StrCat("region ", t.region_code(),
                     " is outside the jurisdiction ", task->region_code(),
                     " of task ", task->code()),
        reason::kOutsideTaskRegion,
        {{"region", t.region_code()},
         {"task", task->code()},
         {"task_region", task->region_code()}});
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
            task->code()),
        reason::kNotTaskDepartment,
        {{"department", s_.department()}, {"task", task->code()}});
  }
  if (t.status() == v1::TASK_STATUS_UNSPECIFIED) {
    Add(f + ".status",
        "required (NOT_STARTED, IN_PROGRESS, COMPLETED or BLOCKED)",
        reason::kStatusRequired);
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

absl::StatusOr<std::vector<NormalizedItem>> ValidateSubmission(
    const Catalog& catalog, const v1::Submission& submission, absl::Time now) {
  return SubmissionValidator(catalog, submission, now).Run();
}

}  // namespace internal
}  // namespace hub
