#include "adapters/medical_insurance/medical_insurance.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/v1/adapters/medical_insurance.pb.h"

namespace hub {
namespace adapters {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::IsOkAndHolds;
using ::hub::testing::StatusIs;

using ::testing::IsEmpty;
using Row = v1::adapters::SettlementRow;

Row Line(std::string division, std::string care, std::string method,
         std::string place, std::string spending) {
  Row r;
  r.set_division_code(division);
  r.set_month("202405");
  r.set_scheme("居民");
  r.set_care_type(care);
  r.set_payment_method(method);
  r.set_place(place);
  r.set_fund_spending(spending);
  r.set_cases("12");
  return r;
}

TEST(SettlementTest, DrgDipShareSumsInpatientSpending) {
  auto adapter = NewSettlementAdapter();
  auto t = adapter->Begin({*Period::Parse("2024Q2"), "mi.csv"});
  EXPECT_THAT(
      t->AddRow(Line("350499", "住院", "DRG", "县域内", "700.10"), {2, ""}),
      IsEmpty());
  EXPECT_THAT(
      t->AddRow(Line("350499", "住院", "按项目", "市外", "299.90"), {3, ""}),
      IsEmpty());
  EXPECT_THAT(
      t->AddRow(Line("350499", "门诊", "按人头", "县域内", "50.00"), {4, ""}),
      IsEmpty());
  HUB_ASSERT_OK_AND_ASSIGN(auto items, t->Finish());
  ASSERT_EQ(items.size(), 2u);
  const auto& county = items[0].indicator_value();
  EXPECT_EQ(county.indicator_code(), "county_fund_spending_share");
  EXPECT_EQ(county.region_code(), "350400");  // 三明市本级 pool
  EXPECT_EQ(county.numerator(), "750.10");
  EXPECT_EQ(county.denominator(), "1050.00");
  const auto& drg = items[1].indicator_value();
  EXPECT_EQ(drg.indicator_code(), "drg_dip_fund_share");
  EXPECT_EQ(drg.numerator(), "700.10");
  EXPECT_EQ(drg.denominator(), "1000.00");
  EXPECT_EQ(drg.provenance().conversions(2).field(), "region_code");
  EXPECT_EQ(drg.provenance().conversions(2).from(), "350499");
}

// A pool whose lines hold only care in the county would get a county share
// of 100%, and one with only DRG inpatient lines a DRG/DIP share of 100%:
// neither is derived, and the warnings name the pool and the missing part.
TEST(SettlementTest, ASharePartMissingFromTheLinesDerivesNoShare) {
  auto adapter = NewSettlementAdapter();
  auto t = adapter->Begin({*Period::Parse("2024Q2"), "mi.csv"});
  EXPECT_THAT(
      t->AddRow(Line("350421", "住院", "DRG", "县域内", "700.10"), {2, ""}),
      IsEmpty());
  HUB_ASSERT_OK_AND_ASSIGN(auto items, t->Finish());
  EXPECT_THAT(items, IsEmpty());
  ASSERT_EQ(t->Warnings().size(), 2u);
  EXPECT_EQ(t->Warnings()[0].message,
            "明溪县 350421: drg_dip_fund_share not derived: no rows of "
            "inpatient lines of other payment methods in 2024-05 (a share "
            "needs rows of both its parts in every month)");
  EXPECT_EQ(t->Warnings()[1].message,
            "明溪县 350421: county_fund_spending_share not derived: no rows of "
            "lines of care outside the county (县域外市内, 市外) in 2024-05 (a "
            "share needs rows of both its parts in every month)");
}

TEST(SettlementTest, AZeroLineCoversItsPart) {
  auto adapter = NewSettlementAdapter();
  auto t = adapter->Begin({*Period::Parse("2024Q2"), "mi.csv"});
  EXPECT_THAT(
      t->AddRow(Line("350421", "住院", "DRG", "县域内", "700.10"), {2, ""}),
      IsEmpty());
  EXPECT_THAT(
      t->AddRow(Line("350421", "住院", "按项目", "市外", "0.00"), {3, ""}),
      IsEmpty());
  HUB_ASSERT_OK_AND_ASSIGN(auto items, t->Finish());
  EXPECT_THAT(t->Warnings(), IsEmpty());
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].indicator_value().numerator(), "700.10");
}

TEST(SettlementTest, UnknownWordsAndFenBeyondTwoDecimals) {
  auto adapter = NewSettlementAdapter();
  auto t = adapter->Begin({*Period::Parse("2024Q2"), "mi.csv"});
  std::vector<RowIssue> issues =
      t->AddRow(Line("350498", "住院", "按病种", "县域内", "1.005"), {2, ""});
  ASSERT_EQ(issues.size(), 3u);
  EXPECT_EQ(issues[0].reason, "unknown insurance division code \"350498\"");
  EXPECT_EQ(issues[1].reason, "unknown payment method \"按病种\"");
  EXPECT_EQ(issues[2].reason, "\"1.005\" has more than 2 decimal places");
}

TEST(FinancingTest, WrongUnitAndYearOutsideReport) {
  auto adapter = NewFinancingAdapter();
  auto t = adapter->Begin({*Period::Parse("2024"), "fin.csv"});
  v1::adapters::FinancingRow r;
  r.set_division_code("411300");
  r.set_year("2023");
  r.set_insured_persons("8123456");
  r.set_subsidy_per_person("0.064");
  r.set_unit("万元/人");
  std::vector<RowIssue> issues = t->AddRow(r, {2, ""});
  ASSERT_EQ(issues.size(), 3u);
  EXPECT_EQ(issues[0].reason, "\"0.064\" has more than 2 decimal places");
  EXPECT_EQ(issues[1].reason,
            "wrong unit \"万元/人\": 人均财政补助标准 is in 元/人");
  EXPECT_EQ(issues[2].reason, "period 2023 outside the report 2024");
  r.set_year("2024");
  r.set_subsidy_per_person("670");
  r.set_unit("元/人");
  EXPECT_THAT(t->AddRow(r, {3, ""}), IsEmpty());
  HUB_ASSERT_OK_AND_ASSIGN(auto items, t->Finish());
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].indicator_value().value(), "670");
  EXPECT_EQ(items[0].indicator_value().period(), "2024");
}

}  // namespace
}  // namespace adapters
}  // namespace hub
