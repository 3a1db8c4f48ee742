// The hub's Merkle tree (merkle.h) persisted in the store: every node of
// every complete aligned subtree, in Column::kMeta (hub/schema/schema.h
// "merkle/"), written in the same batch as the events it covers, with the
// number of events covered. A checkpoint or proof after a restart reads
// only the O(log n) nodes it needs, and nothing of the tree stays in memory.
//
// The write side (AppendMerkleLeaves) runs in the committer's transaction
// over the nodes of the groups before it. A store written before the tree
// was persisted (or by an older hubd after a newer one) covers fewer events
// than its log; CatchUpMerkle builds the missing nodes from the log once,
// when a hub opens it.
#ifndef HUB_LOG_MERKLE_STORE_H_
#define HUB_LOG_MERKLE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "hub/crypto/log_crypto.h"
#include "hub/log/merkle.h"
#include "hub/store/store.h"

namespace hub {

// The tree as of a snapshot of the store.
class StoredMerkleTree : public MerkleNodes {
 public:
  // The tree in snapshot (kept alive). DataLoss when its size is malformed.
  static absl::StatusOr<StoredMerkleTree> Open(
      std::shared_ptr<const Snapshot> snapshot);

  // The events the tree covers (0 for a store without a tree).
  uint64_t size() const override { return size_; }
  // DataLoss when the node is missing or not a hash.
  absl::StatusOr<std::string> Node(int level, uint64_t index) const override;

 private:
  StoredMerkleTree(std::shared_ptr<const Snapshot> snapshot, uint64_t size)
      : snapshot_(std::move(snapshot)), size_(size) {}

  std::shared_ptr<const Snapshot> snapshot_;
  uint64_t size_;
};

// Reads a kMeta value as a store, a snapshot or a transaction sees it: OK
// and *value, NotFound, or an error.
using MetaGet =
    std::function<absl::Status(const std::string& key, std::string* value)>;
using MetaPut = std::function<void(const std::string& key, std::string value)>;

// Adds the leaves of events after+1 .. after+n (leaf hash of each one's
// stored bytes, given by bytes(i) for i in 1..n) to the tree of after
// leaves seen through get, writing the new nodes and the new size with put.
// DataLoss, writing nothing, when get's tree covers fewer than after events
// (it is caught up first: CatchUpMerkle).
absl::Status AppendMerkleLeaves(
    const LogCrypto& crypto, uint64_t after, uint64_t n,
    const std::function<absl::StatusOr<std::string>(uint64_t sequence)>& bytes,
    const MetaGet& get, const MetaPut& put);

// The size of the tree as get sees it (0 when none is stored).
absl::StatusOr<uint64_t> MerkleSize(const MetaGet& get);

// Extends the tree in store to its log's head (head_sequence) from the log,
// in batches written with sync; returns how many events it added (0 when
// the tree was complete). DataLoss when the tree covers more events than
// the log or the log is damaged.
absl::StatusOr<uint64_t> CatchUpMerkle(Store* store, const LogCrypto& crypto,
                                       uint64_t head_sequence, bool sync);

}  // namespace hub

#endif  // HUB_LOG_MERKLE_STORE_H_
