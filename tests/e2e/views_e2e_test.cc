// The analyst views end to end: the real hubd on 127.0.0.1:0 with the demo
// year delivered at its dates (--demo_clock), read through hubctl over
// hub.v1.ViewService.
#include <filesystem>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/hubd_process.h"

namespace hub {
namespace e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

class ViewsE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(UniqueTestDir(::testing::TempDir(), "views_e2e"));
    std::filesystem::remove_all(*dir_);
    hubd_ = new HubdProcess(*dir_);
    ASSERT_TRUE(hubd_->Start({"--insecure_demo_auth", "--demo_clock"}));
    CommandResult demo = hubd_->Hubctl("reform_office@350400",
                                       std::string("demo load ") + CATALOG_DIR);
    ASSERT_EQ(demo.exit_code, 0) << demo.output;
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(hubd_->Stop(SIGTERM), 0);
    delete hubd_;
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }
  static CommandResult Analyst(const std::string& args,
                               const std::string& region = "350400") {
    return hubd_->Hubctl("analyst@" + region, args);
  }

  static std::string* dir_;
  static HubdProcess* hubd_;
};

std::string* ViewsE2eTest::dir_ = nullptr;
HubdProcess* ViewsE2eTest::hubd_ = nullptr;

TEST_F(ViewsE2eTest, ACitysFigureIsItsCountiesRollup) {
  // The city has no record of its own; get says where to look.
  CommandResult get =
      Analyst("get indicator clinical_pathway_share_secondary 350400 2024H1");
  EXPECT_EQ(get.exit_code, 1);
  EXPECT_THAT(get.output,
              HasSubstr("hubctl rollup clinical_pathway_share_secondary 350400 "
                        "2024H1"));
  CommandResult r =
      Analyst("rollup clinical_pathway_share_secondary 350400 2024H1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("三明市 350400  2024H1"));
  EXPECT_THAT(r.output, HasSubstr("coverage:   11 of 11 counties"));
  EXPECT_THAT(r.output, HasSubstr("summed components, recomputed"));
  EXPECT_THAT(r.output, HasSubstr("三元区"));
  CommandResult json =
      Analyst("rollup clinical_pathway_share_secondary 350400 2024H1 --json");
  ASSERT_EQ(json.exit_code, 0) << json.output;
  EXPECT_THAT(json.output, HasSubstr("\"contributingCount\":11"));
  // A conflict in the counties is counted, not hidden.
  CommandResult fund =
      Analyst("rollup county_fund_spending_share 350400 2024H1");
  ASSERT_EQ(fund.exit_code, 0) << fund.output;
  EXPECT_THAT(fund.output, HasSubstr("disputed:   1 in conflict (沙县区)"));
}

TEST_F(ViewsE2eTest, APerPersonStandardDoesNotRollUp) {
  CommandResult r =
      Analyst("rollup resident_insurance_subsidy_per_person 350400 2024");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("FAILED_PRECONDITION"));
  EXPECT_THAT(r.output, HasSubstr("rollup rule \"none\""));
}

TEST_F(ViewsE2eTest, AttainmentOnTheSeedsTargets) {
  CommandResult r = Analyst(
      "attainment --period 2024 --indicator "
      "resident_insurance_subsidy_per_person --all");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("670.00 - 640.00 = +30.00 元/人 ≥ +30: met"));
  // 沙县区's 2023 standard was 645: only +25.
  EXPECT_THAT(r.output, HasSubstr("670.00 - 645.00 = +25.00 元/人 < +30: "
                                  "missed"));
  CommandResult drg =
      Analyst("attainment --period 2022 --indicator drg_dip_fund_share --all",
              "411300");
  ASSERT_EQ(drg.exit_code, 0) << drg.output;
  EXPECT_THAT(drg.output, HasSubstr("on track"));
  EXPECT_THAT(drg.output, HasSubstr("at risk"));
  EXPECT_THAT(drg.output, HasSubstr("x 36/12 = "));
  EXPECT_THAT(drg.output, HasSubstr("宛医改办〔2022〕1号"));
  CommandResult bad = Analyst("attainment --period 2024上半年");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.output, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(bad.output, HasSubstr("period: \"2024上半年\" is not a valid"));
}

