#include "hub/log/merkle.h"

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"

namespace hub {
namespace {

// Largest power of two strictly less than n. REQUIRES: n >= 2.
uint64_t SplitPoint(uint64_t n) {
  uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

bool IsPowerOfTwo(uint64_t n) { return n != 0 && (n & (n - 1)) == 0; }

int Log2(uint64_t n) {
  int k = 0;
  while ((uint64_t{1} << k) < n) ++k;
  return k;
}

// The RFC 6962 recursions over a tree's nodes.
class Proofs {
 public:
  Proofs(const LogCrypto& crypto, const MerkleNodes& nodes)
      : crypto_(crypto), nodes_(nodes) {}

  // MTH(D[begin:end]). REQUIRES: begin < end <= size().
  absl::StatusOr<std::string> SubtreeHash(uint64_t begin, uint64_t end) const {
    uint64_t n = end - begin;
    if (IsPowerOfTwo(n)) {
      // Every subtree the RFC recursion visits that is complete is aligned.
      int k = Log2(n);
      return nodes_.Node(k, begin >> k);
    }
    uint64_t split = begin + SplitPoint(n);
    HUB_ASSIGN_OR_RETURN(std::string left, SubtreeHash(begin, split));
    HUB_ASSIGN_OR_RETURN(std::string right, SubtreeHash(split, end));
    return crypto_.NodeHash(left, right);
  }

  absl::Status Path(uint64_t index, uint64_t begin, uint64_t end,
                    std::vector<std::string>* proof) const {
    if (end - begin <= 1) return absl::OkStatus();
    uint64_t split = begin + SplitPoint(end - begin);
    if (index < split) {
      HUB_RETURN_IF_ERROR(Path(index, begin, split, proof));
      return Push(split, end, proof);
    }
    HUB_RETURN_IF_ERROR(Path(index, split, end, proof));
    return Push(begin, split, proof);
  }

  absl::Status SubProof(uint64_t m, uint64_t begin, uint64_t end, bool complete,
                        std::vector<std::string>* proof) const {
    uint64_t n = end - begin;
    if (m == n) {
      return complete ? absl::OkStatus() : Push(begin, end, proof);
    }
    uint64_t k = SplitPoint(n);
    if (m <= k) {
      HUB_RETURN_IF_ERROR(SubProof(m, begin, begin + k, complete, proof));
      return Push(begin + k, end, proof);
    }
    HUB_RETURN_IF_ERROR(SubProof(m - k, begin + k, end, false, proof));
    return Push(begin, begin + k, proof);
  }

 private:
  absl::Status Push(uint64_t begin, uint64_t end,
                    std::vector<std::string>* proof) const {
    HUB_ASSIGN_OR_RETURN(std::string h, SubtreeHash(begin, end));
    proof->push_back(std::move(h));
    return absl::OkStatus();
  }

  const LogCrypto& crypto_;
  const MerkleNodes& nodes_;
};

}  // namespace

absl::StatusOr<std::string> MerkleRoot(const LogCrypto& crypto,
                                       const MerkleNodes& nodes,
                                       uint64_t tree_size) {
  if (tree_size > nodes.size()) {
    return absl::InvalidArgumentError(absl::StrCat("tree_size: ", tree_size,
                                                   " exceeds the log's ",
                                                   nodes.size(), " events"));
  }
  if (tree_size == 0) return crypto.EmptyTreeHash();
  return Proofs(crypto, nodes).SubtreeHash(0, tree_size);
}

absl::StatusOr<std::vector<std::string>> MerkleInclusionProof(
    const LogCrypto& crypto, const MerkleNodes& nodes, uint64_t index,
    uint64_t tree_size) {
  if (tree_size > nodes.size() || index >= tree_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("leaf index ", index, " is not in a tree of ", tree_size,
                     " leaves (the log has ", nodes.size(), ")"));
  }
  std::vector<std::string> proof;
  HUB_RETURN_IF_ERROR(Proofs(crypto, nodes).Path(index, 0, tree_size, &proof));
  return proof;
}

absl::StatusOr<std::vector<std::string>> MerkleConsistencyProof(
    const LogCrypto& crypto, const MerkleNodes& nodes, uint64_t old_size,
    uint64_t new_size) {
  if (new_size > nodes.size() || old_size > new_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("no consistency proof from ", old_size, " to ", new_size,
                     " leaves (the log has ", nodes.size(), ")"));
  }
  std::vector<std::string> proof;
  if (old_size == 0 || old_size == new_size) return proof;
  HUB_RETURN_IF_ERROR(
      Proofs(crypto, nodes).SubProof(old_size, 0, new_size, true, &proof));
  return proof;
}

absl::Status AppendMerkleLeaf(
    const LogCrypto& crypto, uint64_t index, absl::string_view leaf_hash,
    const std::function<absl::StatusOr<std::string>(int, uint64_t)>& get,
    const std::function<void(int, uint64_t, std::string)>& put) {
  std::string node(leaf_hash);
  // Complete every subtree that the new leaf closes: while the node is a
  // right child, its parent is H(left sibling || node).
  for (int k = 0;; ++k, index /= 2) {
    if (index % 2 == 0) {
      put(k, index, std::move(node));
      return absl::OkStatus();
    }
    HUB_ASSIGN_OR_RETURN(std::string left, get(k, index - 1));
    std::string parent = crypto.NodeHash(left, node);
    put(k, index, std::move(node));
    node = std::move(parent);
  }
}

void MerkleTree::AppendLeafHash(absl::string_view leaf_hash) {
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].append(leaf_hash.data(), leaf_hash.size());
  // Complete every subtree that the new leaf closes.
  for (size_t k = 0; levels_[k].size() / kMerkleHashSize % 2 == 0; ++k) {
    const std::string& level = levels_[k];
    size_t n = level.size() / kMerkleHashSize;
    std::string parent =
        crypto_->NodeHash(absl::string_view(level).substr(
                              (n - 2) * kMerkleHashSize, kMerkleHashSize),
                          absl::string_view(level).substr(
                              (n - 1) * kMerkleHashSize, kMerkleHashSize));
    if (levels_.size() == k + 1) levels_.emplace_back();
    levels_[k + 1] += parent;
  }
}

uint64_t MerkleTree::size() const {
  return levels_.empty() ? 0 : levels_[0].size() / kMerkleHashSize;
}

absl::StatusOr<std::string> MerkleTree::Node(int level, uint64_t index) const {
  return levels_[level].substr(index * kMerkleHashSize, kMerkleHashSize);
}

std::string MerkleTree::LeafHash(uint64_t index) const {
  return levels_[0].substr(index * kMerkleHashSize, kMerkleHashSize);
}

absl::StatusOr<std::string> MerkleTree::Root(uint64_t tree_size) const {
  return MerkleRoot(*crypto_, *this, tree_size);
}

absl::StatusOr<std::vector<std::string>> MerkleTree::InclusionProof(
    uint64_t index, uint64_t tree_size) const {
  return MerkleInclusionProof(*crypto_, *this, index, tree_size);
}

absl::StatusOr<std::vector<std::string>> MerkleTree::ConsistencyProof(
    uint64_t old_size, uint64_t new_size) const {
  return MerkleConsistencyProof(*crypto_, *this, old_size, new_size);
}

}  // namespace hub
