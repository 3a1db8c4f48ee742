// End to end: the reform office's stewardship commands of hubctl against the
// real hubd, on the demo year (finance and medical insurance disagree on the
// resident-insurance subsidy per person in 三元区, 350404).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/hubd_process.h"

namespace hub {
namespace e2e {
namespace {

using ::testing::HasSubstr;

constexpr char kOffice[] = "reform_office@350400";

class StewardE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Per process: other worktrees may run this suite at the same time.
    dir_ = ::testing::TempDir() + "/steward_e2e." + std::to_string(getpid());
    std::filesystem::remove_all(dir_);
    hubd_ = std::make_unique<HubdProcess>(dir_);
    ASSERT_TRUE(hubd_->Start());
    CommandResult load =
        hubd_->Hubctl(kOffice, std::string("catalog load ") + CATALOG_DIR);
    ASSERT_EQ(load.exit_code, 0) << load.output;
    CommandResult demo =
        hubd_->Hubctl(kOffice, std::string("demo load ") + CATALOG_DIR);
    ASSERT_EQ(demo.exit_code, 0) << demo.output;
  }
  void TearDown() override {
    EXPECT_EQ(hubd_->Stop(SIGTERM), 0);
    hubd_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string WriteSubmission(const std::string& id, const std::string& value) {
    std::string path = dir_ + "." + id + ".json";
    std::ofstream(path)
        << R"({"submissionId": ")" << id
        << R"(", "department": "finance", "items": [{"indicatorValue": {)"
        << R"("indicatorCode": "resident_insurance_subsidy_per_person",)"
        << R"("regionCode": "350424", "period": "2024", "value": ")" << value
        << R"(", "unit": "元/人"}}]})";
    return path;
  }

  std::string dir_;
  std::unique_ptr<HubdProcess> hubd_;
};

TEST_F(StewardE2eTest, ListAndResolveAConflictThenAStaleEtagIsAborted) {
  CommandResult list = hubd_->Hubctl(
      kOffice,
      "conflicts list --indicator resident_insurance_subsidy_per_person "
      "--region 350404");
  ASSERT_EQ(list.exit_code, 0) << list.output;
  EXPECT_THAT(list.output,
              HasSubstr("medical_insurance 640.00 vs finance 670.00"));
  EXPECT_THAT(list.output, HasSubstr("(1 open conflicts)"));
  CommandResult get = hubd_->Hubctl(
      kOffice,
      "--json get indicator resident_insurance_subsidy_per_person 350404 2024");
  ASSERT_EQ(get.exit_code, 0) << get.output;
  const std::string marker = R"("etag":"\")";
  ASSERT_NE(get.output.find(marker), std::string::npos) << get.output;
  std::string etag =
      get.output.substr(get.output.find(marker) + marker.size(), 16);
  CommandResult resolve =
      hubd_->Hubctl(kOffice,
                    "resolve resident_insurance_subsidy_per_person 350404 2024 "
                    "--choose finance --reason 以财政预算执行数为准");
  ASSERT_EQ(resolve.exit_code, 0) << resolve.output;
  EXPECT_THAT(resolve.output, HasSubstr("resolved at 670.00 (version"));
  CommandResult stale =
      hubd_->Hubctl(kOffice,
                    "resolve resident_insurance_subsidy_per_person 350404 2024 "
                    "--value 660 --reason again --etag '\"" +
                        etag + "\"'");
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_THAT(stale.output, HasSubstr("ABORTED: etag: \"" + etag +
                                      "\" does not match the current etag"));
  CommandResult analyst = hubd_->Hubctl("analyst@350400", "conflicts list");
  EXPECT_EQ(analyst.exit_code, 1);
  EXPECT_THAT(analyst.output, HasSubstr("PERMISSION_DENIED"));
}

TEST_F(StewardE2eTest, LockRefusesWritesNamingTheLockUntilUnlock) {
  CommandResult approve =
      hubd_->Hubctl(kOffice, "approve 350400 2024 --reason 年度数据已核对");
  ASSERT_EQ(approve.exit_code, 0) << approve.output;
  CommandResult lock =
      hubd_->Hubctl(kOffice, "lock 350400 2024 --reason 年报封账");
  ASSERT_EQ(lock.exit_code, 0) << lock.output;
  EXPECT_THAT(lock.output,
              HasSubstr("350400 2024: locked [now approved, locked]"));
  CommandResult refused = hubd_->Hubctl(
      "finance@350400", "submit " + WriteSubmission("f-lock-1", "671.00"));
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.output, HasSubstr("is locked by lock 350400/2024"));
  CommandResult locks = hubd_->Hubctl(kOffice, "locks");
  ASSERT_EQ(locks.exit_code, 0) << locks.output;
  EXPECT_THAT(locks.output, HasSubstr("LOCKED"));
  EXPECT_THAT(locks.output, HasSubstr("年报封账"));
  CommandResult no_reason = hubd_->Hubctl(kOffice, "unlock 350400 2024");
  EXPECT_EQ(no_reason.exit_code, 1);
  EXPECT_THAT(no_reason.output, HasSubstr("reason: required"));
  CommandResult unlock =
      hubd_->Hubctl(kOffice, "unlock 350400 2024 --reason 补报");
  ASSERT_EQ(unlock.exit_code, 0) << unlock.output;
  CommandResult accepted = hubd_->Hubctl(
      "finance@350400", "submit " + WriteSubmission("f-lock-2", "671.00"));
  EXPECT_EQ(accepted.exit_code, 0) << accepted.output;
  CommandResult tail = hubd_->Hubctl("auditor@350400", "log tail --limit 6");
  EXPECT_THAT(tail.output, HasSubstr("period_locked"));
  EXPECT_THAT(tail.output, HasSubstr("period_unlocked"));
}

}  // namespace
}  // namespace e2e
}  // namespace hub
