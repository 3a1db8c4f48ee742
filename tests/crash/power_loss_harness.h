// PowerLossHarness: the crash harness on the power-loss file system
// (hub/store/testing/power_loss_fs.h). Each cycle opens the hub on the same
// directory, runs concurrent submitters (one per department) that record
// every acknowledgement, cuts the power at a random moment mid-stream (all
// unsynced data is lost), closes the hub, restores the disk as a machine
// would find it after the crash, reopens, and checks:
//   * the store opens (strict WAL recovery) and the chain verifies;
//   * every submission is accounted for in one of four classes:
//       acknowledged-and-present    (must be all acknowledged ones)
//       acknowledged-and-lost       (must be zero)
//       unacknowledged-but-present  (allowed: synced before the cut, its
//                                    acknowledgement never delivered)
//       unexpected                  (must be zero: a duplicate, an unknown
//                                    submission, a wrong sequence, one lost
//                                    earlier that came back, a broken chain,
//                                    a rebuild that differs, a failed open)
//   * a rebuild from the log equals the live records, byte for byte.
// An acknowledgement counts only when Submit returned OK while the power
// was still on: a sync that completed after the cut reached no disk. Odd
// cycles cut the power at a random moment; even cycles inside a random
// sync (its group written but not synced) on a disk that keeps a random part
// of the unsynced data (torn writes), so logs end in a torn record and some
// unacknowledged writes survive.
#ifndef HUB_TESTS_CRASH_POWER_LOSS_HARNESS_H_
#define HUB_TESTS_CRASH_POWER_LOSS_HARNESS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "hub/store/testing/power_loss_fs.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace crash {

struct PowerLossReport {
  int cycles = 0;
  uint64_t acknowledged_present = 0;  // checked in the last cycle, in all
  uint64_t acknowledged_lost = 0;     // over all cycles
  uint64_t unacknowledged_present = 0;
  uint64_t unacknowledged_absent = 0;
  uint64_t unexpected = 0;
  std::vector<std::string> unexpected_details;  // the first ones
  std::vector<std::string> cycle_lines;         // one per cycle
  uint64_t truncated_files = 0, dropped_bytes = 0, deleted_files = 0;
  uint64_t torn_files = 0;

  bool ok() const { return acknowledged_lost == 0 && unexpected == 0; }
  std::string Summary() const;
};

class PowerLossHarness {
 public:
  // Works in dir (created; left behind for inspection). catalog_dir holds
  // the seed catalog's JSON files.
  PowerLossHarness(std::string dir, std::string catalog_dir, uint32_t seed);
  ~PowerLossHarness();

  // One open-load-crash-recover-check cycle.
  void RunCycle();
  const PowerLossReport& report() const { return report_; }

 private:
  struct Sent {
    std::string department;
    std::string bytes;  // the submission as sent
  };
  void Check(int cycle, const PowerLossStats& stats, uint64_t acked_now);
  void Unexpected(std::string what);

  const std::string dir_;
  const std::string catalog_dir_;
  std::mt19937 rng_;
  std::shared_ptr<PowerLossFileSystem> fs_;
  std::map<std::string, Sent> sent_;       // key: "<dept>/<id>"
  std::map<std::string, uint64_t> acked_;  // key -> receipt sequence
  std::set<std::string> lost_;             // unacknowledged, found absent
  uint64_t counter_ = 0;
  PowerLossReport report_;
};

}  // namespace crash
}  // namespace hub

#endif  // HUB_TESTS_CRASH_POWER_LOSS_HARNESS_H_
