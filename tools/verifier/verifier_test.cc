// The verifier's own checks, on hand-made inputs (the round trip with the
// hub's proofs is in hub/audit/auditor_test.cc and tests/e2e).
#include "tools/verifier/verifier.h"

#include <openssl/sha.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace hubverify {
namespace {

using ::testing::HasSubstr;

std::string Sha(const std::string& data) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), md);
  return std::string(reinterpret_cast<char*>(md), sizeof md);
}

std::string Leaf(const std::string& e) { return Sha(std::string(1, '\0') + e); }
std::string Node(const std::string& l, const std::string& r) {
  return Sha("\x01" + l + r);
}

TEST(VerifierTest, ParsesACheckpointAndRebuildsTheSignedText) {
  std::string root(64, 'a');
  Checkpoint cp;
  ASSERT_EQ(ParseCheckpoint("reform-hub checkpoint v1\nsize 3\nroot " + root +
                                "\ntime 17\nsignature k1 00ff\n",
                            &cp),
            "");
  EXPECT_EQ(cp.size, 3u);
  EXPECT_EQ(cp.time_micros, 17);
  EXPECT_EQ(cp.key_id, "k1");
  EXPECT_EQ(cp.signature, std::string("\x00\xff", 2));
  EXPECT_EQ(cp.signed_text,
            "reform-hub checkpoint v1\nsize 3\nroot " + root + "\ntime 17\n");
}

TEST(VerifierTest, RejectsMalformedInput) {
  Checkpoint cp;
  EXPECT_THAT(ParseCheckpoint("reform-hub checkpoint v2\n", &cp),
              HasSubstr("not a reform-hub checkpoint"));
  EXPECT_THAT(ParseCheckpoint("reform-hub checkpoint v1\nsize x\nroot 00\n"
                              "time 1\nsignature k 00\n",
                              &cp),
              HasSubstr("malformed"));
  InclusionProof p;
  EXPECT_THAT(ParseInclusionProof("reform-hub inclusion proof v1\nindex 0\n"
                                  "event 00\npath zz\n",
                                  &p),
              HasSubstr("is not \"path <64 hex digits>\""));
  EXPECT_THAT(VerifyCheckpoint("not a key", cp),
              HasSubstr("holds no PEM public key"));
}

TEST(VerifierTest, InclusionInAThreeLeafTree) {
  std::string a = Leaf("a"), b = Leaf("b"), c = Leaf("c");
  Checkpoint cp;
  cp.size = 3;
  cp.root = Node(Node(a, b), c);
  InclusionProof p;
  p.index = 1;
  p.event = "b";
  p.path = {a, c};
  EXPECT_EQ(VerifyInclusion(p, cp), "");
  p.event = "B";
  EXPECT_THAT(VerifyInclusion(p, cp), HasSubstr("not the checkpoint's"));
  p.event = "c";
  p.index = 2;
  p.path = {Node(a, b)};
  EXPECT_EQ(VerifyInclusion(p, cp), "");
  p.index = 3;
  EXPECT_THAT(VerifyInclusion(p, cp),
              HasSubstr("is not in the checkpoint's tree"));
}

TEST(VerifierTest, ConsistencyFromTwoToThreeLeaves) {
  std::string a = Leaf("a"), b = Leaf("b"), c = Leaf("c");
  Checkpoint old_cp, new_cp;
  old_cp.size = 2;
  old_cp.root = Node(a, b);
  new_cp.size = 3;
  new_cp.root = Node(Node(a, b), c);
  ConsistencyProof p;
  p.old_size = 2;
  p.new_size = 3;
  p.path = {c};
  EXPECT_EQ(VerifyConsistency(p, old_cp, new_cp), "");
  // The old tree (a power of two) starts the path, so a forged old root
  // shows as a path that misses the new root.
  old_cp.root = Node(b, a);
  EXPECT_THAT(VerifyConsistency(p, old_cp, new_cp),
              HasSubstr("does not lead to the new root"));
  p.path.push_back(c);
  EXPECT_THAT(VerifyConsistency(p, old_cp, new_cp), HasSubstr("longer"));
}

}  // namespace
}  // namespace hubverify
