// Target attainment on the seeds' own targets (tools/catalog): 县域内基金支出
// 占比 at least 47.5% (明医改组〔2024〕4号); 居民医保人均财政补助 +30 元; 基层
// 诊疗量占比 65% or +1 percentage point (满足其一); DRG/DIP at least 70% by
// 2025 (宛医改办〔2022〕1号), judged in 2024.
#include "hub/views/internal/attainment.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/model/errors.h"
#include "hub/views/internal/views_test_util.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;
using ::hub::views_internal::CombineChecks;
using ::hub::views_internal::JudgeTarget;
using ::hub::views_internal::Observation;
using ::hub::views_testing::AddShare;
using ::hub::views_testing::AddValue;
using ::hub::views_testing::NewSubmission;
using ::hub::views_testing::P;
using ::testing::HasSubstr;

constexpr auto kMet = v1::ATTAINMENT_STATE_MET;
constexpr auto kOnTrack = v1::ATTAINMENT_STATE_ON_TRACK;
constexpr auto kAtRisk = v1::ATTAINMENT_STATE_AT_RISK;
constexpr auto kMissed = v1::ATTAINMENT_STATE_MISSED;
constexpr auto kNoData = v1::ATTAINMENT_STATE_NO_DATA;

// The seed catalog's indicator and its targets of plan.
class SeedTargets : public ::testing::Test {
 protected:
  void SetUp() override { catalog_ = views_testing::SeedCatalog(); }
  const v1::Indicator& Indicator(const std::string& code) {
    for (const auto& i : catalog_.indicators()) {
      if (i.code() == code) return i;
    }
    ADD_FAILURE() << code;
    return catalog_.indicators(0);
  }
  std::vector<const v1::Target*> Targets(const std::string& code,
                                         const std::string& plan) {
    std::vector<const v1::Target*> out;
    for (const auto& t : Indicator(code).targets()) {
      if (t.plan_code() == plan) out.push_back(&t);
    }
    return out;
  }
  v1::TargetCheck Judge(const std::string& code, const v1::Target& t,
                        const std::string& period, const std::string& value,
                        const std::string& baseline) {
    Observation v{value, value.empty() ? "" : "record", "",
                  value.empty() ? "no record for 宁化县 (350424)" : ""};
    Observation b{baseline, baseline.empty() ? "" : "record", "",
                  baseline.empty() ? "no record for 宁化县 (350424) 2023" : ""};
    return JudgeTarget(Indicator(code), t, *Period::Parse(period), v, b);
  }

  v1::Catalog catalog_;
};

TEST_F(SeedTargets, CountyFundSpendingShareAtLeast47Point5) {
  auto targets = Targets("county_fund_spending_share", "sm2024");
  ASSERT_EQ(targets.size(), 1u);
  const v1::Target& t = *targets[0];
  v1::TargetCheck c =
      Judge("county_fund_spending_share", t, "2024", "48.10", "");
  EXPECT_EQ(c.state(), kMet);
  EXPECT_TRUE(c.final());
  EXPECT_EQ(c.deadline(), "2024-12-31");
  EXPECT_EQ(c.explanation(), "48.10 ≥ 47.5: met");
  EXPECT_EQ(Judge("county_fund_spending_share", t, "2024", "47.49", "").state(),
            kMissed);
  EXPECT_EQ(Judge("county_fund_spending_share", t, "2024", "47.50", "").state(),
            kMet);
  // Half way: 47.00 rising from 46.00 a year earlier reaches 47.50 by the
  // end of the year (6 months at 1.00 a year); from 46.50 it does not.
  c = Judge("county_fund_spending_share", t, "2024H1", "47.00", "46.00");
  EXPECT_FALSE(c.final());
  EXPECT_EQ(c.months_to_deadline(), 6);
  EXPECT_EQ(c.baseline_period(), "2023H1");
  EXPECT_EQ(c.projected(), "47.50");
  EXPECT_EQ(c.state(), kOnTrack);
  EXPECT_EQ(c.explanation(),
            "47.00 + (47.00 - 46.00) x 6/12 = 47.50 ≥ 47.5 by 2024-12-31: "
            "on track");
  c = Judge("county_fund_spending_share", t, "2024H1", "47.00", "46.50");
  EXPECT_EQ(c.state(), kAtRisk);
  EXPECT_EQ(c.projected(), "47.25");
  // Below the target with no baseline to project from.
  c = Judge("county_fund_spending_share", t, "2024H1", "47.00", "");
  EXPECT_EQ(c.state(), kAtRisk);
  EXPECT_THAT(c.explanation(), HasSubstr("no 2023H1 value to project"));
  // No value at all.
  c = Judge("county_fund_spending_share", t, "2024", "", "");
  EXPECT_EQ(c.state(), kNoData);
  EXPECT_THAT(c.missing(), HasSubstr("no record for 宁化县"));
}

