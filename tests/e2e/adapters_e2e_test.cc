// End to end for the department adapters: the real hubd on 127.0.0.1:0, the
// three departments' sample exports imported with `hubctl import`, then the
// merged records seen with `hubctl get`: contributions from two departments
// on the overlapping indicators, each with its provenance.
#include <filesystem>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/hubd_process.h"

namespace hub {
namespace e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Sample(const std::string& file) {
  return std::string(ADAPTER_DATA_DIR) + "/" + file;
}

class AdaptersE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Unique per process: other checkouts may run this suite at the same time.
    dir_ = new std::string(UniqueTestDir(::testing::TempDir(), "adapters_e2e"));
    std::filesystem::remove_all(*dir_);
    hubd_ = new HubdProcess(*dir_);
    ASSERT_TRUE(hubd_->Start());
    CommandResult load = hubd_->Hubctl(
        "reform_office@350400", std::string("catalog load ") + CATALOG_DIR);
    ASSERT_EQ(load.exit_code, 0) << load.output;
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(hubd_->Stop(SIGTERM), 0);
    delete hubd_;
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }
  static CommandResult Import(const std::string& department,
                              const std::string& period,
                              const std::string& file,
                              const std::string& extra = "") {
    return hubd_->Hubctl(department + "@350400",
                         "import --department " + department + " --period " +
                             period + " " + Sample(file) + extra);
  }

  static std::string* dir_;
  static HubdProcess* hubd_;
};

std::string* AdaptersE2eTest::dir_ = nullptr;
HubdProcess* AdaptersE2eTest::hubd_ = nullptr;

TEST_F(AdaptersE2eTest, ThreeDepartmentsMergeOnTheOverlappingIndicators) {
  struct Step {
    const char* department;
    const char* period;
    const char* file;
  } steps[] = {
      {"health_commission", "2024H1",
       "health_commission_institutions_sm2024h1.csv"},
      {"health_commission", "2024H1",
       "health_commission_community_sm2024h1.gb18030.csv"},
      {"medical_insurance", "2024H1",
       "medical_insurance_settlement_sm2024h1.csv"},
      {"medical_insurance", "2024", "medical_insurance_financing_sm2024.csv"},
      {"finance", "2024Q1-Q3", "finance_budget_sm2024q3.csv"},
      {"health_commission", "2024H1", "health_commission_tasks_sm2024h1.csv"},
      {"medical_insurance", "2024H1", "medical_insurance_tasks_sm2024h1.csv"},
      {"finance", "2024H1", "finance_tasks_sm2024h1.csv"},
  };
  for (const Step& s : steps) {
    CommandResult r = Import(s.department, s.period, s.file);
    ASSERT_EQ(r.exit_code, 0) << s.file << "\n" << r.output;
    EXPECT_THAT(r.output, HasSubstr("accepted at sequence"));
    if (std::string(s.file).find("tasks") != std::string::npos) {
      // A task's outcome shows its merged status, not a blank value.
      EXPECT_THAT(r.output, ::testing::ContainsRegex(
                                "  (CREATED|UPDATED)  sm2024\\.10\\.[0-9] "
                                "350400 2024H1 = (in_progress|completed) "))
          << r.output;
    }
  }
  CommandResult subsidy = hubd_->Hubctl(
      "analyst@350400",
      "get indicator resident_insurance_subsidy_per_person 350400 2024");
  ASSERT_EQ(subsidy.exit_code, 0) << subsidy.output;
  EXPECT_THAT(subsidy.output, HasSubstr("state:       conflict"));
  EXPECT_THAT(subsidy.output,
              HasSubstr("provenance of finance: finance_budget_execution v1, "
                        "finance_budget_sm2024q3.csv lines 5"));
  EXPECT_THAT(
      subsidy.output,
      HasSubstr("provenance of medical_insurance: medical_insurance_financing "
                "v1, medical_insurance_financing_sm2024.csv lines 2"));
  EXPECT_THAT(subsidy.output, HasSubstr("region_code: 350499 -> 350400"));
  CommandResult county =
      hubd_->Hubctl("analyst@350400",
                    "get indicator county_fund_spending_share 350421 2024H1");
  ASSERT_EQ(county.exit_code, 0) << county.output;
  EXPECT_THAT(county.output, HasSubstr("health_commission  46.01"));
  EXPECT_THAT(county.output, HasSubstr("medical_insurance  46.96"));
  EXPECT_THAT(
      county.output,
      HasSubstr("health_commission_community_sm2024h1.gb18030.csv lines 2-7"));
}

TEST_F(AdaptersE2eTest, TaskProgressWordsMergeIntoOneTaskRecord) {
  CommandResult task =
      hubd_->Hubctl("analyst@350400", "get task sm2024.10.3 350400 2024H1");
  ASSERT_EQ(task.exit_code, 0) << task.output;
  EXPECT_THAT(task.output, HasSubstr("finance_task_progress v1"));
  EXPECT_THAT(task.output,
              HasSubstr("status: 执行中 -> TASK_STATUS_IN_PROGRESS"));
  EXPECT_THAT(task.output,
              HasSubstr("status: 推进中 -> TASK_STATUS_IN_PROGRESS"));
  EXPECT_THAT(task.output,
              HasSubstr("status: 正在推进 -> TASK_STATUS_IN_PROGRESS"));
}

