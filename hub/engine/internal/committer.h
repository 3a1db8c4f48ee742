// Committer: serializes every write to the hub, commits them in groups, and
// overlaps the work of one group with the sync of the one before it.
//
// Requests queue up in the order they are enqueued (a batch contiguously).
// Two threads of the committer move them through a two-stage pipeline, in
// the manner of RocksDB's pipelined writes:
//
//   apply   takes the whole queue (up to a limit) as a group, runs each
//           request's operation in order in its own child transaction of
//           one root transaction, adds the Merkle nodes of the events they
//           appended (hub/log/merkle_store.h), and turns the root into one
//           write batch;
//   write   writes that batch atomically, synced, and only then completes
//           the group's requests, in order.
//
// While group N is being written and synced, group N+1 is applied on top of
// it: its root transaction reads through group N's writes, so every
// operation sees the effects of every operation before it, and log
// sequence numbers and hashes form one chain, exactly as if the groups ran
// one after the other. Group N+1 is written only after group N is durable;
// if N's write fails, N+1 (which saw N's writes) fails with it and nothing
// of either is written. Acknowledged therefore means durable, one sync
// covers a whole group, and the log order is the enqueue order.
//
// A third thread completes the requests of written groups, so that their
// callbacks (which answer calls) overlap the next group's write.
//
// Thread safety: all methods may be called concurrently. Completion
// callbacks run on the committer's completion thread, one at a time, in
// request order; they must be quick and must not wait for the committer.
#ifndef HUB_ENGINE_INTERNAL_COMMITTER_H_
#define HUB_ENGINE_INTERNAL_COMMITTER_H_

#include <deque>
#include <functional>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "hub/engine/internal/transaction.h"
#include "hub/engine/listener.h"
#include "hub/store/store.h"

namespace hub {
namespace internal {

// A request to the committer (Committer::Request).
struct CommitRequest {
  // Reads and writes through txn; on an error its writes are discarded. It
  // runs on the committer's apply thread and must not block on other
  // requests.
  absl::AnyInvocable<absl::Status(Transaction* txn)> op;
  // Dry run: op's writes are dropped after it runs.
  bool discard = false;
  // Called once with op's status when its group is durable (or, for a
  // failed or discarded op, when its group is done), or with the write
  // error when the group could not be written.
  absl::AnyInvocable<void(absl::Status status)> done;
};

// Where the log continues: its head, and the time of the event there.
struct CommitterPosition {
  LogHead head;
  int64_t time_micros = 0;
};

class Committer {
 public:
  // An operation reads and writes through txn. If it returns an error its
  // writes are discarded. It runs on the committer's apply thread and must
  // not block on other operations.
  using Op = std::function<absl::Status(Transaction* txn)>;

  using Request = CommitRequest;

  struct Options {
    bool sync = true;                     // sync the WAL before completing
    size_t max_group = 1024;              // requests per group
    std::function<int64_t()> now_micros;  // transaction clock
    // The time of the event at head: later events are never earlier, even
    // if the clock (another machine's, after a failover) is behind.
    int64_t last_time_micros = 0;
    std::vector<HubListener*> listeners;  // borrowed
  };

  using Position = CommitterPosition;

  // store is borrowed and must outlive the committer; the log after head
  // is chained with crypto (a static suite). Starts the two threads.
  Committer(Store* store, const LogCrypto& crypto, LogHead head,
            Options options);
  // Completes every request already queued, then stops the threads.
  ~Committer();

  // Queues requests, in order and contiguously: a batch that fits in a
  // group joins one group. A write request enqueued while writes are
  // refused completes at once with the refusal (dry runs still run); every
  // request enqueued after Close() or while the committer is being
  // destroyed completes with Unavailable.
  void Enqueue(std::vector<Request> requests);

  // Runs op in the next group and returns its status once the group is
  // durable. With discard (dry run) op's writes are dropped after it runs.
  // While writes are refused, returns that refusal without running op
  // (dry runs still run, until Close()).
  absl::Status Run(const Op& op, bool discard);

  // The head of the durable log.
  LogHead head() const;
  // Blocks until head().sequence > after or timeout passes; returns
  // head().sequence then.
  uint64_t WaitForHeadAfter(uint64_t after, absl::Duration timeout) const;

