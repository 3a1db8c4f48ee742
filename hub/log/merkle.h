// Merkle tree over the change log, after RFC 6962 / RFC 9162 section 2.1.
//
// Leaf i is log event i+1 (sequence i+1); its leaf hash is
// H(0x00 || stored event bytes), an interior node is H(0x01 || left ||
// right), and the root of the first n leaves is MTH(D[0:n]) as the RFCs
// define it (H of nothing for n == 0), where H is the hash of the log's
// suite (hub/crypto/log_crypto.h): SHA-256, which is RFC 6962's own tree,
// or SM3.
//
// A tree is given by its nodes (MerkleNodes): for every level k, the hashes
// of the complete aligned subtrees of 2^k leaves. The root of any prefix
// then takes O(log n) nodes and hashes, and every proof O(log n) nodes of
// the proof, each one node or, on the right edge of a prefix, O(log n) of
// them, so proofs over a log of millions of events are cheap. MerkleTree
// holds the nodes in memory (about 64 bytes per leaf); the hub's own tree is
// persisted in the store with the events (merkle_store.h).
//
// Thread safety: const methods may run concurrently; Append() needs
// exclusive access.
#ifndef HUB_LOG_MERKLE_H_
#define HUB_LOG_MERKLE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hub/crypto/log_crypto.h"

namespace hub {

inline constexpr size_t kMerkleHashSize = kLogHashSize;

// The nodes of a tree of size() leaves.
class MerkleNodes {
 public:
  virtual ~MerkleNodes() = default;
  virtual uint64_t size() const = 0;
  // The hash of leaves [index * 2^level, (index + 1) * 2^level). REQUIRES:
  // they are all in the tree. An error when it cannot be read.
  virtual absl::StatusOr<std::string> Node(int level, uint64_t index) const = 0;
};

// MTH(D[0:tree_size]) of nodes with crypto's hash. InvalidArgument when
// tree_size > nodes.size().
absl::StatusOr<std::string> MerkleRoot(const LogCrypto& crypto,
                                       const MerkleNodes& nodes,
                                       uint64_t tree_size);
// PATH(index, D[0:tree_size]) of RFC 6962 section 2.1.1, leaf side first.
// InvalidArgument unless index < tree_size <= nodes.size().
absl::StatusOr<std::vector<std::string>> MerkleInclusionProof(
    const LogCrypto& crypto, const MerkleNodes& nodes, uint64_t index,
    uint64_t tree_size);
// PROOF(old_size, D[0:new_size]) of RFC 6962 section 2.1.2. Empty when
// old_size == new_size or old_size == 0. InvalidArgument unless
// old_size <= new_size <= nodes.size().
absl::StatusOr<std::vector<std::string>> MerkleConsistencyProof(
    const LogCrypto& crypto, const MerkleNodes& nodes, uint64_t old_size,
    uint64_t new_size);

// Appends leaf index's hash to a tree of index leaves whose nodes are read
// with get and written with put: puts the leaf (level 0) and every node
// the leaf completes. get(level, i) must return the nodes of the tree so far.
absl::Status AppendMerkleLeaf(
    const LogCrypto& crypto, uint64_t index, absl::string_view leaf_hash,
    const std::function<absl::StatusOr<std::string>(int, uint64_t)>& get,
    const std::function<void(int, uint64_t, std::string)>& put);

class MerkleTree : public MerkleNodes {
 public:
  // An empty tree hashing with crypto (borrowed; suites are static).
  explicit MerkleTree(const LogCrypto& crypto) : crypto_(&crypto) {}

  const LogCrypto& crypto() const { return *crypto_; }

  // Appends the leaf whose hash is leaf_hash (crypto().LeafHash() of the
  // leaf's data). REQUIRES: kMerkleHashSize bytes.
  void AppendLeafHash(absl::string_view leaf_hash);
  uint64_t size() const override;
  absl::StatusOr<std::string> Node(int level, uint64_t index) const override;

  // The leaf hash at index. REQUIRES: index < size().
  std::string LeafHash(uint64_t index) const;

  // MerkleRoot(), MerkleInclusionProof() and MerkleConsistencyProof() of
  // this tree.
  absl::StatusOr<std::string> Root(uint64_t tree_size) const;
  absl::StatusOr<std::vector<std::string>> InclusionProof(
      uint64_t index, uint64_t tree_size) const;
  absl::StatusOr<std::vector<std::string>> ConsistencyProof(
      uint64_t old_size, uint64_t new_size) const;

 private:
  const LogCrypto* crypto_;
  // levels_[k] packs the hashes of subtrees [i*2^k, (i+1)*2^k), i = 0, 1 ...
  std::vector<std::string> levels_;
};

// RFC 9162 section 2.1.3.2, with crypto's hash: OK when proof shows that
// the leaf with leaf_hash is at index in the tree of tree_size leaves with
// root. Otherwise kFailedPrecondition (the proof does not verify) or
// kInvalidArgument (the arguments cannot describe any tree).
absl::Status VerifyInclusion(const LogCrypto& crypto,
                             absl::string_view leaf_hash, uint64_t index,
                             uint64_t tree_size,
                             const std::vector<std::string>& proof,
                             absl::string_view root);

// RFC 9162 section 2.1.4.2: OK when proof shows that the tree of old_size
// leaves with old_root is a prefix of the tree of new_size with new_root.
absl::Status VerifyConsistency(const LogCrypto& crypto, uint64_t old_size,
                               uint64_t new_size, absl::string_view old_root,
                               absl::string_view new_root,
                               const std::vector<std::string>& proof);

}  // namespace hub

#endif  // HUB_LOG_MERKLE_H_