TEST_F(SeedTargets, ResidentSubsidyPlus30YuanNeedsThe2023Value) {
  auto targets = Targets("resident_insurance_subsidy_per_person", "sm2024");
  ASSERT_EQ(targets.size(), 1u);
  const v1::Target& t = *targets[0];
  EXPECT_EQ(t.comparator(), v1::COMPARATOR_INCREASE_BY);
  const std::string code = "resident_insurance_subsidy_per_person";
  v1::TargetCheck c = Judge(code, t, "2024", "670.00", "640.00");
  EXPECT_EQ(c.state(), kMet);
  EXPECT_EQ(c.change(), "30.00");
  EXPECT_EQ(c.required(), "670.00");
  EXPECT_EQ(c.explanation(), "670.00 - 640.00 = +30.00 元/人 ≥ +30: met");
  c = Judge(code, t, "2024", "665.00", "640.00");
  EXPECT_EQ(c.state(), kMissed);
  EXPECT_EQ(c.explanation(), "665.00 - 640.00 = +25.00 元/人 < +30: missed");
  // Without a 2023 value there is nothing to compare: no data, naming it.
  c = Judge(code, t, "2024", "670.00", "");
  EXPECT_EQ(c.state(), kNoData);
  EXPECT_EQ(c.missing(), "no record for 宁化县 (350424) 2023");
  EXPECT_THAT(c.explanation(), HasSubstr("needs the 2023 value"));
}

TEST_F(SeedTargets, BasicPublicHealthPlus5Yuan) {
  auto targets = Targets("basic_public_health_subsidy_per_person", "sm2024");
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(Judge("basic_public_health_subsidy_per_person", *targets[0], "2024",
                  "94.00", "89.00")
                .state(),
            kMet);
}

TEST_F(SeedTargets, PrimaryCare65PercentOrOnePointMoreIsMetByEither) {
  auto targets = Targets("primary_care_visit_share", "sm2024");
  ASSERT_EQ(targets.size(), 2u);  // 达到65%或同比提高1个百分点
  const std::string code = "primary_care_visit_share";
  auto row = [&](const std::string& value, const std::string& baseline) {
    google::protobuf::RepeatedPtrField<v1::TargetCheck> checks;
    for (const v1::Target* t : targets) {
      *checks.Add() = Judge(code, *t, "2024", value, baseline);
    }
    return std::make_pair(CombineChecks(checks), checks);
  };
  // 63.50 is below 65% but 1.50 points above 2023: met by the second.
  auto [state, checks] = row("63.50", "62.00");
  EXPECT_EQ(state, kMet);
  EXPECT_EQ(checks[0].state(), kMissed);
  EXPECT_EQ(checks[1].state(), kMet);
  EXPECT_EQ(checks[1].explanation(),
            "63.50 - 62.00 = +1.50 percentage points ≥ +1: met");
  // 65.20 meets the first even though it fell.
  EXPECT_EQ(row("65.20", "66.00").first, kMet);
  // Neither.
  EXPECT_EQ(row("63.50", "63.00").first, kMissed);
  // Below 65% and no 2023 value: the second might still be met.
  EXPECT_EQ(row("63.50", "").first, kNoData);
}

