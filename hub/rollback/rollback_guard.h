// RollbackGuard: notices a change log that went backwards.
//
// RocksDB recovers the log from its write-ahead log; if that log was
// damaged and salvaged, or the store was replaced by an older copy, the
// hub would start with fewer events than it once acknowledged and reuse
// their sequence numbers. Nothing inside the store can tell. So the guard
// keeps, outside RocksDB, the newest signed checkpoint of the log
// (<dir>/latest.checkpoint, the text hub_verifier reads) and the head it
// covers (<dir>/latest.head: size and the hash of its last event), rewritten
// every interval while the log grows and once more at shutdown, each time
// synced and renamed into place.
//
// Opening the guard compares the log with the stored head. When the log is
// shorter, or its event at the stored size has another hash, the guard
// refuses every write (Hub::RefuseWrites, FailedPrecondition saying what was
// lost and what the operator may do) while reads go on, until an operator
// decides: restore a backup, or AcceptRollback() to go on from the log as
// it is (hubctl admin accept-rollback; hubd --accept_log_rollback). The old
// checkpoint is then kept beside the new one as rolled-back-<size>-<time>.*,
// with the decision appended to <dir>/decisions.log.
//
// Thread safe.
#ifndef HUB_ROLLBACK_ROLLBACK_GUARD_H_
#define HUB_ROLLBACK_ROLLBACK_GUARD_H_

#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "hub/audit/auditor.h"
#include "hub/engine/hub.h"

namespace hub {

struct RollbackGuardOptions {
  std::string dir;  // where the checkpoint and head files live
  absl::Duration interval = absl::Seconds(1);
};

// The comparison made when the guard opened.
struct RollbackCheck {
  enum class Outcome {
    kNoCheckpoint,   // nothing stored yet (a new hub)
    kConsistent,     // the log holds the stored head
    kWentBackwards,  // the log is shorter than the stored head
    kRewritten,      // the event at the stored size has another hash
  };
  Outcome outcome = Outcome::kNoCheckpoint;
  uint64_t stored_size = 0;
  int64_t stored_time_micros = 0;
  uint64_t log_head = 0;
  std::string message;  // one line for the operator's log
};

const char* OutcomeName(RollbackCheck::Outcome outcome);

class RollbackGuard {
 public:
  // Checks the log of hub against what is stored in options.dir (created if
  // missing), refuses writes when it went backwards, and starts keeping the
  // checkpoint. hub and auditor are borrowed and must outlive the guard.
  static absl::StatusOr<std::unique_ptr<RollbackGuard>> Open(
      Hub* hub, Auditor* auditor, RollbackGuardOptions options);
  ~RollbackGuard();  // stops keeping (without a last checkpoint)

  const RollbackCheck& check() const { return check_; }

  // The operator's decision to go on from the log as it is: archives the
  // stored checkpoint, stores one of the log now, records who decided and
  // why, and allows writes again. Returns the archived checkpoint's path.
  // FailedPrecondition when writes are not refused for a rollback; reason
  // must not be empty (InvalidArgument).
  absl::StatusOr<std::string> AcceptRollback(const std::string& who,
                                             const std::string& reason);

  // Stores a checkpoint of the log's head now (shutdown); returns its size.
  // Does nothing while writes are refused for a rollback.
  absl::StatusOr<uint64_t> WriteNow();

 private:
  RollbackGuard(Hub* hub, Auditor* auditor, RollbackGuardOptions options);
  absl::Status Check();
  absl::StatusOr<uint64_t> Store(bool force) ABSL_LOCKS_EXCLUDED(mu_);
  void Keep();

  Hub* const hub_;
  Auditor* const auditor_;
  const RollbackGuardOptions options_;
  RollbackCheck check_;
  absl::Mutex mu_;
  uint64_t stored_ ABSL_GUARDED_BY(mu_) = 0;  // size of the stored head
  bool refusing_ ABSL_GUARDED_BY(mu_) = false;
  bool warned_ ABSL_GUARDED_BY(mu_) = false;  // a failed store was logged
  absl::Notification stop_;
  std::thread keeper_;
};

}  // namespace hub

#endif  // HUB_ROLLBACK_ROLLBACK_GUARD_H_
