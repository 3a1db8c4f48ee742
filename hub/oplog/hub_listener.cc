#include "hub/oplog/hub_listener.h"

#include "hub/oplog/oplog.h"

namespace hub {

void OplogListener::OnSubmitted(const Principal& principal,
                                const v1::Submission& submission, bool dry_run,
                                const absl::StatusOr<v1::Receipt>& result) {
  if (result.ok()) return;
  oplog::Warn("submission_refused")
      .Str("principal", principal.ToString())
      .Str("submission_id", submission.submission_id())
      .Bool("dry_run", dry_run)
      .Str("reason", oplog::Reason(result.status()))
      .Str("message", result.status().message().substr(0, 500));
}

void OplogListener::OnGroupCommitted(const CommitGroupInfo& info) {
  if (info.status.ok()) return;
  oplog::Error("commit_failed")
      .Uint("operations", info.operations)
      .Uint("log_head", info.head_sequence)
      .Str("reason", oplog::Reason(info.status))
      .Str("message", info.status.message());
}

void OplogListener::OnMerkleTreeBuilt(uint64_t events, int64_t micros) {
  oplog::Info("merkle_tree_built")
      .Uint("events", events)
      .Int("duration_us", micros)
      .Str("message",
           "the store's Merkle tree lacked these events (a store written "
           "before the tree was persisted, or by an older hubd); their nodes "
           "were built from the log once and are kept from now on");
}

}  // namespace hub