TEST_F(SeedTargets, DrgDipSeventyPercentBy2025JudgedIn2024) {
  auto targets = Targets("drg_dip_fund_share", "ny2022");
  ASSERT_EQ(targets.size(), 1u);
  const v1::Target& t = *targets[0];
  const std::string code = "drg_dip_fund_share";
  // 2024 is a year before the deadline: rising 4 points a year from 62 to
  // 66 reaches 70 by the end of 2025.
  v1::TargetCheck c = Judge(code, t, "2024", "66.00", "62.00");
  EXPECT_FALSE(c.final());
  EXPECT_EQ(c.deadline(), "2025-12-31");
  EXPECT_EQ(c.months_to_deadline(), 12);
  EXPECT_EQ(c.state(), kOnTrack);
  EXPECT_EQ(c.explanation(),
            "66.00 + (66.00 - 62.00) x 12/12 = 70.00 ≥ 70 by 2025-12-31: on "
            "track");
  // Two points a year leaves it short: at risk.
  c = Judge(code, t, "2024", "64.00", "62.00");
  EXPECT_EQ(c.state(), kAtRisk);
  EXPECT_EQ(c.projected(), "66.00");
  // Already there a year early.
  EXPECT_EQ(Judge(code, t, "2024", "71.00", "").state(), kOnTrack);
  // Judged in 2025 the target is final.
  EXPECT_EQ(Judge(code, t, "2025", "69.99", "66.00").state(), kMissed);
  EXPECT_EQ(Judge(code, t, "2025", "70.00", "66.00").state(), kMet);
}

class AttainmentReportTest : public views_testing::ViewsTest {
 protected:
  absl::StatusOr<v1::AttainmentReport> Report(v1::AttainmentRequest r) {
    return views_->Attainment(P("analyst@350400"), r);
  }
  static const v1::AttainmentRow* Row(const v1::AttainmentReport& report,
                                      const std::string& indicator,
                                      const std::string& region) {
    for (const auto& r : report.rows()) {
      if (r.indicator_code() == indicator && r.region_code() == region) {
        return &r;
      }
    }
    return nullptr;
  }
};

TEST_F(AttainmentReportTest, JudgesEachCountyAndTheCityOnStoredRecords) {
  // Finance's subsidy standards for two counties in 2023 and 2024.
  v1::Submission fin = NewSubmission("fin-1", "finance");
  const char* unit = "元/人";
  AddValue(&fin, "resident_insurance_subsidy_per_person", "350404", "2023",
           "640.00", unit);
  AddValue(&fin, "resident_insurance_subsidy_per_person", "350404", "2024",
           "670.00", unit);
  AddValue(&fin, "resident_insurance_subsidy_per_person", "350424", "2024",
           "670.00", unit);
  Send(fin);
  // County-internal fund spending for two counties: the city rolls up.
  v1::Submission mi = NewSubmission("mi-1", "medical_insurance");
  AddShare(&mi, "county_fund_spending_share", "350404", "2024", "4900",
           "10000");
  AddShare(&mi, "county_fund_spending_share", "350405", "2024", "4500",
           "10000");
  Send(mi);
  v1::AttainmentRequest r;
  r.set_period("2024");
  r.add_indicator_codes("resident_insurance_subsidy_per_person");
  r.add_indicator_codes("county_fund_spending_share");
  auto report = Report(r);
  ASSERT_THAT(report, IsOk());
  // Both indicators at the city and its 11 counties.
  EXPECT_EQ(report->rows_size(), 24);
  const v1::AttainmentRow* sanyuan =
      Row(*report, "resident_insurance_subsidy_per_person", "350404");
  ASSERT_NE(sanyuan, nullptr);
  EXPECT_EQ(sanyuan->state(), kMet);
  EXPECT_EQ(sanyuan->document_number(), "明医改组〔2024〕4号");
  EXPECT_EQ(sanyuan->source_text(), "居民医保人均财政补助标准提高30元");
  EXPECT_EQ(sanyuan->checks(0).baseline_value(), "640.00");
  const v1::AttainmentRow* ninghua =
      Row(*report, "resident_insurance_subsidy_per_person", "350424");
  EXPECT_EQ(ninghua->state(), kNoData);
  EXPECT_EQ(ninghua->checks(0).missing(), "no record for 宁化县 (350424) 2023");
  const v1::AttainmentRow* city =
      Row(*report, "county_fund_spending_share", "350400");
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(city->value(), "47.00");  // 9400 / 20000, rolled up
  EXPECT_EQ(city->value_source(), "rollup");
  EXPECT_THAT(city->coverage(), HasSubstr("2 of 11 counties"));
  EXPECT_EQ(city->state(), kMissed);
  EXPECT_EQ(Row(*report, "county_fund_spending_share", "350404")->state(),
            kMet);
  // The summary covers every row; a state filter keeps only those rows.
  int total = 0;
  for (const auto& s : report->summary()) total += s.count();
  EXPECT_EQ(total, 24);
  r.add_states(kMet);
  auto met = Report(r);
  ASSERT_THAT(met, IsOk());
  EXPECT_EQ(met->rows_size(), 2);
  EXPECT_EQ(met->summary_size(), report->summary_size());
}

