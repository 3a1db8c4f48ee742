// End to end, as a new user would: the real hubd on 127.0.0.1:0 with its
// RocksDB store, driven by the real hubctl.
#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/hubd_process.h"

namespace hub {
namespace e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class HubctlE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(UniqueTestDir(::testing::TempDir(), "hubctl_e2e"));
    std::filesystem::remove_all(*dir_);
    hubd_ = new HubdProcess(*dir_);
    ASSERT_TRUE(hubd_->Start());
    CommandResult load = hubd_->Hubctl(
        "reform_office@350400", std::string("catalog load ") + CATALOG_DIR);
    ASSERT_EQ(load.exit_code, 0) << load.output;
    CommandResult demo = hubd_->Hubctl("reform_office@350400",
                                       std::string("demo load ") + CATALOG_DIR);
    ASSERT_EQ(demo.exit_code, 0) << demo.output;
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(hubd_->Stop(SIGTERM), 0) << "hubd must exit cleanly on SIGTERM";
    delete hubd_;
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }
  static std::string WriteFile(const std::string& name,
                               const std::string& text) {
    std::string path = *dir_ + "." + name;
    std::ofstream(path) << text;
    return path;
  }

  static std::string* dir_;
  static HubdProcess* hubd_;
};

std::string* HubctlE2eTest::dir_ = nullptr;
HubdProcess* HubctlE2eTest::hubd_ = nullptr;

TEST_F(HubctlE2eTest, ListShowsMergedDemoRecordsWithChineseNames) {
  CommandResult r =
      hubd_->Hubctl("analyst@350400",
                    "list --indicator resident_insurance_subsidy_per_person "
                    "--period 2024");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("宁化县"));
  EXPECT_THAT(r.output, HasSubstr("670.00"));
  EXPECT_THAT(r.output, HasSubstr("conflict"));
  EXPECT_THAT(r.output, HasSubstr("(12 records)"));
}

TEST_F(HubctlE2eTest, GetExplainsAConflict) {
  CommandResult r = hubd_->Hubctl(
      "analyst@350400",
      "get indicator resident_insurance_subsidy_per_person 350404 2024");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("state:       conflict"));
  EXPECT_THAT(r.output, HasSubstr("owner finance is authoritative"));
  EXPECT_THAT(r.output, HasSubstr("medical_insurance  640.00"));
  EXPECT_THAT(r.output, HasSubstr("按上年度标准填报"));
}

TEST_F(HubctlE2eTest, SubmitFileThenDryRunThenRetry) {
  std::string file = WriteFile("sub.json", R"({
    "submissionId": "fin-e2e-1", "department": "finance",
    "items": [{"indicatorValue": {"indicatorCode": "basic_public_health_subsidy_per_person",
      "regionCode": "350424", "period": "2025", "value": "99.00", "unit": "元/人"}}]})");
  CommandResult dry =
      hubd_->Hubctl("finance@350400", "submit --dry_run " + file);
  ASSERT_EQ(dry.exit_code, 0) << dry.output;
  EXPECT_THAT(dry.output, HasSubstr("[dry run] fin-e2e-1: would be accepted"));
  CommandResult first = hubd_->Hubctl("finance@350400", "submit " + file);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_THAT(first.output, HasSubstr("1 created"));
  CommandResult again = hubd_->Hubctl("finance@350400", "submit " + file);
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_THAT(again.output, HasSubstr("retry; first receipt returned"));
}

TEST_F(HubctlE2eTest, BadSubmissionNamesTheFieldAndExitsNonZero) {
  std::string file = WriteFile("bad.json", R"({
    "submissionId": "fin-e2e-bad", "department": "finance",
    "items": [{"indicatorValue": {"indicatorCode": "resident_insurance_subsidy_per_person",
      "regionCode": "350424", "period": "2024-13", "value": "670", "unit": "元/人"}}]})");
  CommandResult r = hubd_->Hubctl("finance@350400", "submit " + file);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("fin-e2e-bad: rejected"));
  EXPECT_THAT(r.output, HasSubstr("items[0].indicator_value.period"));
  EXPECT_THAT(r.output, HasSubstr("month must be 01..12"));
}

TEST_F(HubctlE2eTest, TerminalEscapesInWhatTheHubSaysArePrintedHarmless) {
  // The refusal echoes the id, escapes and all; hubctl shows them as text.
  std::string file = WriteFile("escape.json", R"({
    "submissionId": "x\u001b[2J\u001b[Hchain OK\r", "department": "finance",
    "items": [{"indicatorValue": {"indicatorCode": "resident_insurance_subsidy_per_person",
      "regionCode": "350424", "period": "2024", "value": "670", "unit": "元/人"}}]})");
  CommandResult r = hubd_->Hubctl("finance@350400", "submit " + file);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("x\\u001b[2J\\u001b[Hchain OK\\u000d"));
  EXPECT_EQ(r.output.find('\x1b'), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find('\r'), std::string::npos);
}

