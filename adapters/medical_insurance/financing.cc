// medical_insurance_financing: the resident scheme's per-person fiscal
// subsidy standard for a year, one row per insurance pool.

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "adapters/internal/duplicates.h"
#include "adapters/internal/typed_translation.h"
#include "adapters/medical_insurance/medical_insurance.h"
#include "hub/v1/adapters/medical_insurance.pb.h"

namespace hub {
namespace adapters {
namespace {

using internal::CellParser;
using internal::Conv;
using Row = v1::adapters::FinancingRow;

constexpr char kUnit[] = "元/人";

class FinancingTranslation final : public internal::TypedTranslation<Row> {
 public:
  using TypedTranslation::TypedTranslation;

 private:
  void Translate(const Row& row, const RowSource& src,
                 CellParser& cells) override {
    auto region =
        InsuranceDivisionToRegion("division_code", row.division_code(), cells);
    auto year = cells.Year("year", row.year());
    cells.Count("insured_persons", row.insured_persons());
    auto subsidy =
        cells.Number("subsidy_per_person", row.subsidy_per_person(), 2);
    if (absl::StripAsciiWhitespace(row.unit()) != kUnit) {
      cells.Fail("unit", absl::StrCat("wrong unit \"", row.unit(),
                                      "\": 人均财政补助标准 is in ", kUnit));
    }
    Period period;
    period.type = v1::PERIOD_TYPE_YEAR;
    period.year = year.value_or(0);
    if (year && !context().report_period.Contains(period)) {
      cells.Fail("year", absl::StrCat("period ", period.ToString(),
                                      " outside the report ",
                                      context().report_period.ToString()));
    }
    if (!cells.ok()) return;
    if (!seen_.Insert(*region)) {
      cells.Fail("division_code",
                 absl::StrCat("duplicate pool row: ", row.division_code(),
                              " already reported for ", period.ToString()));
      return;
    }
    std::vector<Conv> convs = {
        {"region_code", row.division_code(), *region, "医保区划 -> GB/T 2260"},
        {"value", absl::StrCat(row.subsidy_per_person(), row.unit()),
         subsidy->ToString(), "元/人 as reported"}};
    internal::ItemKey key{"resident_insurance_subsidy_per_person", *region,
                          period.ToString()};
    Keep(aggregator().AddValue(key, kUnit, *subsidy, src, convs));
  }

  internal::DuplicateFilter seen_;  // regions
};

class FinancingAdapter final : public Adapter {
 public:
  absl::string_view Name() const override {
    return "medical_insurance_financing";
  }
  int Version() const override { return 1; }
  absl::string_view Department() const override { return "medical_insurance"; }
  const google::protobuf::Message& RowPrototype() const override {
    return Row::default_instance();
  }
  const std::vector<Column>& Columns() const override {
    static const auto* c =
        new std::vector<Column>{{"医保区划代码", "division_code"},
                                {"年度", "year"},
                                {"参保人数", "insured_persons"},
                                {"人均财政补助标准", "subsidy_per_person"},
                                {"单位", "unit"}};
    return *c;
  }
  std::unique_ptr<Translation> Begin(
      const TranslationContext& context) const override {
    return std::make_unique<FinancingTranslation>(*this, context);
  }
};

}  // namespace

std::unique_ptr<Adapter> NewFinancingAdapter() {
  return std::make_unique<FinancingAdapter>();
}

}  // namespace adapters
}  // namespace hub