  // Waits for the operations running or queued ahead, then continues the
  // log from the position load() returns; later operations wait until it
  // has. For a store another process writes too (hub/sequencer). When load
  // fails the committer keeps its position and returns the error. It is a
  // barrier in the queue: load() runs on the apply thread once every group
  // before it is written (requests enqueued meanwhile queue behind it, and
  // Enqueue() does not block). Unavailable once the committer is stopping.
  absl::Status Reload(const std::function<absl::StatusOr<Position>()>& load);

  // Refuses every later write with refusal (not OK) until AllowWrites().
  void RefuseWrites(absl::Status refusal);
  void AllowWrites();
  // OK, or the refusal in force.
  absl::Status write_refusal() const;

  // Refuses every later request with reason, then waits until the
  // requests already queued have completed; returns how many were queued.
  size_t Close(absl::Status reason);

  // Counters, for benchmarks: groups written and operations in them.
  uint64_t groups() const;
  uint64_t operations() const;

 private:
  struct Group;
  struct Reloading;

  void ApplyLoop();
  void WriteLoop();
  void CompleteLoop();
  // Takes the next group off the queue; nullptr when stopping and empty.
  std::unique_ptr<Group> NextGroup() ABSL_LOCKS_EXCLUDED(mu_);
  // Runs group's operations over base (the group being written, or null).
  void Apply(Group* group, const Transaction* base);
  // Adds the Merkle nodes of the events root appended after sequence after
  // (hub/log/merkle_store.h), so they are written in the group's batch.
  absl::Status AppendMerkleNodes(uint64_t after, Transaction* root);
  // Hands group to the write thread once the previous one is done; false
  // (group completed as failed) when the previous one failed to write.
  bool HandOver(std::unique_ptr<Group> group) ABSL_LOCKS_EXCLUDED(mu_);
  void Complete(Group* group, const absl::Status& write_status);
  // On the apply thread: waits until the group handed over (if any) is
  // written, then runs the reload at the front of the queue.
  void RunReload(std::unique_ptr<Transaction>* previous, uint64_t* previous_id,
                 Reloading* reloading) ABSL_LOCKS_EXCLUDED(mu_);
  // The refusal of request, or OK when it may be queued.
  absl::Status Refusal(const Request& request) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Store* const store_;
  const LogCrypto& crypto_;
  const Options options_;

  mutable absl::Mutex mu_;
  std::deque<Request> queue_ ABSL_GUARDED_BY(mu_);
  // Reloads waiting in the queue, each with the number of requests
  // enqueued before it (compare dequeued_).
  std::deque<std::pair<uint64_t, Reloading*>> reloads_ ABSL_GUARDED_BY(mu_);
  uint64_t enqueued_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t dequeued_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool apply_done_ ABSL_GUARDED_BY(mu_) = false;
  bool write_done_ ABSL_GUARDED_BY(mu_) = false;
  // Written (or failed) groups whose requests are to be completed, in order.
  std::deque<std::pair<std::unique_ptr<Group>, absl::Status>> completing_
      ABSL_GUARDED_BY(mu_);
  // The group in the write stage (handed over, not yet written).
  std::unique_ptr<Group> writing_ ABSL_GUARDED_BY(mu_);
  // The status and id of the last group written; a group applied over a
  // failed one fails too.
  absl::Status last_write_ ABSL_GUARDED_BY(mu_);
  uint64_t last_written_id_ ABSL_GUARDED_BY(mu_) = 0;
  LogHead head_ ABSL_GUARDED_BY(mu_);  // durable
  uint64_t groups_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t operations_ ABSL_GUARDED_BY(mu_) = 0;

  // Apply thread only.
  LogHead applied_head_;
  int64_t last_time_micros_;  // the time of the last group applied
  uint64_t next_group_id_ = 1;

  std::thread apply_thread_;
  std::thread write_thread_;
  std::thread complete_thread_;
  absl::Status refusal_ ABSL_GUARDED_BY(mu_);  // writes refused while set
  absl::Status closed_ ABSL_GUARDED_BY(mu_);   // everything refused
  size_t in_flight_ ABSL_GUARDED_BY(mu_) = 0;  // queued, not yet completed
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_COMMITTER_H_
