#include "hub/log/merkle.h"

#include "absl/strings/str_cat.h"

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

}  // namespace

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

std::string MerkleTree::LeafHash(uint64_t index) const {
  return levels_[0].substr(index * kMerkleHashSize, kMerkleHashSize);
}

std::string MerkleTree::SubtreeHash(uint64_t begin, uint64_t end) const {
  uint64_t n = end - begin;
  if (IsPowerOfTwo(n)) {
    // Every subtree the RFC recursion visits that is complete is aligned.
    int k = Log2(n);
    return levels_[k].substr((begin >> k) * kMerkleHashSize, kMerkleHashSize);
  }
  uint64_t split = begin + SplitPoint(n);
  return crypto_->NodeHash(SubtreeHash(begin, split), SubtreeHash(split, end));
}

absl::StatusOr<std::string> MerkleTree::Root(uint64_t tree_size) const {
  if (tree_size > size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "tree_size: ", tree_size, " exceeds the log's ", size(), " events"));
  }
  if (tree_size == 0) return crypto_->EmptyTreeHash();
  return SubtreeHash(0, tree_size);
}

void MerkleTree::Path(uint64_t index, uint64_t begin, uint64_t end,
                      std::vector<std::string>* proof) const {
  if (end - begin <= 1) return;
  uint64_t split = begin + SplitPoint(end - begin);
  if (index < split) {
    Path(index, begin, split, proof);
    proof->push_back(SubtreeHash(split, end));
  } else {
    Path(index, split, end, proof);
    proof->push_back(SubtreeHash(begin, split));
  }
}

absl::StatusOr<std::vector<std::string>> MerkleTree::InclusionProof(
    uint64_t index, uint64_t tree_size) const {
  if (tree_size > size() || index >= tree_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("leaf index ", index, " is not in a tree of ", tree_size,
                     " leaves (the log has ", size(), ")"));
  }
  std::vector<std::string> proof;
  Path(index, 0, tree_size, &proof);
  return proof;
}

void MerkleTree::SubProof(uint64_t m, uint64_t begin, uint64_t end,
                          bool complete,
                          std::vector<std::string>* proof) const {
  uint64_t n = end - begin;
  if (m == n) {
    if (!complete) proof->push_back(SubtreeHash(begin, end));
    return;
  }
  uint64_t k = SplitPoint(n);
  if (m <= k) {
    SubProof(m, begin, begin + k, complete, proof);
    proof->push_back(SubtreeHash(begin + k, end));
  } else {
    SubProof(m - k, begin + k, end, false, proof);
    proof->push_back(SubtreeHash(begin, begin + k));
  }
}

absl::StatusOr<std::vector<std::string>> MerkleTree::ConsistencyProof(
    uint64_t old_size, uint64_t new_size) const {
  if (new_size > size() || old_size > new_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("no consistency proof from ", old_size, " to ", new_size,
                     " leaves (the log has ", size(), ")"));
  }
  std::vector<std::string> proof;
  if (old_size == 0 || old_size == new_size) return proof;
  SubProof(old_size, 0, new_size, true, &proof);
  return proof;
}

}  // namespace hub
