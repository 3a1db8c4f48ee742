// Committer: serializes every write to the hub and commits them in groups.
//
// Operations queue up; the operation at the front becomes the leader, takes
// the whole queue (up to a limit) as a group, runs each operation in order
// in its own child transaction of one root transaction, and writes the root
// as a single atomic, synced RocksDB batch. Only then does any operation of
// the group return: acknowledged means durable, and one sync covers many
// submissions (group commit, after LevelDB's DBImpl::Write).
//
// Because operations run one after another against the root transaction,
// each sees the effects of those before it, and log sequence numbers and
// hashes form one chain.
#ifndef HUB_ENGINE_INTERNAL_COMMITTER_H_
#define HUB_ENGINE_INTERNAL_COMMITTER_H_

#include <deque>
#include <functional>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "hub/engine/internal/transaction.h"
#include "hub/engine/listener.h"
#include "hub/store/store.h"

namespace hub {
namespace internal {

// Where the log continues: its head, and the time of the event there.
struct CommitterPosition {
  LogHead head;
  int64_t time_micros = 0;
};

class Committer {
 public:
  // An operation reads and writes through txn. If it returns an error its
  // writes are discarded. It must not block on other operations.
  using Op = std::function<absl::Status(Transaction* txn)>;

  struct Options {
    bool sync = true;                     // sync the WAL before acknowledging
    size_t max_group = 1024;              // operations per group
    std::function<int64_t()> now_micros;  // transaction clock
    // The time of the event at head: later events are never earlier, even
    // if the clock (another machine's, after a failover) is behind.
    int64_t last_time_micros = 0;
    std::vector<HubListener*> listeners;  // borrowed
  };

  using Position = CommitterPosition;

  // store is borrowed and must outlive the committer; the log after head
  // is chained with crypto (a static suite).
  Committer(Store* store, const LogCrypto& crypto, LogHead head,
            Options options);

  // Runs op in the next group and returns its status once the group is
  // durable. With discard (dry run) op's writes are dropped after it runs.
  // While writes are refused, returns that refusal without running op
  // (dry runs still run, until Close()).
  absl::Status Run(const Op& op, bool discard);

  LogHead head() const;
  // Blocks until head().sequence > after or timeout passes; returns
  // head().sequence then.
  uint64_t WaitForHeadAfter(uint64_t after, absl::Duration timeout) const;

  // Waits for the operations running or queued ahead, then continues the
  // log from the position load() returns; later operations wait until it
  // has. For a store another process writes too (hub/sequencer). When load
  // fails the committer keeps its position and returns the error.
  absl::Status Reload(const std::function<absl::StatusOr<Position>()>& load);

  // Refuses every later write with refusal (not OK) until AllowWrites().
  void RefuseWrites(absl::Status refusal);
  void AllowWrites();
  // OK, or the refusal in force.
  absl::Status write_refusal() const;

  // Refuses every later operation with reason, then waits until the
  // operations already queued have finished; returns how many were queued.
  size_t Close(absl::Status reason);

  // Counters, for benchmarks: groups written and operations in them.
  uint64_t groups() const;
  uint64_t operations() const;

 private:
  struct Writer;
  absl::Status RunQueued(const Op& op, bool discard);

  Store* const store_;
  const LogCrypto& crypto_;
  const Options options_;
  // Held shared by every Run(), exclusively by Reload(); taken before mu_.
  absl::Mutex reload_mu_;
  mutable absl::Mutex mu_;
  std::deque<Writer*> writers_ ABSL_GUARDED_BY(mu_);
  LogHead head_ ABSL_GUARDED_BY(mu_);
  int64_t last_time_micros_ ABSL_GUARDED_BY(mu_);
  uint64_t groups_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t operations_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Status refusal_ ABSL_GUARDED_BY(mu_);  // writes refused while set
  absl::Status closed_ ABSL_GUARDED_BY(mu_);   // everything refused
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_COMMITTER_H_
