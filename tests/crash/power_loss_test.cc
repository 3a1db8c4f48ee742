// The short power-loss crash cycle of the test command: three simulated
// power cuts mid-stream on the power-loss file system, each followed by
// recovery and the four-class check. tests/crash/LONG_RUN.md has the long
// run (power_loss_crash --cycles=100).
#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/crash/power_loss_harness.h"

namespace hub {
namespace crash {
namespace {

TEST(PowerLossTest, AcknowledgedSubmissionsSurviveEveryPowerCut) {
  const std::string dir =
      absl::StrCat(::testing::TempDir(), "/power_loss_test_", getpid());
  std::filesystem::remove_all(dir);
  const uint32_t seed = static_cast<uint32_t>(time(nullptr));
  PowerLossHarness harness(dir, CATALOG_DIR, seed);
  for (int i = 0; i < 3; ++i) harness.RunCycle();
  const PowerLossReport& r = harness.report();
  for (const std::string& line : r.cycle_lines) std::cout << line << "\n";
  std::cout << r.Summary() << " (seed " << seed << ")\n";
  EXPECT_EQ(r.acknowledged_lost, 0u);
  EXPECT_EQ(r.unexpected, 0u);
  for (const std::string& d : r.unexpected_details) ADD_FAILURE() << d;
  EXPECT_GT(r.acknowledged_present, 100u);
  EXPECT_GT(r.dropped_bytes + r.deleted_files, 0u)
      << "the power cuts dropped nothing: the harness tested nothing";
  if (!::testing::Test::HasFailure()) std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace crash
}  // namespace hub
