// Sequencer: of several hubds on one PostgreSQL database, keeps exactly one
// the active sequencer, which commits, and the others standbys, which serve
// reads (DESIGN.md section 7; after the single elected sequencer of
// transparency logs such as Trillian).
//
// Each hubd runs one Sequencer over its PgStore (opened with
// PgStoreOptions::fenced) and its Hub:
//
//   * A standby refuses every write with Unavailable naming the active
//     hubd's address ("standby: ... the active hub is at HOST:PORT"), so a
//     client resends there with the same submission id; it serves reads,
//     reloading its hub (Hub::Reload()) whenever the stored log moved, at
//     most every refresh_interval. Every renew_interval it reads the lease
//     and takes it once it has expired.
//   * Taking the lease bumps the fencing epoch (which waits for the write
//     transactions of the old epoch to end in the database, and makes every
//     later one of theirs fail), reloads the hub's log head, time and
//     catalog from the store (the auditor's Merkle tree follows the stored
//     log by itself), and only then enables writes.
//   * The active one renews the lease every renew_interval. It steps down to
//     standby when the lease was taken over, or when it could not renew it
//     for a whole lease; until its next standby tick its writes still go to
//     the database, which refuses them by the fencing epoch (and the
//     sequencer says so), so the database alone decides who commits. After a
//     commit whose outcome it cannot know (the database failed over during
//     COMMIT), it takes the lease again (a new epoch), reloads and resumes: the
//     commit either happened and is in the reloaded state, or did not and its
//     clients' retries redo it.
//   * Stop() refuses writes and releases the lease, so a standby takes over
//     at once instead of after the lease expires.
//
// Thread safety: all methods may be called concurrently.
#ifndef HUB_SEQUENCER_SEQUENCER_H_
#define HUB_SEQUENCER_SEQUENCER_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "hub/engine/hub.h"
#include "hub/pgstore/pg_store.h"

namespace hub {

struct SequencerOptions {
  // Who this process is in the lease; unique per process. Empty: the host
  // name, the process id and a random suffix.
  std::string holder;
  std::string address;  // where clients reach this hubd, recorded in the lease
  absl::Duration lease = absl::Seconds(5);
  absl::Duration renew_interval;  // zero: lease / 4
  absl::Duration refresh_interval = absl::Seconds(1);
  // At start, how long a standby waits for an active hubd to create the
  // store.
  absl::Duration start_timeout = absl::Seconds(60);
  // Told of every change of role, and why (hubd logs it).
  std::function<void(const std::string& message)> on_change;
};

enum class SequencerRole { kStandby, kActive };

struct SequencerState {
  SequencerRole role = SequencerRole::kStandby;
  uint64_t epoch = 0;          // of this process's lease while active
  std::string active_address;  // the active hubd's, as last read
  uint64_t takeovers = 0;      // times this process took the lease
};

class Sequencer {
 public:
  // Runs the first round before the hub opens: takes the lease when it is
  // free (writes then enabled, so that Hub::Open() may create the store),
  // else waits until an active hubd has created the store (its format
  // version is stored). store is borrowed and must outlive the Sequencer.
  // DeadlineExceeded after options.start_timeout; the store's error when
  // the database cannot be reached.
  static absl::StatusOr<std::unique_ptr<Sequencer>> Start(
      PgStore* store, SequencerOptions options);
  // Stop().
  ~Sequencer();

  // Starts the loop over hub (opened over the store; borrowed, must outlive
  // the loop: call Stop() before destroying it). address, when not empty,
  // replaces options.address (known once the server has bound its port).
  void Run(Hub* hub, const std::string& address);
  // Ends the loop, refuses writes, and releases the lease if held.
  void Stop();

  SequencerState state() const;
  const std::string& holder() const { return options_.holder; }

 private:
  Sequencer(PgStore* store, SequencerOptions options);
  absl::Status FirstRound();
  void Loop();
  void ActiveTick();
  void StandbyTick();
  // Takes (or retakes) the lease, reloads, enables writes.
  absl::Status TakeOver();
  // To standby. refuse_now: refuse writes at once; else from the next
  // standby tick (meanwhile the database refuses them: fencing).
  void StepDown(const std::string& why, bool refuse_now);
  void Refresh();
  // The refusal a standby answers writes with.
  absl::Status StandbyRefusal(const PgLease* lease) const;
  void Tell(const std::string& message) const;
  std::string address() const;

  PgStore* const store_;
  SequencerOptions options_;
  Hub* hub_ = nullptr;  // set by Run()
  std::thread thread_;

  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  SequencerState state_ ABSL_GUARDED_BY(mu_);
  std::string address_ ABSL_GUARDED_BY(mu_);
  absl::Time renewed_ ABSL_GUARDED_BY(mu_);  // last successful renewal
  absl::Time refreshed_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace hub

#endif  // HUB_SEQUENCER_SEQUENCER_H_
