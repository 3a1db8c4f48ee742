// finance_budget_execution: budget execution rows by subject into per-person
// standards and public-hospital spending.
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "adapters/finance/finance.h"
#include "adapters/internal/duplicates.h"
#include "adapters/internal/typed_translation.h"
#include "hub/v1/adapters/finance.pb.h"

namespace hub {
namespace adapters {
namespace {

using internal::CellParser;
using internal::Conv;
using Row = v1::adapters::BudgetExecutionRow;

// How far (percent of the expected amount) a per-person subsidy's executed
// amount may differ from standard × covered population before the row is
// flagged (see CheckCoverage).
constexpr int kCoverageTolerancePercent = 1;

// 金额单位 -> power of ten to yuan, and the fractional digits that keep fen.
struct AmountUnit {
  int power;
  int max_scale;
};

std::optional<AmountUnit> ParseUnit(absl::string_view unit) {
  unit = absl::StripAsciiWhitespace(unit);
  if (unit == "万元") return AmountUnit{4, 6};
  if (unit == "元") return AmountUnit{0, 2};
  return std::nullopt;
}

class BudgetTranslation final : public internal::TypedTranslation<Row> {
 public:
  using TypedTranslation::TypedTranslation;

 private:
  void Translate(const Row& row, const RowSource& src,
                 CellParser& cells) override {
    auto region = cells.Region("division_code", row.division_code());
    std::optional<Period> ytd = ReportPeriod(row, cells);
    std::optional<AmountUnit> unit = ParseUnit(row.unit());
    if (!unit) {
      cells.Fail("unit", absl::StrCat("wrong unit \"", row.unit(),
                                      "\": amounts must be in 万元 or 元"));
    }
    const BudgetSubject* subject = nullptr;
    if (ytd) {
      subject = FindBudgetSubject(
          absl::StripAsciiWhitespace(row.subject_code()), ytd->year);
      if (subject == nullptr) {
        cells.Fail("subject_code",
                   absl::StrCat("unknown budget subject \"", row.subject_code(),
                                "\" in the ", ytd->year, " classification"));
      }
    }
    int scale = unit ? unit->max_scale : 6;
    cells.Number("budget_amount", row.budget_amount(), scale);
    auto executed =
        cells.Number("executed_amount", row.executed_amount(), scale);
    std::optional<Decimal> standard, persons;
    if (subject != nullptr && subject->use == SubjectUse::kPerPersonStandard) {
      standard =
          cells.Number("subsidy_per_person", row.subsidy_per_person(), 2);
      persons = cells.Count("covered_persons", row.covered_persons());
    }
    if (!cells.ok() || subject->use == SubjectUse::kNotTracked) return;
    if (!seen_.Insert(*region, row.subject_code())) {
      cells.Fail("subject_code",
                 absl::StrCat("duplicate subject row: ", row.subject_code(),
                              " already reported for ", *region));
      return;
    }
    std::vector<Conv> convs = {
        {"region_code", row.division_code(), *region, "区划代码 GB/T 2260"},
        {"indicator_code", row.subject_code(), subject->indicator,
         absl::StrCat("budget subject ", subject->name, ", ", ytd->year,
                      " classification")}};
    if (subject->use == SubjectUse::kSpending) {
      AddSpending(row, *region, *ytd, *unit, *executed, src, std::move(convs),
                  *subject);
    } else {
      CheckCoverage(row, *ytd, *unit, *executed, *standard, *persons, src);
      AddStandard(row, *region, ytd->year, *standard, src, std::move(convs),
                  *subject);
    }
  }

  // The executed amount of a per-person subsidy should be what the standard
  // and the covered population entitle, accrued evenly by quarter:
  // standard × persons × quarters / 4. A difference above
  // kCoverageTolerancePercent of that amount is a warning on the row (the
  // standard or the population may be wrong); nothing is rejected.
  void CheckCoverage(const Row& row, const Period& ytd, AmountUnit unit,
                     const Decimal& executed, const Decimal& standard,
                     const Decimal& persons, const RowSource& src) {
    absl::StatusOr<Decimal> yuan = executed.ScaleByPowerOfTen(unit.power);
    absl::StatusOr<Decimal> accrued = standard.Mul(
        persons.Mul(Decimal::FromInt(ytd.index)).value_or(Decimal()));
    if (!yuan.ok() || !accrued.ok()) return;
    absl::StatusOr<Decimal> expected =
        Decimal::Divide(*accrued, Decimal::FromInt(4), 2);
    if (!expected.ok()) return;
    absl::StatusOr<Decimal> diff = yuan->Sub(*expected);
    absl::StatusOr<Decimal> allowed = Decimal::Divide(
        expected->Mul(Decimal::FromInt(kCoverageTolerancePercent))
            .value_or(Decimal()),
        Decimal::FromInt(100), 2);
    if (!diff.ok() || !allowed.ok() || diff->Abs() <= *allowed) return;
    Warn({src, "executed_amount",
          absl::StrCat("执行数 ", row.executed_amount(), row.unit(), " (",
                       yuan->ToString(), "元) differs from 人均补助标准 ",
                       row.subsidy_per_person(), " × 覆盖人数 ",
                       row.covered_persons(), " × ", ytd.index,
                       "/4 of the year = ", expected->ToString(), "元 by ",
                       diff->Abs().ToString(), "元, more than ",
                       kCoverageTolerancePercent,
                       "%: check the standard and the covered population")});
  }

