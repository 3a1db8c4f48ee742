// hub_verifier: verifies the hub's checkpoints and proofs independently.
//
//   hub_verifier checkpoint  --key PUB.pem CHECKPOINT
//   hub_verifier inclusion   --key PUB.pem [--checkpoint TRUSTED] PROOF
//   hub_verifier consistency --key PUB.pem OLD_CHECKPOINT NEW_CHECKPOINT PROOF
//
// With --checkpoint the inclusion proof is checked against that (trusted,
// earlier saved) checkpoint instead of the one embedded in the proof. The
// hash and signature are those of the suite the checkpoint names
// (sha256-ed25519 or sm3-sm2); the key must be of that suite's algorithm.
// Exit code: 0 verified, 1 does not verify, 2 usage or unreadable input.
#include <fstream>
#include <iostream>
#include <sstream>

#include "tools/verifier/verifier.h"

namespace hubverify {
namespace {

int Usage() {
  std::cerr
      << "usage: hub_verifier checkpoint --key PUB.pem CHECKPOINT\n"
         "       hub_verifier inclusion --key PUB.pem [--checkpoint CP] PROOF\n"
         "       hub_verifier consistency --key PUB.pem OLD_CP NEW_CP PROOF\n";
  return 2;
}

bool Read(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "hub_verifier: cannot read " << path << "\n";
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

int Report(const Error& e, const std::string& ok_text) {
  if (!e.empty()) {
    std::cout << "FAIL: " << e << "\n";
    return 1;
  }
  std::cout << "OK: " << ok_text << "\n";
  return 0;
}

int LoadCheckpoint(const std::string& path, const std::string& key,
                   Checkpoint* cp) {
  std::string text;
  if (!Read(path, &text)) return 2;
  Error e = ParseCheckpoint(text, cp);
  if (e.empty()) e = VerifyCheckpoint(key, *cp);
  if (!e.empty()) return Report(path + ": " + e, "");
  return 0;
}

int CheckCheckpoint(const std::string& key, const std::string& path) {
  Checkpoint cp;
  if (int rc = LoadCheckpoint(path, key, &cp)) return rc;
  return Report("", "checkpoint of " + std::to_string(cp.size) +
                        " events, root " + Hex(cp.root) + ", signed by key " +
                        cp.key_id + " (" + cp.suite + ")");
}

// Against the trusted checkpoint if given, else the one the proof carries.
int CheckInclusion(const std::string& key, const std::string& trusted,
                   const std::string& path) {
  std::string text;
  InclusionProof proof;
  if (!Read(path, &text)) return 2;
  Error e = ParseInclusionProof(text, &proof);
  if (!e.empty()) return Report(e, "");
  Checkpoint cp = proof.checkpoint;
  if (!trusted.empty()) {
    if (int rc = LoadCheckpoint(trusted, key, &cp)) return rc;
  } else if (!proof.has_checkpoint) {
    return Report("the proof carries no checkpoint; pass --checkpoint", "");
  } else if (Error s = VerifyCheckpoint(key, cp); !s.empty()) {
    return Report(s, "");
  }
  return Report(VerifyInclusion(proof, cp),
                "event " + std::to_string(proof.index + 1) +
                    " is in the signed log of " + std::to_string(cp.size) +
                    " events (" + cp.suite + ")" +
                    (proof.presence_only ? " (presence only: leaf hash)" : ""));
}

int CheckConsistency(const std::string& key, const std::string& old_path,
                     const std::string& new_path, const std::string& path) {
  Checkpoint old_cp, new_cp;
  if (int rc = LoadCheckpoint(old_path, key, &old_cp)) return rc;
  if (int rc = LoadCheckpoint(new_path, key, &new_cp)) return rc;
  std::string text;
  ConsistencyProof proof;
  if (!Read(path, &text)) return 2;
  Error e = ParseConsistencyProof(text, &proof);
  if (e.empty()) e = VerifyConsistency(proof, old_cp, new_cp);
  return Report(e, "the log of " + std::to_string(new_cp.size) +
                       " events extends the log of " +
                       std::to_string(old_cp.size) + " (" + new_cp.suite + ")");
}

int Run(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string key_path, trusted;
  std::vector<std::string> files;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--key" && i + 1 < args.size()) {
      key_path = args[++i];
    } else if (args[i] == "--checkpoint" && i + 1 < args.size()) {
      trusted = args[++i];
    } else {
      files.push_back(args[i]);
    }
  }
  std::string key;
  if (files.empty() || key_path.empty() || !Read(key_path, &key))
    return Usage();
  const std::string& cmd = files[0];
  if (cmd == "checkpoint" && files.size() == 2) {
    return CheckCheckpoint(key, files[1]);
  }
  if (cmd == "inclusion" && files.size() == 2) {
    return CheckInclusion(key, trusted, files[1]);
  }
  if (cmd == "consistency" && files.size() == 4) {
    return CheckConsistency(key, files[1], files[2], files[3]);
  }
  return Usage();
}

}  // namespace
}  // namespace hubverify

int main(int argc, char** argv) { return hubverify::Run(argc, argv); }
