// hub_verifier: checks the hub's signed checkpoints and Merkle proofs
// without trusting the server and without any hub code: only OpenSSL
// (SHA-256 and Ed25519, or SM3 and SM2) and this folder. The formats are
// line-based text that `hubctl checkpoint` and `hubctl prove` write:
//
//   checkpoint                        inclusion proof
//   reform-hub checkpoint v1          reform-hub inclusion proof v1
//   size <tree size>                  index <leaf index = sequence - 1>
//   root <hex>                        event <hex of the stored event bytes>
//                                     (or leaf <hex of the leaf hash>, when
//                                     the proof shows presence only)
//   time <UTC micros>                 path <hex>   (one line per node)
//   signature <key id> <hex>          <a checkpoint, as on the left>
//
// A v1 checkpoint is of a sha256-ed25519 log. Any suite may be written as
//   reform-hub checkpoint v2
//   suite <name>                      sha256-ed25519 or sm3-sm2
//   size ... root ... time ... signature ...   (as in v1)
//
//   consistency proof
//   reform-hub consistency proof v1
//   old_size <m>
//   new_size <n>
//   path <hex>   (one line per node)
//
// The signed message is every checkpoint line before "signature", each
// ending in "\n". With the suite's hash H, leaves are H(0x00 || event
// bytes) and nodes H(0x01 || l || r) (RFC 6962); proofs are checked as RFC
// 9162 sections 2.1.3.2 and 2.1.4.2 describe. Signatures are Ed25519, or
// SM2 over SM3 with the signer ID "1234567812345678" (GB/T 32918).
#ifndef HUB_TOOLS_VERIFIER_VERIFIER_H_
#define HUB_TOOLS_VERIFIER_VERIFIER_H_

#include <cstdint>
#include <string>
#include <vector>

namespace hubverify {

// Every function returns "" on success, otherwise why not.
using Error = std::string;

// The suites this verifier knows, by the name checkpoints give.
std::vector<std::string> SuiteNames();

struct Checkpoint {
  std::string suite = "sha256-ed25519";
  uint64_t size = 0;
  std::string root;  // raw 32 bytes
  int64_t time_micros = 0;
  std::string key_id;
  std::string signature;  // raw
  std::string signed_text;
};

struct InclusionProof {
  uint64_t index = 0;
  std::string event;  // raw stored bytes
  // A proof of presence only ("leaf <hex>" instead of "event <hex>": the
  // hub does not show the caller this event): the leaf hash, raw.
  bool presence_only = false;
  std::string leaf_hash;
  std::vector<std::string> path;
  bool has_checkpoint = false;
  Checkpoint checkpoint;
};

struct ConsistencyProof {
  uint64_t old_size = 0;
  uint64_t new_size = 0;
  std::vector<std::string> path;
};

Error ParseCheckpoint(const std::string& text, Checkpoint* out);
Error ParseInclusionProof(const std::string& text, InclusionProof* out);
Error ParseConsistencyProof(const std::string& text, ConsistencyProof* out);

// The signature of cp under public_key_pem, with cp's suite; a key of
// another algorithm than the suite's fails.
Error VerifyCheckpoint(const std::string& public_key_pem, const Checkpoint& cp);
// proof places its event at its index in the tree that cp signs.
Error VerifyInclusion(const InclusionProof& proof, const Checkpoint& cp);
// The tree of old_cp is a prefix of the tree of new_cp.
Error VerifyConsistency(const ConsistencyProof& proof, const Checkpoint& old_cp,
                        const Checkpoint& new_cp);

std::string Hex(const std::string& raw);

}  // namespace hubverify

#endif  // HUB_TOOLS_VERIFIER_VERIFIER_H_
