// OplogListener: a HubListener that puts the hub's refusals of submissions
// on the operator's log, one line each with its category (a stream's
// submissions are refused one by one inside one call), and failed group
// commits, and the Merkle tree built at start-up.
#ifndef HUB_OPLOG_HUB_LISTENER_H_
#define HUB_OPLOG_HUB_LISTENER_H_

#include "hub/engine/listener.h"

namespace hub {

class OplogListener : public HubListener {
 public:
  void OnSubmitted(const Principal& principal, const v1::Submission& submission,
                   bool dry_run,
                   const absl::StatusOr<v1::Receipt>& result) override;
  void OnGroupCommitted(const CommitGroupInfo& info) override;
  void OnMerkleTreeBuilt(uint64_t events, int64_t micros) override;
};

}  // namespace hub

#endif  // HUB_OPLOG_HUB_LISTENER_H_