  // The row's budget year and quarter as a year-to-date period, which must
  // be the report's.
  std::optional<Period> ReportPeriod(const Row& row, CellParser& cells) {
    auto year = cells.Year("budget_year", row.budget_year());
    int quarter = 0;
    if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(row.quarter()),
                          &quarter) ||
        quarter < 1 || quarter > 4) {
      cells.Fail("quarter",
                 absl::StrCat("\"", row.quarter(), "\" is not a quarter 1..4"));
      return std::nullopt;
    }
    if (!year) return std::nullopt;
    Period ytd{v1::PERIOD_TYPE_YTD, *year, quarter};
    const Period& report = context().report_period;
    bool same = report == ytd || (report.type == v1::PERIOD_TYPE_YEAR &&
                                  report.year == *year && quarter == 4);
    if (!same) {
      cells.Fail("quarter",
                 absl::StrCat("period ", ytd.ToString(), " outside the report ",
                              report.ToString()));
      return std::nullopt;
    }
    return ytd;
  }

  void AddSpending(const Row& row, const std::string& region, const Period& ytd,
                   AmountUnit unit, const Decimal& executed,
                   const RowSource& src, std::vector<Conv> convs,
                   const BudgetSubject& subject) {
    absl::StatusOr<Decimal> yuan = executed.ScaleByPowerOfTen(unit.power);
    if (!yuan.ok()) return Keep(yuan.status());
    convs.push_back(
        {"value", absl::StrCat(row.executed_amount(), row.unit()),
         yuan->ToString(),
         unit.power == 4 ? "万元→元 ×10000 exact" : "元 as reported"});
    convs.push_back(
        {"period",
         absl::StrCat(row.budget_year(), "年第", row.quarter(), "季度"),
         ytd.ToString(), "budget year and quarter, year to date"});
    internal::ItemKey key{subject.indicator, region, ytd.ToString()};
    Keep(aggregator().AddValue(key, "元", *yuan, src, convs));
  }

  void AddStandard(const Row& row, const std::string& region, int year,
                   const Decimal& standard, const RowSource& src,
                   std::vector<Conv> convs, const BudgetSubject& subject) {
    convs.push_back({"value", absl::StrCat(row.subsidy_per_person(), "元/人"),
                     standard.ToString(), "人均补助标准 as reported"});
    convs.push_back({"period", row.budget_year(), absl::StrCat(year),
                     "budget year: the standard is annual"});
    internal::ItemKey key{subject.indicator, region, absl::StrCat(year)};
    Keep(aggregator().AddValue(key, "元/人", standard, src, convs));
  }

  internal::DuplicateFilter seen_;  // region, subject
};

class BudgetExecutionAdapter final : public Adapter {
 public:
  absl::string_view Name() const override { return "finance_budget_execution"; }
  int Version() const override { return 1; }
  absl::string_view Department() const override { return "finance"; }
  const google::protobuf::Message& RowPrototype() const override {
    return Row::default_instance();
  }
  const std::vector<Column>& Columns() const override {
    static const auto* c =
        new std::vector<Column>{{"区划代码", "division_code"},
                                {"预算年度", "budget_year"},
                                {"报告季度", "quarter"},
                                {"科目编码", "subject_code"},
                                {"科目名称", "subject_name"},
                                {"金额单位", "unit"},
                                {"预算数", "budget_amount"},
                                {"执行数", "executed_amount"},
                                {"人均补助标准（元/人）", "subsidy_per_person"},
                                {"覆盖人数", "covered_persons"}};
    return *c;
  }
  std::unique_ptr<Translation> Begin(
      const TranslationContext& context) const override {
    return std::make_unique<BudgetTranslation>(*this, context);
  }
};

}  // namespace

std::unique_ptr<Adapter> NewBudgetExecutionAdapter() {
  return std::make_unique<BudgetExecutionAdapter>();
}

}  // namespace adapters
}  // namespace hub