TEST_F(ViewsE2eTest, LateAndMissingReportsByTheHubsReceiptTime) {
  CommandResult r = Analyst(
      "reporting --plan sm2024 --period 2024 --department medical_insurance");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // Medical insurance's annual figures reached the hub on 28 November,
  // though its own system stamped them on the 25th.
  // In English a department is its code (as everywhere in hubctl).
  EXPECT_THAT(r.output,
              HasSubstr("medical_insurance  三元区 350404  late     3     "
                        "2024-11-28 09:00:00 CST  2024-11-25 18:00:00 CST"));
  // ... and left out 永安市.
  EXPECT_THAT(r.output, HasSubstr("永安市 350481  partial"));
  // Chinese, hubctl's default: the catalog's department names, the states
  // and headers in Chinese, codes in --json.
  CommandResult zh = Analyst(
      "--lang zh reporting --plan sm2024 --period 2024 --department "
      "medical_insurance");
  ASSERT_EQ(zh.exit_code, 0) << zh.output;
  EXPECT_THAT(zh.output, HasSubstr("医保局  三元区 350404  迟报      3     "
                                   "2024-11-28 09:00:00 CST"));
  EXPECT_THAT(zh.output, HasSubstr("部分报送"));
  EXPECT_THAT(zh.output, HasSubstr("完整率 %"));
  EXPECT_THAT(zh.output, Not(HasSubstr("medical_insurance  三元区")));
  CommandResult on_time = Analyst(
      "reporting --plan sm2024 --period 2024H1 --department finance --state "
      "on_time");
  ASSERT_EQ(on_time.exit_code, 0) << on_time.output;
  EXPECT_THAT(on_time.output, HasSubstr("on time"));
  CommandResult json =
      Analyst("reporting --plan sm2024 --period 2024 --state late --json");
  ASSERT_EQ(json.exit_code, 0) << json.output;
  EXPECT_THAT(json.output, HasSubstr("\"state\":\"REPORT_STATE_LATE\""));
  EXPECT_THAT(json.output, Not(HasSubstr("REPORT_STATE_ON_TIME")));
}

TEST_F(ViewsE2eTest, TheLedgerListsUnreportedTasksInNumericOrder) {
  CommandResult r = Analyst("ledger ny2022 --period 2022H1 --all", "411300");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("未报送"));
  EXPECT_THAT(r.output,
              HasSubstr("宛医改办〔2022〕1号 411300 2022H1: 40 tasks"));
  const size_t nine = r.output.find("ny2022.1.9 ");
  const size_t ten = r.output.find("ny2022.1.10 ");
  const size_t two = r.output.find("ny2022.2.1 ");
  ASSERT_NE(nine, std::string::npos);
  EXPECT_LT(nine, ten);
  EXPECT_LT(ten, two);
  CommandResult outside = Analyst("ledger ny2022");  // as 三明's analyst
  EXPECT_EQ(outside.exit_code, 1);
  EXPECT_THAT(outside.output, HasSubstr("PERMISSION_DENIED"));
  CommandResult laggards = Analyst("laggards sm2024 --period 2024 --limit 5");
  ASSERT_EQ(laggards.exit_code, 0) << laggards.output;
  EXPECT_THAT(laggards.output, HasSubstr("ranked by overdue tasks"));
  EXPECT_THAT(laggards.output, HasSubstr("各县（市、区）"));
}

TEST_F(ViewsE2eTest, WatchReplaysChangesWithTheirRollups) {
  CommandResult r = Analyst(
      "watch --region 350400 --indicator county_fund_spending_share --period "
      "2024H1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("三明市 roll-up 45.60 %  1 of 11 counties"));
  EXPECT_THAT(r.output, HasSubstr("10 of 11 counties; missing: 永安市"));
  // Medical insurance's correction of 2 August moves the city's figure.
  EXPECT_THAT(r.output, HasSubstr("350421 2024H1: 46.84 → 47.04 (agreed)\n"
                                  "    三明市 roll-up 44.07 %"));
  EXPECT_THAT(r.output, MatchesRegex("(.|\n)*\\(23 changes; resume after "
                                     "[0-9]+\\)\n"));
}

TEST_F(ViewsE2eTest, ListRefusesAPeriodItCannotRead) {
  CommandResult r = Analyst("list --period 2024上半年");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("period: \"2024上半年\" is not a valid"));
  EXPECT_THAT(r.output, Not(HasSubstr("(0 records)")));
}

}  // namespace
}  // namespace e2e
}  // namespace hub
