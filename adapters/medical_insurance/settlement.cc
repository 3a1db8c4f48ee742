// medical_insurance_settlement: settlement summary lines summed by care type,
// payment method and place of care into pool indicator components.

#include "absl/strings/str_cat.h"
#include "adapters/internal/coverage.h"
#include "adapters/internal/duplicates.h"
#include "adapters/internal/typed_translation.h"
#include "adapters/medical_insurance/medical_insurance.h"
#include "hub/v1/adapters/medical_insurance.pb.h"

namespace hub {
namespace adapters {
namespace {

using internal::CellParser;
using internal::Conv;
using internal::WordTable;
using Row = v1::adapters::SettlementRow;

const WordTable& Schemes() {
  static const auto* t =
      new WordTable{{"职工", "employee"}, {"居民", "resident"}};
  return *t;
}
const WordTable& CareTypes() {
  static const auto* t =
      new WordTable{{"住院", "inpatient"}, {"门诊", "outpatient"}};
  return *t;
}
const WordTable& Methods() {
  static const auto* t = new WordTable{{"DRG", "drg"},
                                       {"DIP", "dip"},
                                       {"按项目", "fee"},
                                       {"按床日", "bed_day"},
                                       {"按人头", "capita"}};
  return *t;
}
const WordTable& Places() {
  static const auto* t = new WordTable{{"县域内", "in_county"},
                                       {"县域外市内", "out_of_county"},
                                       {"市外", "out_of_city"}};
  return *t;
}

class SettlementTranslation final : public internal::TypedTranslation<Row> {
 public:
  using TypedTranslation::TypedTranslation;

 private:
  void Translate(const Row& row, const RowSource& src,
                 CellParser& cells) override {
    auto region =
        InsuranceDivisionToRegion("division_code", row.division_code(), cells);
    auto month = cells.Month("month", row.month(), context().report_period);
    auto scheme = cells.Word("scheme", row.scheme(), Schemes(), "scheme");
    auto care =
        cells.Word("care_type", row.care_type(), CareTypes(), "care type");
    auto method = cells.Word("payment_method", row.payment_method(), Methods(),
                             "payment method");
    auto place = cells.Word("place", row.place(), Places(), "place of care");
    auto spending = cells.Number("fund_spending", row.fund_spending(), 2);
    cells.Count("cases", row.cases());
    if (!cells.ok()) return;
    if (!seen_.Insert(row.division_code(), month->index, *scheme, *care,
                      *method, *place)) {
      cells.Fail(
          "division_code",
          absl::StrCat("duplicate settlement row: ", row.division_code(), " ",
                       row.month(), " ", row.scheme(), " ", row.care_type(),
                       " ", row.payment_method(), " ", row.place()));
      return;
    }
    std::vector<Conv> base = {
        {"region_code", row.division_code(), *region, "医保区划 -> GB/T 2260"},
        {"period", row.month(), context().report_period.ToString(),
         "结算月份 YYYYMM summed into the report period"}};
    const Decimal zero;
    if (*care == "inpatient") {
      bool drg_dip = *method == "drg" || *method == "dip";
      Add("drg_dip_fund_share", *region, drg_dip ? *spending : zero, *spending,
          src, base,
          "住院基金支出 of DRG and DIP / 住院基金支出 of all methods");
      drg_parts_.Saw(*region, *month, drg_dip ? 0 : 1);
    }
    bool in_county = *place == "in_county";
    Add("county_fund_spending_share", *region, in_county ? *spending : zero,
        *spending, src, base, "基金支出 of 县域内 / 基金支出 of all places");
    county_parts_.Saw(*region, *month, in_county ? 0 : 1);
  }

  // A pool gets a share only from months whose lines hold both its parts
  // (internal/coverage.h).
  void BeforeFinish() override {
    for (internal::PartCoverage* parts : {&drg_parts_, &county_parts_}) {
      for (const auto& gap : parts->Gaps()) {
        aggregator().Erase({parts->indicator(), gap.region,
                            context().report_period.ToString()});
        Warn({{}, "", parts->WarningText(gap)});
      }
    }
  }

  void Add(const std::string& indicator, const std::string& region,
           const Decimal& num, const Decimal& den, const RowSource& src,
           std::vector<Conv> convs, const std::string& formula) {
    if (den.is_zero()) return;
    convs.push_back({"numerator/denominator", formula, indicator,
                     "settlement lines summed; share computed by the hub"});
    internal::ItemKey key{indicator, region,
                          context().report_period.ToString()};
    Keep(aggregator().AddRatio(key, "%", num, den, src, convs));
  }

  internal::DuplicateFilter seen_;  // one line per pool, month and kind
  internal::PartCoverage drg_parts_{
      "drg_dip_fund_share",
      {"DRG/DIP inpatient lines", "inpatient lines of other payment methods"}};
  internal::PartCoverage county_parts_{
      "county_fund_spending_share",
      {"县域内 lines", "lines of care outside the county (县域外市内, 市外)"}};
};

class SettlementAdapter final : public Adapter {
 public:
  absl::string_view Name() const override {
    return "medical_insurance_settlement";
  }
  // 2: a share only from lines holding both its parts (issue 9).
  int Version() const override { return 2; }
  absl::string_view Department() const override { return "medical_insurance"; }
  const google::protobuf::Message& RowPrototype() const override {
    return Row::default_instance();
  }
  const std::vector<Column>& Columns() const override {
    static const auto* c =
        new std::vector<Column>{{"医保区划代码", "division_code"},
                                {"结算月份", "month"},
                                {"险种", "scheme"},
                                {"医疗类别", "care_type"},
                                {"支付方式", "payment_method"},
                                {"就医地", "place"},
                                {"基金支出（元）", "fund_spending"},
                                {"结算人次", "cases"}};
    return *c;
  }
  std::unique_ptr<Translation> Begin(
      const TranslationContext& context) const override {
    return std::make_unique<SettlementTranslation>(*this, context);
  }
};

}  // namespace

std::unique_ptr<Adapter> NewSettlementAdapter() {
  return std::make_unique<SettlementAdapter>();
}

}  // namespace adapters
}  // namespace hub
