#include "hub/log/merkle.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/model/model.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;
using ::testing::HasSubstr;

// The leaves of the RFC 6962 test vectors (certificate-transparency's
// merkle_tree_test) and the roots of their first 1..8 leaves.
const char* const kLeaves[] = {"",
                               "00",
                               "10",
                               "2021",
                               "3031",
                               "40414243",
                               "5051525354555657",
                               "606162636465666768696a6b6c6d6e6f"};
const char* const kRoots[] = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

std::string FromHex(absl::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(
        std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

// The RFC's recursive definition, straight from the text: the reference.
std::string ReferenceRoot(const std::vector<std::string>& leaves, size_t b,
                          size_t e) {
  if (e - b == 1) return leaves[b];
  size_t k = 1;
  while (k * 2 < e - b) k *= 2;
  return MerkleNodeHash(ReferenceRoot(leaves, b, b + k),
                        ReferenceRoot(leaves, b + k, e));
}

std::vector<std::string> LeafHashes(int n) {
  std::vector<std::string> hashes;
  for (int i = 0; i < n; ++i) {
    hashes.push_back(MerkleLeafHash("event " + std::to_string(i)));
  }
  return hashes;
}

TEST(MerkleTest, MatchesTheRfc6962TestVectors) {
  MerkleTree tree;
  EXPECT_EQ(ToHex(*tree.Root(0)),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  for (int i = 0; i < 8; ++i) {
    tree.AppendLeafHash(MerkleLeafHash(FromHex(kLeaves[i])));
    EXPECT_EQ(ToHex(*tree.Root(i + 1)), kRoots[i]) << "size " << i + 1;
  }
}

TEST(MerkleTest, EveryPrefixRootMatchesTheReference) {
  std::vector<std::string> leaves = LeafHashes(70);
  MerkleTree tree;
  for (const std::string& h : leaves) tree.AppendLeafHash(h);
  for (size_t n = 1; n <= leaves.size(); ++n) {
    EXPECT_EQ(*tree.Root(n), ReferenceRoot(leaves, 0, n)) << "size " << n;
  }
}

TEST(MerkleTest, EveryInclusionProofVerifiesAndNoOtherLeafDoes) {
  std::vector<std::string> leaves = LeafHashes(37);
  MerkleTree tree;
  for (const std::string& h : leaves) tree.AppendLeafHash(h);
  for (uint64_t n = 1; n <= leaves.size(); ++n) {
    std::string root = *tree.Root(n);
    for (uint64_t i = 0; i < n; ++i) {
      auto proof = tree.InclusionProof(i, n);
      ASSERT_THAT(proof, IsOk());
      EXPECT_THAT(VerifyInclusion(leaves[i], i, n, *proof, root), IsOk())
          << i << " in " << n;
      uint64_t other = (i + 1) % n;
      if (other != i) {
        EXPECT_THAT(VerifyInclusion(leaves[other], i, n, *proof, root),
                    StatusIs(absl::StatusCode::kFailedPrecondition));
      }
    }
  }
}

TEST(MerkleTest, AlteredInclusionProofFails) {
  std::vector<std::string> leaves = LeafHashes(11);
  MerkleTree tree;
  for (const std::string& h : leaves) tree.AppendLeafHash(h);
  std::vector<std::string> proof = *tree.InclusionProof(5, 11);
  ASSERT_FALSE(proof.empty());
  proof[1][0] ^= 1;
  EXPECT_THAT(VerifyInclusion(leaves[5], 5, 11, proof, *tree.Root(11)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("computed root differs")));
  proof.pop_back();
  EXPECT_THAT(
      VerifyInclusion(leaves[5], 5, 11, proof, *tree.Root(11)),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("shorter")));
}

TEST(MerkleTest, EveryConsistencyProofVerifies) {
  std::vector<std::string> leaves = LeafHashes(33);
  MerkleTree tree;
  for (const std::string& h : leaves) tree.AppendLeafHash(h);
  for (uint64_t m = 0; m <= leaves.size(); ++m) {
    for (uint64_t n = m; n <= leaves.size(); ++n) {
      auto proof = tree.ConsistencyProof(m, n);
      ASSERT_THAT(proof, IsOk());
      EXPECT_THAT(VerifyConsistency(m, n, *tree.Root(m), *tree.Root(n), *proof),
                  IsOk())
          << m << " -> " << n;
    }
  }
}

TEST(MerkleTest, ConsistencyWithARewrittenPrefixFails) {
  std::vector<std::string> leaves = LeafHashes(20);
  MerkleTree honest;
  for (const std::string& h : leaves) honest.AppendLeafHash(h);
  leaves[3] = MerkleLeafHash("rewritten");
  MerkleTree forged;
  for (const std::string& h : leaves) forged.AppendLeafHash(h);
  // The auditor kept the honest root of 7 leaves; the forged log cannot
  // prove that its 20 leaves extend it.
  auto proof = forged.ConsistencyProof(7, 20);
  ASSERT_THAT(proof, IsOk());
  EXPECT_THAT(
      VerifyConsistency(7, 20, *honest.Root(7), *forged.Root(20), *proof),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("old root differs")));
}

TEST(MerkleTest, OutOfRangeRequestsAreInvalidArguments) {
  MerkleTree tree;
  for (const std::string& h : LeafHashes(4)) tree.AppendLeafHash(h);
  EXPECT_THAT(tree.Root(5), StatusIs(absl::StatusCode::kInvalidArgument,
                                     HasSubstr("exceeds the log's 4 events")));
  EXPECT_THAT(tree.InclusionProof(4, 4),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(tree.ConsistencyProof(3, 2),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace hub