TEST_F(HubctlE2eTest, HubctlSaysWhoItIsOrDoesNothing) {
  CommandResult r =
      HubdProcess::Run(std::string("env -u HUB_PRINCIPAL ") + HUBCTL_PATH +
                       " --addr=" + hubd_->address() + " list");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("say who you are: --as <principal>"));
}

// A warning-severity rule accepts the figure; submit shows the warning.
TEST_F(HubctlE2eTest, SubmitShowsTheWarningsOfItsItems) {
  std::string catalog = WriteFile("warn_catalog.json", R"({"indicators": [{
    "code": "e2e_nurse_ratio", "name": "护士医师比", "unit": "ratio",
    "dimension": "DIMENSION_RATIO", "numerator": "注册护士数",
    "denominator": "执业（助理）医师数", "precision": 2,
    "periodTypes": ["PERIOD_TYPE_YEAR"], "ownerDepartment": "health_commission",
    "rule": "authoritative_source", "tolerance": "0.05", "minValue": "0",
    "validationRules": [{"code": "nurses_usually_fewer",
      "kind": "KIND_NUMERATOR_NOT_ABOVE_DENOMINATOR",
      "severity": "SEVERITY_WARNING", "description": "核对护士数"}]}]})");
  // An indicator is shared by every jurisdiction: the province's to add.
  ASSERT_EQ(hubd_->Hubctl("reform_office@350000", "catalog load " + catalog)
                .exit_code,
            0);
  std::string file = WriteFile("warn.json", R"({
    "submissionId": "hc-e2e-warn", "department": "health_commission",
    "items": [{"indicatorValue": {"indicatorCode": "e2e_nurse_ratio",
      "regionCode": "350424", "period": "2024", "numerator": "1320",
      "denominator": "1100", "unit": "ratio"}}]})");
  CommandResult r = hubd_->Hubctl("health_commission@350400", "submit " + file);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("hc-e2e-warn: accepted at sequence"));
  EXPECT_THAT(r.output,
              HasSubstr("  warning  items[0] e2e_nurse_ratio 350424 2024: rule "
                        "nurses_usually_fewer (warning): numerator 1320 is "
                        "above denominator 1100"));
}

TEST_F(HubctlE2eTest, WrongPrincipalIsRefused) {
  CommandResult r = hubd_->Hubctl("analyst@350400", "log tail");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("PERMISSION_DENIED"));
}

TEST_F(HubctlE2eTest, LogTailAndVerify) {
  CommandResult tail = hubd_->Hubctl("auditor@350400", "log tail --limit 5");
  ASSERT_EQ(tail.exit_code, 0) << tail.output;
  EXPECT_THAT(tail.output, HasSubstr(" events)"));
  // The whole log, as far as Sanming's auditor may read it: Sanming's, not
  // Nanyang's.
  CommandResult all =
      hubd_->Hubctl("auditor@350400", "log tail --limit 0 --json");
  ASSERT_EQ(all.exit_code, 0);
  EXPECT_THAT(all.output, HasSubstr("\"actor\":\"finance@350400\""));
  EXPECT_THAT(all.output, Not(HasSubstr("@411300\"")));
  CommandResult verify = hubd_->Hubctl("auditor@350400", "log verify");
  ASSERT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_THAT(verify.output, HasSubstr("chain OK"));
}

TEST_F(HubctlE2eTest, TaskLedgerShowsOverdueNanyangTasks) {
  CommandResult r =
      hubd_->Hubctl("analyst@411300", "list --kind task --all --page_size 500");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("OVERDUE"));
  EXPECT_THAT(r.output, HasSubstr("completed"));
}

TEST_F(HubctlE2eTest, CatalogLoadIsIdempotent) {
  CommandResult r = hubd_->Hubctl("reform_office@350400",
                                  std::string("catalog load ") + CATALOG_DIR);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("unchanged"));
  CommandResult show = hubd_->Hubctl("analyst@350400", "catalog show plans");
  EXPECT_THAT(show.output, HasSubstr("明医改组〔2024〕4号"));
  EXPECT_THAT(show.output, HasSubstr("2024-07-25"));
}

}  // namespace
}  // namespace e2e
}  // namespace hub

namespace hub {
namespace e2e {
namespace {

TEST_F(HubctlE2eTest, ASecondHubdOnTheSameAddressRefusesToStart) {
  HubdProcess second(UniqueTestDir(::testing::TempDir(), "hubctl_e2e_second"));
  std::filesystem::remove_all(second.data_dir());
  EXPECT_FALSE(
      second.Start({"--insecure_demo_auth", "--listen=" + hubd_->address()}));
  EXPECT_NE(second.exit_status(), 0);
  EXPECT_THAT(second.log(),
              HasSubstr("cannot listen on " + hubd_->address() +
                        " (is another hubd or program using it?)"));
}

}  // namespace
}  // namespace e2e
}  // namespace hub
