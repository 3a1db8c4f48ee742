#include "adapters/health_commission/health_commission.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/v1/adapters/health_commission.pb.h"

namespace hub {
namespace adapters {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::IsOkAndHolds;
using ::hub::testing::StatusIs;

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Row = v1::adapters::InstitutionMonthlyRow;

Row MakeRow(std::string code, std::string level, std::string type,
            std::string month, std::string visits, std::string discharges,
            std::string pathway) {
  Row r;
  r.set_institution_code(code);
  r.set_level(level);
  r.set_type(type);
  r.set_division_code("350421");
  r.set_month(month);
  r.set_total_visits(visits);
  r.set_discharges(discharges);
  r.set_pathway_discharges(pathway);
  r.set_medical_revenue("1000000.00");
  r.set_service_revenue("350000.50");
  r.set_personnel_spending("400000");
  r.set_operating_spending("900000.00");
  return r;
}

std::unique_ptr<Translation> Begin(const Adapter& a, const char* period) {
  return a.Begin({*Period::Parse(period), "hc.csv"});
}

const v1::IndicatorValue* Find(const std::vector<v1::SubmissionItem>& items,
                               const std::string& code) {
  for (const auto& i : items) {
    if (i.indicator_value().indicator_code() == code)
      return &i.indicator_value();
  }
  return nullptr;
}

TEST(InstitutionMonthlyTest, SumsComponentsByLevelNeverAverages) {
  auto adapter = NewInstitutionMonthlyAdapter();
  auto t = Begin(*adapter, "2024H1");
  // 80% of 1000 and 50% of 10: the share is 805/1010, not the mean 65%.
  EXPECT_THAT(
      t->AddRow(MakeRow("H1", "二级", "医院", "202401", "1000", "100", "80"),
                {2, ""}),
      IsEmpty());
  EXPECT_THAT(
      t->AddRow(MakeRow("H1", "二级", "医院", "202402", "10", "10", "5"),
                {3, ""}),
      IsEmpty());
  EXPECT_THAT(
      t->AddRow(MakeRow("T1", "基层", "乡镇卫生院", "202401", "2000", "0", "0"),
                {4, ""}),
      IsEmpty());
  EXPECT_THAT(
      t->AddRow(MakeRow("T1", "基层", "乡镇卫生院", "202402", "3000", "0", "0"),
                {5, ""}),
      IsEmpty());
  HUB_ASSERT_OK_AND_ASSIGN(auto items, t->Finish());
  EXPECT_THAT(t->Warnings(), IsEmpty());
  const v1::IndicatorValue* pathway =
      Find(items, "clinical_pathway_share_secondary");
  ASSERT_NE(pathway, nullptr);
  EXPECT_EQ(pathway->numerator(), "85");
  EXPECT_EQ(pathway->denominator(), "110");
  EXPECT_EQ(pathway->period(), "2024H1");
  EXPECT_EQ(pathway->region_code(), "350421");
  EXPECT_THAT(pathway->provenance().lines(), ElementsAre(2, 3));
  const v1::IndicatorValue* primary = Find(items, "primary_care_visit_share");
  ASSERT_NE(primary, nullptr);
  EXPECT_EQ(primary->numerator(), "5000");
  EXPECT_EQ(primary->denominator(), "6010");
  EXPECT_EQ(Find(items, "medical_service_revenue_share")->numerator(),
            "700001.00");
  EXPECT_EQ(Find(items, "clinical_pathway_share_tertiary"), nullptr);
}

// The README's sample holds only hospitals for 三元区: its primary-care
// share would be 0%, so none is derived and the import says why.
TEST(InstitutionMonthlyTest, ACountyWithoutPrimaryCareRowsGetsNoPrimaryShare) {
  auto adapter = NewInstitutionMonthlyAdapter();
  auto t = Begin(*adapter, "2024H1");
  Row hospital =
      MakeRow("H1", "三级", "医院", "202401", "98000", "5200", "3744");
  hospital.set_division_code("350404");
  EXPECT_THAT(t->AddRow(hospital, {2, ""}), IsEmpty());
  HUB_ASSERT_OK_AND_ASSIGN(auto items, t->Finish());
  EXPECT_EQ(Find(items, "primary_care_visit_share"), nullptr);
  EXPECT_NE(Find(items, "clinical_pathway_share_tertiary"), nullptr);
  ASSERT_EQ(t->Warnings().size(), 1u);
  EXPECT_EQ(t->Warnings()[0].message,
            "三元区 350404: primary_care_visit_share not derived: no rows of "
            "基层 (primary-care) institutions in 2024-01 (a share needs rows "
            "of both its parts in every month)");
}

TEST(InstitutionMonthlyTest, AMonthWithoutOnePartDropsTheShare) {
  auto adapter = NewInstitutionMonthlyAdapter();
  auto t = Begin(*adapter, "2024H1");
  EXPECT_THAT(
      t->AddRow(MakeRow("H1", "二级", "医院", "202401", "1000", "10", "5"),
                {2, ""}),
      IsEmpty());
  EXPECT_THAT(
      t->AddRow(MakeRow("T1", "基层", "乡镇卫生院", "202401", "2000", "0", "0"),
                {3, ""}),
      IsEmpty());
  EXPECT_THAT(
      t->AddRow(MakeRow("T1", "基层", "乡镇卫生院", "202402", "2100", "0", "0"),
                {4, ""}),
      IsEmpty());
  HUB_ASSERT_OK_AND_ASSIGN(auto items, t->Finish());
  EXPECT_EQ(Find(items, "primary_care_visit_share"), nullptr);
  ASSERT_EQ(t->Warnings().size(), 1u);
  EXPECT_EQ(t->Warnings()[0].message,
            "明溪县 350421: primary_care_visit_share not derived: no rows of "
            "hospitals in 2024-02 (a share needs rows of both its parts in "
            "every month)");
}

TEST(InstitutionMonthlyTest, ReportsEveryBadCellOfARow) {
  auto adapter = NewInstitutionMonthlyAdapter();
  auto t = Begin(*adapter, "2024H1");
  Row bad = MakeRow("H9", "四级", "医院", "202407", "1,000", "10", "5");
  bad.set_division_code("359999");
  std::vector<RowIssue> issues = t->AddRow(bad, {5, ""});
  ASSERT_EQ(issues.size(), 4u);
  EXPECT_EQ(issues[0].field, "level");
  EXPECT_EQ(issues[0].reason, "unknown institution level \"四级\"");
  EXPECT_EQ(issues[1].reason, "unknown division code \"359999\"");
  EXPECT_EQ(issues[2].reason, "period 2024-07 outside the report 2024H1");
  EXPECT_EQ(issues[3].field, "total_visits");
  EXPECT_EQ(issues[3].reason, "unparsable number \"1,000\"");
  HUB_ASSERT_OK_AND_ASSIGN(auto items, t->Finish());
  EXPECT_THAT(items, IsEmpty());
}

TEST(InstitutionMonthlyTest, DuplicateInstitutionMonthIsRejected) {
  auto adapter = NewInstitutionMonthlyAdapter();
  auto t = Begin(*adapter, "2024H1");
  Row r = MakeRow("H1", "三级", "医院", "202403", "10", "10", "9");
  EXPECT_THAT(t->AddRow(r, {2, ""}), IsEmpty());
  std::vector<RowIssue> issues = t->AddRow(r, {3, ""});
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].reason,
            "duplicate institution row: H1 already reported for 2024-03");
  Row village = MakeRow("V1", "三级", "村卫生室", "202403", "10", "0", "0");
  issues = t->AddRow(village, {4, ""});
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].reason,
            "institution type \"村卫生室\" does not fit level \"三级\"");
}

