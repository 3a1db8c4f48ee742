// health_commission_community_monitoring: the county medical community's
// monitoring of insurance-fund spending, summed over the report's months into
// county_fund_spending_share components.
#include <utility>

#include "absl/strings/str_cat.h"
#include "adapters/health_commission/health_commission.h"
#include "adapters/internal/duplicates.h"
#include "adapters/internal/typed_translation.h"
#include "hub/v1/adapters/health_commission.pb.h"

namespace hub {
namespace adapters {
namespace {

using internal::CellParser;
using internal::Conv;
using Row = v1::adapters::CommunityMonitoringRow;

class MonitoringTranslation final : public internal::TypedTranslation<Row> {
 public:
  using TypedTranslation::TypedTranslation;

 private:
  void Translate(const Row& row, const RowSource& src,
                 CellParser& cells) override {
    auto region = cells.Region("division_code", row.division_code());
    auto month = cells.Month("month", row.month(), context().report_period);
    auto in_county = cells.Number("in_county_fund", row.in_county_fund(), 2);
    auto total = cells.Number("total_fund", row.total_fund(), 2);
    auto share = cells.ShareCell("reported_share", row.reported_share());
    if (in_county && total && *in_county > *total) {
      cells.Fail("in_county_fund",
                 absl::StrCat("县域内医保基金支出 ", in_county->ToString(),
                              " exceeds the total ", total->ToString()));
    }
    if (cells.ok() && !total->is_zero()) {
      CheckShare(row, *share, *in_county, *total, cells);
    }
    if (!cells.ok()) return;
    if (!seen_.Insert(*region, month->index)) {
      cells.Fail("division_code",
                 absl::StrCat("duplicate county row: ", *region,
                              " already reported for ", month->ToString()));
      return;
    }
    if (total->is_zero()) return;
    std::vector<Conv> convs = {
        {"region_code", row.division_code(), *region, "县（区）代码 GB/T 2260"},
        {"period", row.month(), context().report_period.ToString(),
         "监测月份 YYYYMM summed into the report period"},
        {"numerator/denominator",
         "县域内医保基金支出（元） / 县域参保人员医保基金支出总额（元）",
         "county_fund_spending_share",
         "monthly amounts summed; share computed by the hub"},
        {"reported_share", share->was_ratio ? "ratio" : "%", "%",
         share->was_ratio
             ? "县域内支出占比 given as a ratio, ×100, checked against the "
               "amounts"
             : "县域内支出占比 given in percent, checked against the amounts"}};
    internal::ItemKey key{"county_fund_spending_share", *region,
                          context().report_period.ToString()};
    Keep(aggregator().AddRatio(key, "%", *in_county, *total, src, convs));
  }

  // The county's own share must agree with its amounts to within half a
  // unit of its last written digit.
  static void CheckShare(const Row& row, const internal::Share& share,
                         const Decimal& in_county, const Decimal& total,
                         CellParser& cells) {
    absl::StatusOr<Decimal> computed =
        Decimal::Divide(*in_county.ScaleByPowerOfTen(2), total, 6);
    if (!computed.ok()) return cells.Fail("reported_share", "share overflows");
    absl::StatusOr<Decimal> diff = computed->Sub(share.percent);
    if (diff.ok() && diff->Abs() <= share.tolerance) return;
    cells.Fail("reported_share",
               absl::StrCat("reported share ", row.reported_share(), " (",
                            share.percent.Normalized().ToString(),
                            "%) disagrees with the amounts: ",
                            computed->Rescale(2)->ToString(), "%"));
  }

  internal::DuplicateFilter seen_;  // county, month
};

class CommunityMonitoringAdapter final : public Adapter {
 public:
  absl::string_view Name() const override {
    return "health_commission_community_monitoring";
  }
  int Version() const override { return 1; }
  absl::string_view Department() const override { return "health_commission"; }
  const google::protobuf::Message& RowPrototype() const override {
    return Row::default_instance();
  }
  const std::vector<Column>& Columns() const override {
    static const auto* c = new std::vector<Column>{
        {"县（区）代码", "division_code"},
        {"监测月份", "month"},
        {"县域内医保基金支出（元）", "in_county_fund"},
        {"县域参保人员医保基金支出总额（元）", "total_fund"},
        {"县域内支出占比", "reported_share"}};
    return *c;
  }
  std::unique_ptr<Translation> Begin(
      const TranslationContext& context) const override {
    return std::make_unique<MonitoringTranslation>(*this, context);
  }
};

}  // namespace

std::unique_ptr<Adapter> NewCommunityMonitoringAdapter() {
  return std::make_unique<CommunityMonitoringAdapter>();
}

}  // namespace adapters
}  // namespace hub
