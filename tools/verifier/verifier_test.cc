// The verifier's own checks, on hand-made inputs (the round trip with the
// hub's proofs is in hub/audit/auditor_test.cc and tests/e2e).
#include "tools/verifier/verifier.h"

#include <openssl/evp.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace hubverify {
namespace {

using ::testing::HasSubstr;

// The hand-made trees of the tests below, with each suite's hash.
class VerifierSuiteTest : public ::testing::TestWithParam<const char*> {
 protected:
  bool sm3() const { return std::string(GetParam()) == "sm3-sm2"; }
  std::string Sha(const std::string& data) const {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len,
               sm3() ? EVP_sm3() : EVP_sha256(), nullptr);
    return std::string(reinterpret_cast<char*>(md), len);
  }
  std::string Leaf(const std::string& e) const {
    return Sha(std::string(1, '\0') + e);
  }
  std::string Node(const std::string& l, const std::string& r) const {
    return Sha("\x01" + l + r);
  }
  Checkpoint Cp(uint64_t size, std::string root) const {
    Checkpoint cp;
    cp.suite = GetParam();
    cp.size = size;
    cp.root = std::move(root);
    return cp;
  }
};

INSTANTIATE_TEST_SUITE_P(BothSuites, VerifierSuiteTest,
                         ::testing::Values("sha256-ed25519", "sm3-sm2"),
                         [](const ::testing::TestParamInfo<const char*>& i) {
                           return std::string(i.param).substr(0, 3) == "sm3"
                                      ? std::string("sm3")
                                      : std::string("sha256");
                         });

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
  EXPECT_EQ(cp.suite, "sha256-ed25519");  // what v1 means
}

TEST(VerifierTest, AV2CheckpointNamesItsSuite) {
  std::string root(64, 'b');
  std::string text = "reform-hub checkpoint v2\nsuite sm3-sm2\nsize 3\nroot " +
                     root + "\ntime 17\n";
  Checkpoint cp;
  ASSERT_EQ(ParseCheckpoint(text + "signature k1 00ff\n", &cp), "");
  EXPECT_EQ(cp.suite, "sm3-sm2");
  EXPECT_EQ(cp.size, 3u);
  EXPECT_EQ(cp.signed_text, text);
  EXPECT_THAT(ParseCheckpoint("reform-hub checkpoint v2\nsuite md5-rsa\nsize 3"
                              "\nroot " +
                                  root + "\ntime 1\nsignature k 00\n",
                              &cp),
              HasSubstr("checkpoint of unknown suite \"md5-rsa\" (this "
                        "verifier knows sha256-ed25519 sm3-sm2)"));
  EXPECT_THAT(ParseCheckpoint("reform-hub checkpoint v2\nsize 3\nroot " + root +
                                  "\ntime 1\nsignature k 00\n",
                              &cp),
              HasSubstr("want 6 lines: header, suite"));
  // An inclusion proof carries a v2 checkpoint after its path.
  InclusionProof p;
  ASSERT_EQ(ParseInclusionProof("reform-hub inclusion proof v1\nindex 0\n"
                                "event 00\npath " +
                                    root + "\n" + text + "signature k1 00\n",
                                &p),
            "");
  EXPECT_EQ(p.path.size(), 1u);
  EXPECT_TRUE(p.has_checkpoint);
  EXPECT_EQ(p.checkpoint.suite, "sm3-sm2");
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

TEST_P(VerifierSuiteTest, InclusionInAThreeLeafTree) {
  std::string a = Leaf("a"), b = Leaf("b"), c = Leaf("c");
  Checkpoint cp = Cp(3, Node(Node(a, b), c));
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

TEST_P(VerifierSuiteTest, ConsistencyFromTwoToThreeLeaves) {
  std::string a = Leaf("a"), b = Leaf("b"), c = Leaf("c");
  Checkpoint old_cp = Cp(2, Node(a, b));
  Checkpoint new_cp = Cp(3, Node(Node(a, b), c));
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
  // Checkpoints of two suites are never of one log.
  old_cp = Cp(2, Node(a, b));
  p.path = {c};
  new_cp.suite = sm3() ? "sha256-ed25519" : "sm3-sm2";
  EXPECT_THAT(VerifyConsistency(p, old_cp, new_cp),
              HasSubstr("the checkpoints are of different suites"));
}

TEST_P(VerifierSuiteTest, TheOtherSuitesHashDoesNotVerify) {
  std::string a = Leaf("a"), b = Leaf("b");
  Checkpoint cp = Cp(2, Node(a, b));
  InclusionProof p;
  p.index = 0;
  p.event = "a";
  p.path = {b};
  EXPECT_EQ(VerifyInclusion(p, cp), "");
  cp.suite = sm3() ? "sha256-ed25519" : "sm3-sm2";
  EXPECT_THAT(VerifyInclusion(p, cp), HasSubstr("not the checkpoint's"));
}

// Runs a shell command; returns its exit status.
int Shell(const std::string& command) {
  return WEXITSTATUS(system((command + " >/dev/null 2>&1").c_str()));
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A checkpoint signed by the openssl command, not by the hub: the verifier
// checks SM2 over SM3 with the GB/T 32918 signer ID, and Ed25519.
TEST_P(VerifierSuiteTest, ChecksSignaturesMadeByTheOpensslCommand) {
  std::string dir = ::testing::TempDir() + "/verifier_test_" +
                    std::to_string(getpid()) + "_" + (sm3() ? "sm3" : "sha");
  std::filesystem::create_directories(dir);
  std::string text = (sm3() ? "reform-hub checkpoint v2\nsuite sm3-sm2\n"
                            : "reform-hub checkpoint v1\n") +
                     std::string("size 1\nroot ") + std::string(64, 'c') +
                     "\ntime 5\n";
  std::ofstream(dir + "/msg", std::ios::binary) << text;
  std::string key = dir + "/key.pem", pub = dir + "/pub.pem";
  ASSERT_EQ(Shell("openssl genpkey -algorithm " +
                  std::string(sm3() ? "SM2" : "ED25519") + " -out " + key),
            0);
  ASSERT_EQ(Shell("openssl pkey -in " + key + " -pubout -out " + pub), 0);
  ASSERT_EQ(
      Shell("openssl pkeyutl -sign -inkey " + key + " -rawin -in " + dir +
            "/msg -out " + dir + "/sig" +
            (sm3() ? " -digest sm3 -pkeyopt distid:1234567812345678" : "")),
      0);
  Checkpoint cp;
  ASSERT_EQ(
      ParseCheckpoint(
          text + "signature k " + Hex(ReadFile(dir + "/sig")) + "\n", &cp),
      "");
  EXPECT_EQ(VerifyCheckpoint(ReadFile(pub), cp), "");
  Checkpoint forged = cp;
  forged.signed_text[forged.signed_text.size() - 2] = '6';  // time 6
  EXPECT_THAT(VerifyCheckpoint(ReadFile(pub), forged),
              HasSubstr("checkpoint signature does not verify"));
  // A key of the other algorithm is refused by name.
  ASSERT_EQ(Shell("openssl genpkey -algorithm " +
                  std::string(sm3() ? "ED25519" : "SM2") + " -out " + key +
                  " && openssl pkey -in " + key + " -pubout -out " + pub),
            0);
  EXPECT_THAT(VerifyCheckpoint(ReadFile(pub), cp),
              HasSubstr(sm3() ? "is an ED25519 key, but the checkpoint is of "
                                "sm3-sm2, signed with SM2"
                              : "is an SM2 key, but the checkpoint is of "
                                "sha256-ed25519, signed with ED25519"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hubverify
