// hub_verifier: signature and proof checks (verifier.h), written afresh
// from RFC 9162 rather than shared with the hub.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include <memory>

#include "tools/verifier/verifier.h"

namespace hubverify {
namespace {

std::string Sha256(const std::string& data) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), md);
  return std::string(reinterpret_cast<char*>(md), sizeof md);
}

std::string Node(const std::string& l, const std::string& r) {
  return Sha256(std::string(1, '\x01') + l + r);
}

bool Lsb(uint64_t x) { return (x & 1) != 0; }

}  // namespace

Error VerifyCheckpoint(const std::string& public_key_pem,
                       const Checkpoint& cp) {
  BIO* bio = BIO_new_mem_buf(public_key_pem.data(),
                             static_cast<int>(public_key_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (key == nullptr) return "the public key file holds no PEM public key";
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  int ok = EVP_PKEY_get_id(key) == EVP_PKEY_ED25519 &&
           EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key) == 1 &&
           EVP_DigestVerify(
               ctx, reinterpret_cast<const unsigned char*>(cp.signature.data()),
               cp.signature.size(),
               reinterpret_cast<const unsigned char*>(cp.signed_text.data()),
               cp.signed_text.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  if (!ok) return "checkpoint signature does not verify under the given key";
  return "";
}

Error VerifyInclusion(const InclusionProof& proof, const Checkpoint& cp) {
  if (proof.index >= cp.size) {
    return "leaf index " + std::to_string(proof.index) +
           " is not in the checkpoint's tree of " + std::to_string(cp.size);
  }
  uint64_t fn = proof.index;
  uint64_t sn = cp.size - 1;
  std::string r = proof.presence_only
                      ? proof.leaf_hash
                      : Sha256(std::string(1, '\x00') + proof.event);
  for (const std::string& p : proof.path) {
    if (sn == 0) return "proof is longer than the tree is deep";
    if (Lsb(fn) || fn == sn) {
      r = Node(p, r);
      while (!Lsb(fn) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = Node(r, p);
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
      fr = Node(path[i], fr);
      sr = Node(path[i], sr);
      while (!Lsb(fn) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = Node(sr, path[i]);
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
