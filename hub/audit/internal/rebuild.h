// Internal to hub/audit: re-executing the logged inputs into an empty hub.
//
// Each kind of input event has a handler that re-executes it on the rebuilt
// hub at the event's own transaction time: accepted submissions, refusals
// (logged again as they were), catalog changes (with the re-merges a rule
// change causes), resolutions and period approvals, locks and unlocks. Derived
// events (RECORD_CHANGED, CONFLICT_OPENED, CONTRIBUTION_WITHDRAWN,
// RECORD_REMERGED) have none: re- executing the inputs logs them again. A new
// input kind adds its handler to InputHandlers(); a kind with no entry stops
// the rebuild (Unimplemented).
#ifndef HUB_AUDIT_INTERNAL_REBUILD_H_
#define HUB_AUDIT_INTERNAL_REBUILD_H_

#include <deque>
#include <functional>
#include <map>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "hub/engine/hub.h"
#include "hub/v1/audit.pb.h"

namespace hub {
namespace internal {

// Re-executes event on rebuilt; OK when the outcome matches the log (an
// accepted input accepted at the same sequence, a refused one refused).
using InputHandler =
    std::function<absl::Status(const v1::ChangeEvent& event, Hub* rebuilt)>;

// Handlers by event kind. A kind mapped to nullptr is derived and skipped.
const std::map<v1::EventKind, InputHandler>& InputHandlers();

// Accepted submissions re-executed without waiting for
// each one (Hub::SubmitAsync), so that a run of them at one transaction
// time commits in groups as it did live, and checked in log order as the
// submission handler checks one.
class ResubmitRun {
 public:
  explicit ResubmitRun(Hub* rebuilt) : rebuilt_(rebuilt) {}
  ~ResubmitRun() { (void)Finish(); }

  bool empty() const { return events_.empty(); }
  int64_t time_micros() const { return events_.front().time_micros(); }
  // Queues event's submission. REQUIRES: a SUBMISSION_ACCEPTED event.
  absl::Status Add(v1::ChangeEvent event);
  // Waits for every queued submission; the first divergence in log order.
  absl::Status Finish();

 private:
  Hub* const rebuilt_;
  std::deque<v1::ChangeEvent> events_;
  std::deque<absl::StatusOr<v1::Receipt>> outcomes_;
  absl::Mutex mu_;
  size_t left_ ABSL_GUARDED_BY(mu_) = 0;
};

// Replays every event of live (up to its head) into a fresh in-memory hub
// merging with rules (the live hub's) whose log has crypto (the live log's
// suite), and compares its records with live's, byte for byte, and the two
// chain heads. Fills everything in *response; the differences listed are
// those of records for which shown(key) is true (the counts are of all).
absl::Status RebuildAndCompare(
    const HubReaders& live, std::shared_ptr<const RuleRegistry> rules,
    const LogCrypto& crypto,
    const std::function<bool(const v1::RecordKey&)>& shown, int max_differences,
    v1::RebuildResponse* response);

}  // namespace internal
}  // namespace hub

#endif  // HUB_AUDIT_INTERNAL_REBUILD_H_
