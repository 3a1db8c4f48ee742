// Merkle tree over the change log, after RFC 6962 / RFC 9162 section 2.1.
//
// Leaf i is log event i+1 (sequence i+1); its leaf hash is
// H(0x00 || stored event bytes), an interior node is H(0x01 || left ||
// right), and the root of the first n leaves is MTH(D[0:n]) as the RFCs
// define it (H of nothing for n == 0), where H is the hash of the log's
// suite (hub/crypto/log_crypto.h): SHA-256, which is RFC 6962's own tree,
// or SM3.
//
// MerkleTree keeps, for every level k, the hashes of the complete aligned
// subtrees of 2^k leaves, packed kMerkleHashSize bytes each (about 64 bytes
// per leaf in all). The root of any prefix and every proof node then takes
// O(log n) hashes, so proofs over a log of millions of events are cheap.
//
// Thread safety: const methods may run concurrently; Append() needs
// exclusive access.
#ifndef HUB_LOG_MERKLE_H_
#define HUB_LOG_MERKLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hub/crypto/log_crypto.h"

namespace hub {

inline constexpr size_t kMerkleHashSize = kLogHashSize;

class MerkleTree {
 public:
  // An empty tree hashing with crypto (borrowed; suites are static).
  explicit MerkleTree(const LogCrypto& crypto) : crypto_(&crypto) {}

  const LogCrypto& crypto() const { return *crypto_; }

  // Appends the leaf whose hash is leaf_hash (crypto().LeafHash() of the
  // leaf's data). REQUIRES: kMerkleHashSize bytes.
  void AppendLeafHash(absl::string_view leaf_hash);
  uint64_t size() const;

  // The leaf hash at index. REQUIRES: index < size().
  std::string LeafHash(uint64_t index) const;

  // MTH(D[0:tree_size]). InvalidArgument when tree_size > size().
  absl::StatusOr<std::string> Root(uint64_t tree_size) const;

  // PATH(index, D[0:tree_size]) of RFC 6962 section 2.1.1, leaf side first.
  // InvalidArgument unless index < tree_size <= size().
  absl::StatusOr<std::vector<std::string>> InclusionProof(
      uint64_t index, uint64_t tree_size) const;

  // PROOF(old_size, D[0:new_size]) of RFC 6962 section 2.1.2. Empty when
  // old_size == new_size or old_size == 0. InvalidArgument unless
  // old_size <= new_size <= size().
  absl::StatusOr<std::vector<std::string>> ConsistencyProof(
      uint64_t old_size, uint64_t new_size) const;

 private:
  // MTH(D[begin:end]). REQUIRES: begin < end <= size().
  std::string SubtreeHash(uint64_t begin, uint64_t end) const;
  void Path(uint64_t index, uint64_t begin, uint64_t end,
            std::vector<std::string>* proof) const;
  void SubProof(uint64_t m, uint64_t begin, uint64_t end, bool complete,
                std::vector<std::string>* proof) const;

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