TEST_F(AttainmentReportTest, PagesDoNotRepeatOrSkipRows) {
  v1::AttainmentRequest r;
  r.set_period("2024");
  r.set_page_size(7);
  std::vector<std::string> seen;
  auto all = Report(r);
  ASSERT_THAT(all, IsOk());
  do {
    auto page = Report(r);
    ASSERT_THAT(page, IsOk());
    for (const auto& row : page->rows()) {
      seen.push_back(absl::StrCat(row.region_code(), row.indicator_code(),
                                  row.plan_code(), row.source_text()));
    }
    // The summary comes with the first page only.
    EXPECT_EQ(page->summary_size() > 0, r.page_token().empty());
    r.set_page_token(page->next_page_token());
  } while (!r.page_token().empty());
  int total = 0;
  for (const auto& s : all->summary()) total += s.count();
  EXPECT_EQ(static_cast<int>(seen.size()), total);
  EXPECT_GT(total, 7);
  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size());
  r.set_page_token("garbage");
  EXPECT_THAT(Report(r), StatusIs(absl::StatusCode::kInvalidArgument,
                                  HasSubstr("page_token")));
}

TEST_F(AttainmentReportTest, CityTotalsAreJudgedOnlyForTheCity) {
  // 全市公共场所配备AED达300台: a city-wide count, not one per county.
  v1::Submission hc = NewSubmission("hc-1", "health_commission");
  AddValue(&hc, "aed_public_places", "350400", "2024", "312", "台");
  Send(hc);
  v1::AttainmentRequest r;
  r.set_period("2024");
  r.add_indicator_codes("aed_public_places");
  auto report = Report(r);
  ASSERT_THAT(report, IsOk());
  ASSERT_EQ(report->rows_size(), 1);
  EXPECT_EQ(report->rows(0).region_code(), "350400");
  EXPECT_EQ(report->rows(0).state(), kMet);
  EXPECT_EQ(report->rows(0).checks(0).explanation(), "312 ≥ 300: met");
}

TEST_F(AttainmentReportTest, AProvinceTargetIsJudgedDownToTheCounties) {
  // Were the 47.5% target the province's, the province, its city and the
  // counties are judged (the city and province by their roll-ups).
  v1::Catalog update;
  const v1::Catalog seeds = views_testing::SeedCatalog();
  for (const auto& i : seeds.indicators()) {
    if (i.code() != "county_fund_spending_share") continue;
    *update.add_indicators() = i;
    update.mutable_indicators(0)->mutable_targets(0)->set_region_code("350000");
  }
  ASSERT_THAT(hub_->UpdateCatalog(P("reform_office@350000"), update), IsOk());
  v1::Submission mi = NewSubmission("mi-1", "medical_insurance");
  AddShare(&mi, "county_fund_spending_share", "350404", "2024", "5000",
           "10000");
  Send(mi);
  v1::AttainmentRequest r;
  r.set_period("2024");
  r.add_indicator_codes("county_fund_spending_share");
  auto report = views_->Attainment(P("analyst@350000"), r);
  ASSERT_THAT(report, IsOk());
  ASSERT_EQ(report->rows_size(), 13);
  EXPECT_EQ(report->rows(0).region_code(), "350000");
  EXPECT_EQ(report->rows(0).value(), "50.00");
  EXPECT_EQ(report->rows(0).value_source(), "rollup");
  EXPECT_EQ(report->rows(1).region_code(), "350400");
  EXPECT_EQ(report->rows(1).state(), kMet);
}

TEST_F(AttainmentReportTest, UnknownCodesAreErrorsNotEmptyReports) {
  v1::AttainmentRequest r;
  r.set_period("2024");
  r.add_indicator_codes("county_fund_share");
  r.set_plan_code("sm2025");
  auto report = Report(r);
  EXPECT_THAT(report, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("indicator_codes[0]: unknown "
                                         "indicator \"county_fund_share\"")));
  EXPECT_THAT(report.status().message(),
              HasSubstr("plan_code: unknown plan \"sm2025\""));
}

}  // namespace
}  // namespace hub
