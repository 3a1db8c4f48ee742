// HubListener: callbacks from the engine to an observer such as metrics or
// the operator's log (after RocksDB's EventListener).
//
// Implementations must be thread safe (callbacks come from calling threads
// and the committer's threads), fast, must not throw, and must not
// call back into the Hub. Default implementations do nothing.
#ifndef HUB_ENGINE_LISTENER_H_
#define HUB_ENGINE_LISTENER_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "hub/model/principal.h"
#include "hub/v1/model.pb.h"

namespace hub {

// One group commit (internal/committer.h).
struct CommitGroupInfo {
  size_t operations = 0;       // operations in the group, dry runs included
  bool written = false;        // a batch was written (false: nothing to write)
  bool synced = false;         // and the write-ahead log synced
  int64_t write_micros = 0;    // Store::Write, the sync included
  absl::Status status;         // of the write
  uint64_t head_sequence = 0;  // log head after the group
};

class HubListener {
 public:
  virtual ~HubListener() = default;

  // After every Hub::Submit with its outcome: a receipt (replayed or not,
  // dry run or not) or the refusal.
  virtual void OnSubmitted(const Principal& principal,
                           const v1::Submission& submission, bool dry_run,
                           const absl::StatusOr<v1::Receipt>& result) {}

  // After each group commit, before its operations return.
  virtual void OnGroupCommitted(const CommitGroupInfo& info) {}

  // One write operation's time from queueing to durable (or refused).
  virtual void OnOperationDone(int64_t micros, const absl::Status& status) {}

  // While the hub opened: the persisted Merkle tree (hub/log/merkle_store.h)
  // covered fewer events than the log (a store written before the tree was
  // persisted, or by an older hubd), and the nodes of the events it lacked
  // were built from the log; how many, and how long it took.
  virtual void OnMerkleTreeBuilt(uint64_t events, int64_t micros) {}
};

}  // namespace hub

#endif  // HUB_ENGINE_LISTENER_H_
