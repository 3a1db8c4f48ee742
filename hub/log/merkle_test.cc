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
std::string ReferenceRoot(const LogCrypto& crypto,
                          const std::vector<std::string>& leaves, size_t b,
                          size_t e) {
  if (e - b == 1) return leaves[b];
  size_t k = 1;
  while (k * 2 < e - b) k *= 2;
  return crypto.NodeHash(ReferenceRoot(crypto, leaves, b, b + k),
                         ReferenceRoot(crypto, leaves, b + k, e));
}

TEST(MerkleTest, MatchesTheRfc6962TestVectors) {
  MerkleTree tree(Sha256Ed25519());
  EXPECT_EQ(ToHex(*tree.Root(0)),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  for (int i = 0; i < 8; ++i) {
    tree.AppendLeafHash(Sha256Ed25519().LeafHash(FromHex(kLeaves[i])));
    EXPECT_EQ(ToHex(*tree.Root(i + 1)), kRoots[i]) << "size " << i + 1;
  }
}

TEST(MerkleTest, Sm3TreeHashesTheRfc6962WayWithSm3) {
  const LogCrypto& sm3 = Sm3Sm2();
  MerkleTree tree(sm3);
  // SM3 of nothing (GB/T 32905's hash of the empty message).
  EXPECT_EQ(ToHex(*tree.Root(0)),
            "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b");
  tree.AppendLeafHash(sm3.LeafHash("a"));
  tree.AppendLeafHash(sm3.LeafHash("b"));
  tree.AppendLeafHash(sm3.LeafHash("c"));
  EXPECT_EQ(*tree.Root(3),
            sm3.Hash({"\x01",
                      sm3.Hash({"\x01", sm3.Hash({std::string(1, '\0'), "a"}),
                                sm3.Hash({std::string(1, '\0'), "b"})}),
                      sm3.Hash({std::string(1, '\0'), "c"})}));
  MerkleTree sha(Sha256Ed25519());
  sha.AppendLeafHash(Sha256Ed25519().LeafHash("a"));
  EXPECT_NE(*sha.Root(1), *tree.Root(1));
}

// Every proof test runs on both suites' hashes.
class MerkleSuiteTest : public ::testing::TestWithParam<const LogCrypto*> {
 protected:
  const LogCrypto& crypto() const { return *GetParam(); }
  std::string ReferenceRoot(const std::vector<std::string>& leaves, size_t b,
                            size_t e) const {
    return ::hub::ReferenceRoot(crypto(), leaves, b, e);
  }
  std::vector<std::string> LeafHashes(int n) const {
    std::vector<std::string> hashes;
    for (int i = 0; i < n; ++i) {
      hashes.push_back(crypto().LeafHash("event " + std::to_string(i)));
    }
    return hashes;
  }
  absl::Status VerifyInclusion(absl::string_view leaf, uint64_t index,
                               uint64_t size,
                               const std::vector<std::string>& proof,
                               absl::string_view root) const {
    return ::hub::VerifyInclusion(crypto(), leaf, index, size, proof, root);
  }
  absl::Status VerifyConsistency(uint64_t m, uint64_t n,
                                 absl::string_view old_root,
                                 absl::string_view new_root,
                                 const std::vector<std::string>& proof) const {
    return ::hub::VerifyConsistency(crypto(), m, n, old_root, new_root, proof);
  }
};

INSTANTIATE_TEST_SUITE_P(
    BothSuites, MerkleSuiteTest, ::testing::Values(&Sha256Ed25519(), &Sm3Sm2()),
    [](const ::testing::TestParamInfo<const LogCrypto*>& info) {
      return std::string(info.param->HashName());
    });

TEST_P(MerkleSuiteTest, EveryPrefixRootMatchesTheReference) {
  std::vector<std::string> leaves = LeafHashes(70);
  MerkleTree tree(crypto());
  for (const std::string& h : leaves) tree.AppendLeafHash(h);
  for (size_t n = 1; n <= leaves.size(); ++n) {
    EXPECT_EQ(*tree.Root(n), ReferenceRoot(leaves, 0, n)) << "size " << n;
  }
}

TEST_P(MerkleSuiteTest, EveryInclusionProofVerifiesAndNoOtherLeafDoes) {
  std::vector<std::string> leaves = LeafHashes(37);
  MerkleTree tree(crypto());
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

TEST_P(MerkleSuiteTest, AlteredInclusionProofFails) {
  std::vector<std::string> leaves = LeafHashes(11);
  MerkleTree tree(crypto());
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

TEST_P(MerkleSuiteTest, EveryConsistencyProofVerifies) {
  std::vector<std::string> leaves = LeafHashes(33);
  MerkleTree tree(crypto());
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

TEST_P(MerkleSuiteTest, ConsistencyWithARewrittenPrefixFails) {
  std::vector<std::string> leaves = LeafHashes(20);
  MerkleTree honest(crypto());
  for (const std::string& h : leaves) honest.AppendLeafHash(h);
  leaves[3] = crypto().LeafHash("rewritten");
  MerkleTree forged(crypto());
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

TEST_P(MerkleSuiteTest, OutOfRangeRequestsAreInvalidArguments) {
  MerkleTree tree(crypto());
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
