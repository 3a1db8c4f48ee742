// Proof verification of merkle.h, after RFC 9162 sections 2.1.3.2 and
// 2.1.4.2. tools/verifier carries its own copy so that it trusts no hub code.
#include "absl/strings/str_cat.h"
#include "hub/log/merkle.h"

namespace hub {
namespace {

absl::Status Mismatch(absl::string_view what) {
  return absl::FailedPreconditionError(
      absl::StrCat("proof does not verify: ", what));
}

}  // namespace

absl::Status VerifyInclusion(const LogCrypto& crypto,
                             absl::string_view leaf_hash, uint64_t index,
                             uint64_t tree_size,
                             const std::vector<std::string>& proof,
                             absl::string_view root) {
  if (index >= tree_size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "leaf index ", index, " is not in a tree of ", tree_size, " leaves"));
  }
  uint64_t fn = index;
  uint64_t sn = tree_size - 1;
  std::string r(leaf_hash);
  for (const std::string& p : proof) {
    if (sn == 0) return Mismatch("proof is longer than the tree is deep");
    if ((fn & 1) != 0 || fn == sn) {
      r = crypto.NodeHash(p, r);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = crypto.NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Mismatch("proof is shorter than the tree is deep");
  if (r != root) return Mismatch("computed root differs from the checkpoint");
  return absl::OkStatus();
}

absl::Status VerifyConsistency(const LogCrypto& crypto, uint64_t old_size,
                               uint64_t new_size, absl::string_view old_root,
                               absl::string_view new_root,
                               const std::vector<std::string>& proof) {
  if (old_size > new_size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "old size ", old_size, " is larger than new size ", new_size));
  }
  if (old_size == new_size) {
    if (!proof.empty()) return Mismatch("equal sizes need an empty proof");
    if (old_root != new_root) return Mismatch("equal sizes, different roots");
    return absl::OkStatus();
  }
  if (old_size == 0) {
    if (!proof.empty()) return Mismatch("from an empty tree needs no proof");
    return absl::OkStatus();
  }
  std::vector<std::string> path = proof;
  if ((old_size & (old_size - 1)) == 0)
    path.insert(path.begin(), std::string(old_root));
  if (path.empty()) return Mismatch("proof is empty");
  uint64_t fn = old_size - 1;
  uint64_t sn = new_size - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  std::string fr = path[0];
  std::string sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    if (sn == 0) return Mismatch("proof is longer than the tree is deep");
    if ((fn & 1) != 0 || fn == sn) {
      fr = crypto.NodeHash(path[i], fr);
      sr = crypto.NodeHash(path[i], sr);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = crypto.NodeHash(sr, path[i]);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Mismatch("proof is shorter than the tree is deep");
  if (fr != old_root) return Mismatch("old root differs from the checkpoint");
  if (sr != new_root) return Mismatch("new root differs from the checkpoint");
  return absl::OkStatus();
}

}  // namespace hub
