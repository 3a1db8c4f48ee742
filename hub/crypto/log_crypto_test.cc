// Known answers for both suites, and their signatures checked by the
// openssl command (an independent implementation of the same standards).
#include "hub/crypto/log_crypto.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;
using ::testing::HasSubstr;

std::string Hex(absl::string_view raw) { return absl::BytesToHexString(raw); }

TEST(Sm3Test, KnownAnswersOfGbT32905) {
  // GB/T 32905-2016 appendix A: example 1 ("abc") and example 2 (the
  // 64-byte message "abcd" repeated 16 times).
  EXPECT_EQ(Hex(Sm3Sm2().Hash("abc")),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  std::string abcd16;
  for (int i = 0; i < 16; ++i) abcd16 += "abcd";
  ASSERT_EQ(abcd16.size(), 64u);
  EXPECT_EQ(Hex(Sm3Sm2().Hash(abcd16)),
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
  // Parts hash as their concatenation.
  EXPECT_EQ(Sm3Sm2().Hash({"ab", "", "c"}), Sm3Sm2().Hash("abc"));
}

TEST(Sha256Test, KnownAnswersAndRfc6962Hashes) {
  const LogCrypto& c = Sha256Ed25519();
  EXPECT_EQ(Hex(c.Hash("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 6962's empty tree and the leaf hash of an empty leaf, as Certificate
  // Transparency's test vectors give them.
  EXPECT_EQ(Hex(c.EmptyTreeHash()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Hex(c.LeafHash("")),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
}

TEST(LogCryptoTest, RfcPrefixesWithEachSuitesHash) {
  for (const LogCrypto* c : {&Sha256Ed25519(), &Sm3Sm2()}) {
    EXPECT_EQ(c->LeafHash("e"), c->Hash(std::string(1, '\0') + "e"))
        << c->Name();
    EXPECT_EQ(c->NodeHash("l", "r"), c->Hash("\x01lr")) << c->Name();
    EXPECT_EQ(c->ChainHash("p", "e"), c->Hash("pe")) << c->Name();
    EXPECT_EQ(c->Hash("x").size(), kLogHashSize) << c->Name();
  }
  EXPECT_NE(Sm3Sm2().LeafHash("e"), Sha256Ed25519().LeafHash("e"));
}

TEST(LogCryptoTest, FindsSuitesByName) {
  EXPECT_EQ(*FindLogCrypto("sha256-ed25519"), &Sha256Ed25519());
  EXPECT_EQ(*FindLogCrypto("sm3-sm2"), &Sm3Sm2());
  EXPECT_STREQ(Sm3Sm2().HashName(), "sm3");
  EXPECT_STREQ(Sm3Sm2().SignatureName(), "sm2");
  EXPECT_THAT(FindLogCrypto("sm3"),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("unknown log crypto \"sm3\"; known: "
                                 "sha256-ed25519, sm3-sm2")));
}

TEST(LogCryptoTest, SignVerifyAndRefuseOtherSuitesKeys) {
  for (const LogCrypto* c : {&Sha256Ed25519(), &Sm3Sm2()}) {
    auto key = c->GenerateKey();
    ASSERT_THAT(key, IsOk());
    auto sig = (*key)->Sign("reform-hub checkpoint");
    ASSERT_THAT(sig, IsOk());
    EXPECT_THAT(
        c->Verify((*key)->public_key_pem(), "reform-hub checkpoint", *sig),
        IsOk());
    EXPECT_THAT(
        c->Verify((*key)->public_key_pem(), "reform-hub checkpoinT", *sig),
        StatusIs(absl::StatusCode::kFailedPrecondition,
                 HasSubstr("signature does not verify")));
    auto pem = (*key)->PrivateKeyPem();
    ASSERT_THAT(pem, IsOk());
    auto again = c->ParsePrivateKey(*pem);
    ASSERT_THAT(again, IsOk());
    EXPECT_EQ((*again)->key_id(), (*key)->key_id());
    EXPECT_EQ((*again)->key_id().size(), 16u);
  }
  auto ed = Sha256Ed25519().GenerateKey();
  ASSERT_THAT(ed, IsOk());
  EXPECT_THAT(Sm3Sm2().ParsePrivateKey(*(*ed)->PrivateKeyPem()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("holds an ED25519 key, but the log crypto "
                                 "sm3-sm2 signs with SM2")));
  EXPECT_THAT(Sm3Sm2().Verify((*ed)->public_key_pem(), "m", "s"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("is an ED25519 key")));
  EXPECT_THAT(Sha256Ed25519().ParsePrivateKey("not a key"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("holds no PEM private key")));
}

// The encoded public key: the tail of the SubjectPublicKeyInfo DER.
std::string EncodedPublicKey(const std::string& pem, size_t size) {
  std::string b64 =
      absl::StrReplaceAll(pem, {{"-----BEGIN PUBLIC KEY-----", ""},
                                {"-----END PUBLIC KEY-----", ""},
                                {"\n", ""}});
  std::string der;
  EXPECT_TRUE(absl::Base64Unescape(b64, &der));
  return der.substr(der.size() - size);
}

TEST(LogCryptoTest, KeyIdIsTheSuitesHashOfThePublicKey) {
  auto ed = Sha256Ed25519().GenerateKey();
  auto sm = Sm3Sm2().GenerateKey();
  ASSERT_THAT(ed, IsOk());
  ASSERT_THAT(sm, IsOk());
  std::string ed_raw = EncodedPublicKey((*ed)->public_key_pem(), 32);
  std::string sm_point = EncodedPublicKey((*sm)->public_key_pem(), 65);
  EXPECT_EQ(sm_point[0], '\x04');  // uncompressed
  EXPECT_EQ((*ed)->key_id(), Hex(Sha256Ed25519().Hash(ed_raw).substr(0, 8)));
  EXPECT_EQ((*sm)->key_id(), Hex(Sm3Sm2().Hash(sm_point).substr(0, 8)));
}

// Runs a shell command; returns its exit status, output in *out.
int Shell(const std::string& command, std::string* out = nullptr) {
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  std::string text;
  char buf[512];
  while (size_t n = fread(buf, 1, sizeof buf, p)) text.append(buf, n);
  int status = pclose(p);
  if (out != nullptr) *out = text;
  return WEXITSTATUS(status);
}

class OpenSslCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = absl::StrCat(::testing::TempDir(), "/log_crypto_test_", getpid());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& bytes) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  std::string Read(const std::string& name) {
    std::ifstream in(dir_ + "/" + name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  std::string dir_;
};

constexpr char kMessage[] =
    "reform-hub checkpoint v2\nsuite sm3-sm2\nsize 3\nroot 00\ntime 1\n";

TEST_F(OpenSslCommandTest, HubSm2SignaturesVerifyWithOpensslPkeyutl) {
  auto key = Sm3Sm2().GenerateKey();
  ASSERT_THAT(key, IsOk());
  auto sig = (*key)->Sign(kMessage);
  ASSERT_THAT(sig, IsOk());
  std::string pub = Write("pub.pem", (*key)->public_key_pem());
  std::string msg = Write("msg", kMessage);
  std::string sigfile = Write("sig", *sig);
  std::string verify = "openssl pkeyutl -verify -pubin -inkey " + pub +
                       " -rawin -digest sm3 -in " + msg + " -sigfile " +
                       sigfile + " -pkeyopt distid:";
  std::string out;
  EXPECT_EQ(Shell(verify + "1234567812345678", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("Signature Verified Successfully"));
  // The signer ID is part of what is signed (SM2's Z value).
  EXPECT_NE(Shell(verify + "1234567812345679", &out), 0) << out;
  Write("msg", std::string(kMessage) + "x");
  EXPECT_NE(Shell(verify + "1234567812345678", &out), 0) << out;
}

TEST_F(OpenSslCommandTest, OpensslSm2SignaturesVerifyInTheHub) {
  std::string key = dir_ + "/key.pem", msg = Write("msg", kMessage);
  std::string out;
  ASSERT_EQ(Shell("openssl genpkey -algorithm SM2 -out " + key, &out), 0)
      << out;
  ASSERT_EQ(
      Shell("openssl pkey -in " + key + " -pubout -out " + dir_ + "/pub.pem",
            &out),
      0)
      << out;
  ASSERT_EQ(Shell("openssl pkeyutl -sign -inkey " + key +
                      " -rawin -digest sm3 -pkeyopt distid:1234567812345678"
                      " -in " +
                      msg + " -out " + dir_ + "/sig",
                  &out),
            0)
      << out;
  EXPECT_THAT(Sm3Sm2().Verify(Read("pub.pem"), kMessage, Read("sig")), IsOk());
  auto parsed = Sm3Sm2().ParsePrivateKey(Read("key.pem"));
  EXPECT_THAT(parsed, IsOk());  // a key made by openssl genpkey serves
}

TEST_F(OpenSslCommandTest, HashesAndEd25519AgreeWithTheOpensslCommand) {
  std::string leaf = Write("leaf", std::string("\x00", 1) + "event bytes");
  std::string out;
  ASSERT_EQ(Shell("openssl dgst -sm3 -r " + leaf, &out), 0) << out;
  EXPECT_EQ(std::string(absl::StrSplit(out, ' ').begin()->data(), 64),
            Hex(Sm3Sm2().LeafHash("event bytes")));
  auto key = Sha256Ed25519().GenerateKey();
  ASSERT_THAT(key, IsOk());
  std::string pub = Write("pub.pem", (*key)->public_key_pem());
  std::string msg = Write("msg", kMessage);
  std::string sig = Write("sig", *(*key)->Sign(kMessage));
  EXPECT_EQ(Shell("openssl pkeyutl -verify -pubin -inkey " + pub +
                      " -rawin -in " + msg + " -sigfile " + sig,
                  &out),
            0)
      << out;
}

}  // namespace
}  // namespace hub