// The header row picks the procurement adapter among medical insurance's.
TEST_F(AdaptersE2eTest, ProcurementExecutionGivesTheCompletionRate) {
  CommandResult r = Import("medical_insurance", "2024H1",
                           "medical_insurance_procurement_sm2024h1.csv");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr(": medical_insurance_procurement (utf-8), "
                                  "100 rows, 100 accepted, 0 problems"));
  CommandResult rate =
      hubd_->Hubctl("analyst@350400",
                    "get indicator procurement_completion_rate 350421 2024H1");
  ASSERT_EQ(rate.exit_code, 0) << rate.output;
  EXPECT_THAT(rate.output, HasSubstr("medical_insurance  103.78"));
  EXPECT_THAT(rate.output,
              HasSubstr("medical_insurance_procurement v1, "
                        "medical_insurance_procurement_sm2024h1.csv lines "
                        "32-61"));
  EXPECT_THAT(rate.output, HasSubstr("unit: 粒 -> %"));

  CommandResult bad =
      Import("medical_insurance", "2024H1",
             "bad/medical_insurance_procurement_bad_sm2024h1.csv");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.output, HasSubstr("7 rows, 1 accepted, 12 problems"));
  EXPECT_THAT(bad.output,
              HasSubstr("rejected  medical_insurance_procurement_bad_sm2024h1"
                        ".csv:7: 单位: unit \"片\" differs from 粒 reported "
                        "earlier for 阿莫西林胶囊 (国家第九批)"));
  EXPECT_THAT(bad.output, HasSubstr("nothing submitted"));
}

TEST_F(AdaptersE2eTest, ReimportIsARetryAndBadFilesChangeNothing) {
  CommandResult first =
      Import("finance", "2024Q1-Q3", "finance_budget_sm2024q3.csv");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  CommandResult again =
      Import("finance", "2024Q1-Q3", "finance_budget_sm2024q3.csv");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_THAT(again.output, HasSubstr("accepted earlier at sequence "));
  EXPECT_THAT(again.output, HasSubstr("(retry; first receipt returned)"));

  CommandResult bad = Import("medical_insurance", "2024H1",
                             "bad/medical_insurance_bad_sm2024h1.csv");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(
      bad.output,
      HasSubstr("rejected  medical_insurance_bad_sm2024h1.csv:5: 医保区划代码: "
                "unknown insurance division code \"350498\""));
  EXPECT_THAT(bad.output, HasSubstr("nothing submitted"));
  CommandResult unchanged =
      hubd_->Hubctl("analyst@350400",
                    "get indicator county_fund_spending_share 350421 2024H1");
  EXPECT_THAT(unchanged.output, HasSubstr("medical_insurance  46.96"));

  // A dry run says what the real run does: nothing is submitted.
  CommandResult dry =
      Import("medical_insurance", "2024H1",
             "bad/medical_insurance_bad_sm2024h1.csv", " --dry_run");
  EXPECT_EQ(dry.exit_code, 1) << dry.output;
  EXPECT_THAT(dry.output, HasSubstr("5 rows, 2 accepted, 4 problems"));
  EXPECT_THAT(dry.output,
              HasSubstr("[dry run] nothing would be submitted: fix the rows "
                        "above, or pass --valid_rows_only to submit the 2 "
                        "valid rows"));
  EXPECT_THAT(dry.output, Not(HasSubstr("would be accepted")));

  // With --valid_rows_only a dry run counts what that run would do, and
  // shows no sequence: nothing was written.
  CommandResult dry_partial = Import("medical_insurance", "2024H1",
                                     "bad/medical_insurance_bad_sm2024h1.csv",
                                     " --valid_rows_only --dry_run");
  EXPECT_EQ(dry_partial.exit_code, 0) << dry_partial.output;
  EXPECT_THAT(dry_partial.output,
              HasSubstr("would be accepted (dry run: nothing written, no "
                        "sequence taken); 2 updated; 4 rejected rows left "
                        "out"));
  EXPECT_THAT(dry_partial.output, Not(HasSubstr("sequence 0")));

  CommandResult partial =
      Import("medical_insurance", "2024H1",
             "bad/medical_insurance_bad_sm2024h1.csv", " --valid_rows_only");
  EXPECT_EQ(partial.exit_code, 0) << partial.output;
  EXPECT_THAT(partial.output, Not(HasSubstr("[dry run]")));
  EXPECT_THAT(partial.output, HasSubstr("accepted at sequence"));
  EXPECT_THAT(partial.output,
              HasSubstr("UPDATED  county_fund_spending_share 350421 2024H1"));
}

// The README's sample holds only hospitals for 三元区 and 沙县区: their
// primary-care shares are not derived from it (on the demo hub 三元区 keeps
// its 65.09 instead of turning 0.00), and the import says why; 尤溪县's
// rows cover both parts.
TEST_F(AdaptersE2eTest, ASampleWithoutPrimaryCareRowsLeavesThatShareAlone) {
  CommandResult r = Import("health_commission", "2024H1",
                           "health_commission_institutions_sm2024h1.csv");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("2 warnings"));
  EXPECT_THAT(
      r.output,
      HasSubstr("warning   health_commission_institutions_sm2024h1"
                ".csv: 三元区 350404: primary_care_visit_share not "
                "derived: no rows of 基层 (primary-care) institutions"));
  EXPECT_THAT(r.output, Not(HasSubstr("primary_care_visit_share 350404")));
  CommandResult youxi = hubd_->Hubctl(
      "analyst@350400", "get indicator primary_care_visit_share 350426 2024H1");
  ASSERT_EQ(youxi.exit_code, 0) << youxi.output;
  EXPECT_THAT(youxi.output, HasSubstr("value:       62.56"));
}

}  // namespace
}  // namespace e2e
}  // namespace hub