TEST(CommunityMonitoringTest, SumsMonthsIntoTheReport) {
  auto adapter = NewCommunityMonitoringAdapter();
  auto t = Begin(*adapter, "2024H1");
  v1::adapters::CommunityMonitoringRow r;
  r.set_division_code("350423");
  r.set_month("202401");
  r.set_in_county_fund("4800000.10");
  r.set_total_fund("10000000.00");
  r.set_reported_share("48.00%");
  EXPECT_THAT(t->AddRow(r, {2, ""}), IsEmpty());
  r.set_month("202402");
  r.set_in_county_fund("5000000.00");
  r.set_reported_share("0.5");
  EXPECT_THAT(t->AddRow(r, {3, ""}), IsEmpty());
  r.set_in_county_fund("12000000.00");
  r.set_month("202403");
  std::vector<RowIssue> issues = t->AddRow(r, {4, ""});
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].reason,
            "县域内医保基金支出 12000000.00 exceeds the total 10000000.00");
  HUB_ASSERT_OK_AND_ASSIGN(auto items, t->Finish());
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].indicator_value().numerator(), "9800000.10");
  EXPECT_EQ(items[0].indicator_value().denominator(), "20000000.00");
  EXPECT_EQ(items[0].indicator_value().provenance().adapter(),
            "health_commission_community_monitoring");
}

TEST(CommunityMonitoringTest, ReportedShareInPercentOrRatioMustAgree) {
  auto adapter = NewCommunityMonitoringAdapter();
  auto t = Begin(*adapter, "2024");
  v1::adapters::CommunityMonitoringRow r;
  r.set_division_code("350426");
  r.set_month("202403");
  r.set_in_county_fund("4560.00");
  r.set_total_fund("10000.00");
  // 45.6%: "0.456" (ratio, tolerance 0.05 points) and "45.60%" agree.
  for (const char* ok : {"0.456", "45.60%", "45.6%", "0.46"}) {
    r.set_reported_share(ok);
    EXPECT_THAT(t->AddRow(r, {2, ""}), IsEmpty()) << ok;
    r.set_month(absl::StrCat("20240", r.month().back() - '0' + 1));
  }
  r.set_reported_share("45.70%");
  std::vector<RowIssue> issues = t->AddRow(r, {3, ""});
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].reason,
            "reported share 45.70% (45.7%) disagrees with the amounts: 45.60%");
  r.set_reported_share("45.6");
  issues = t->AddRow(r, {4, ""});
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].reason,
            "ratio 45.6 is above 1; a percent needs its % sign");
}

}  // namespace
}  // namespace adapters
}  // namespace hub
