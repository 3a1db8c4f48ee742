// hub_verifier: signature and proof checks (verifier.h), written afresh
// from RFC 9162 and OpenSSL's EVP manual rather than shared with the hub.
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstring>
#include <memory>

#include "tools/verifier/verifier.h"

namespace hubverify {
namespace {

// A log crypto suite: its hash, and its signature's key type, digest and
// signer ID (SM2's, from GB/T 32918 and GB/T 35276).
struct Suite {
  const char* name;
  const char* digest;
  const char* key_type;
  const char* signature_digest;  // nullptr: Ed25519 signs the message
  const char* signer_id;         // nullptr: none
};

const Suite kSuites[] = {
    {"sha256-ed25519", "SHA256", "ED25519", nullptr, nullptr},
    {"sm3-sm2", "SM3", "SM2", "SM3", "1234567812345678"},
};

const Suite* FindSuite(const std::string& name) {
  for (const Suite& s : kSuites) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

// The suite's hash of data; "" if OpenSSL lacks the digest.
std::string Hash(const Suite& suite, const std::string& data) {
  EVP_MD* md = EVP_MD_fetch(nullptr, suite.digest, nullptr);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  int ok = md != nullptr &&
           EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) == 1;
  EVP_MD_free(md);
  return ok ? std::string(reinterpret_cast<char*>(out), len) : "";
}

// RFC 6962's interior node and leaf, with the suite's hash.
struct Tree {
  const Suite& suite;
  std::string Node(const std::string& l, const std::string& r) const {
    return Hash(suite, std::string(1, '\x01') + l + r);
  }
  std::string Leaf(const std::string& data) const {
    return Hash(suite, std::string(1, '\x00') + data);
  }
};

bool Lsb(uint64_t x) { return (x & 1) != 0; }

// 1 when signature is key's signature of message under suite.
int VerifySignature(const Suite& suite, EVP_PKEY* key,
                    const std::string& message, const std::string& signature) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  int ok = 1;
  if (suite.signer_id != nullptr) {
    pctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr);
    ok = pctx != nullptr && EVP_PKEY_CTX_set1_id(pctx, suite.signer_id,
                                                 strlen(suite.signer_id)) == 1;
    if (ok) EVP_MD_CTX_set_pkey_ctx(ctx, pctx);
  }
  ok = ok &&
       EVP_DigestVerifyInit_ex(ctx, nullptr, suite.signature_digest, nullptr,
                               nullptr, key, nullptr) == 1 &&
       EVP_DigestVerify(
           ctx, reinterpret_cast<const unsigned char*>(signature.data()),
           signature.size(),
           reinterpret_cast<const unsigned char*>(message.data()),
           message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_CTX_free(pctx);
  return ok;
}

}  // namespace

std::vector<std::string> SuiteNames() {
  std::vector<std::string> names;
  for (const Suite& s : kSuites) names.push_back(s.name);
  return names;
}

Error VerifyCheckpoint(const std::string& public_key_pem,
                       const Checkpoint& cp) {
  const Suite* suite = FindSuite(cp.suite);
  if (suite == nullptr) return "checkpoint of unknown suite " + cp.suite;
  BIO* bio = BIO_new_mem_buf(public_key_pem.data(),
                             static_cast<int>(public_key_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (key == nullptr) return "the public key file holds no PEM public key";
  if (!EVP_PKEY_is_a(key, suite->key_type)) {
    std::string type = EVP_PKEY_get0_type_name(key) != nullptr
                           ? EVP_PKEY_get0_type_name(key)
                           : "unknown";
    EVP_PKEY_free(key);
    return "the public key is an " + type + " key, but the checkpoint is of " +
           cp.suite + ", signed with " + suite->key_type;
  }
  int ok = VerifySignature(*suite, key, cp.signed_text, cp.signature);
  EVP_PKEY_free(key);
  if (!ok) {
    return "checkpoint signature does not verify under the given key (" +
           cp.suite + ")";
  }
  return "";
}

Error VerifyInclusion(const InclusionProof& proof, const Checkpoint& cp) {
  const Suite* suite = FindSuite(cp.suite);
  if (suite == nullptr) return "checkpoint of unknown suite " + cp.suite;
  const Tree tree{*suite};
  if (proof.index >= cp.size) {
    return "leaf index " + std::to_string(proof.index) +
           " is not in the checkpoint's tree of " + std::to_string(cp.size);
  }
  uint64_t fn = proof.index;
  uint64_t sn = cp.size - 1;
  std::string r =
      proof.presence_only ? proof.leaf_hash : tree.Leaf(proof.event);
  for (const std::string& p : proof.path) {
    if (sn == 0) return "proof is longer than the tree is deep";
    if (Lsb(fn) || fn == sn) {
      r = tree.Node(p, r);
      while (!Lsb(fn) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = tree.Node(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return "proof is shorter than the tree is deep";
  if (r != cp.root) {
    return "the event and path lead to root " + Hex(r) +
           ", not the checkpoint's " + Hex(cp.root);
  }
  return "";
}

Error VerifyConsistency(const ConsistencyProof& proof, const Checkpoint& old_cp,
                        const Checkpoint& new_cp) {
  if (proof.old_size != old_cp.size || proof.new_size != new_cp.size) {
    return "proof sizes do not match the checkpoints";
  }
  if (old_cp.suite != new_cp.suite) {
    return "the checkpoints are of different suites (" + old_cp.suite + ", " +
           new_cp.suite + "); one log never mixes suites";
  }
  const Suite* suite = FindSuite(old_cp.suite);
  if (suite == nullptr) return "checkpoint of unknown suite " + old_cp.suite;
  const Tree tree{*suite};
  if (old_cp.size > new_cp.size) return "old checkpoint is larger than new";
  if (old_cp.size == new_cp.size) {
    if (!proof.path.empty()) return "equal sizes need an empty proof";
    return old_cp.root == new_cp.root ? "" : "same size, different roots";
  }
  if (old_cp.size == 0)
    return proof.path.empty() ? "" : "expected an empty proof";
  std::vector<std::string> path = proof.path;
  if ((old_cp.size & (old_cp.size - 1)) == 0)
    path.insert(path.begin(), old_cp.root);
  if (path.empty()) return "proof is empty";
  uint64_t fn = old_cp.size - 1;
  uint64_t sn = new_cp.size - 1;
  while (Lsb(fn)) {
    fn >>= 1;
    sn >>= 1;
  }
  std::string fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    if (sn == 0) return "proof is longer than the tree is deep";
    if (Lsb(fn) || fn == sn) {
      fr = tree.Node(path[i], fr);
      sr = tree.Node(path[i], sr);
      while (!Lsb(fn) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = tree.Node(sr, path[i]);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return "proof is shorter than the tree is deep";
  if (fr != old_cp.root) return "the old checkpoint's tree is not a prefix";
  if (sr != new_cp.root) return "the proof does not lead to the new root";
  return "";
}

}  // namespace hubverify
