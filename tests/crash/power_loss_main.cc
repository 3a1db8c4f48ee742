// power_loss_crash: the long run of the power-loss crash harness.
//
//   build/tests/crash/power_loss_crash --cycles=100 [--seed=N] [--dir=D]
//
// Prints one line per cycle and the four-class summary; exits 1 when an
// acknowledged submission was lost or anything unexpected happened.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "tests/crash/power_loss_harness.h"

ABSL_FLAG(int, cycles, 100, "simulated power losses");
ABSL_FLAG(uint32_t, seed, 0, "random seed (0: from the clock)");
ABSL_FLAG(std::string, dir, "",
          "work directory (default: a fresh one in /tmp)");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  uint32_t seed = absl::GetFlag(FLAGS_seed);
  if (seed == 0) seed = static_cast<uint32_t>(time(nullptr));
  std::string dir = absl::GetFlag(FLAGS_dir);
  if (dir.empty()) dir = absl::StrCat("/tmp/power_loss_crash_", getpid());
  std::filesystem::remove_all(dir);
  std::cout << "power_loss_crash: seed " << seed << ", dir " << dir << "\n";
  hub::crash::PowerLossHarness harness(dir, CATALOG_DIR, seed);
  for (int i = 0; i < absl::GetFlag(FLAGS_cycles); ++i) {
    harness.RunCycle();
    std::cout << harness.report().cycle_lines.back() << std::endl;
  }
  const auto& r = harness.report();
  for (const std::string& d : r.unexpected_details)
    std::cout << "  " << d << "\n";
  std::cout << r.Summary() << std::endl;
  if (r.ok()) std::filesystem::remove_all(dir);
  return r.ok() ? 0 : 1;
}
