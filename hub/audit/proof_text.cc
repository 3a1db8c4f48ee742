#include "hub/audit/proof_text.h"

#include "absl/strings/str_cat.h"
#include "hub/model/model.h"

namespace hub {

std::string CheckpointFileText(const v1::SignedCheckpoint& checkpoint) {
  return absl::StrCat(checkpoint.text(), "signature ", checkpoint.key_id(), " ",
                      ToHex(checkpoint.signature()), "\n");
}

std::string InclusionProofFileText(const v1::InclusionProof& proof) {
  // Without the event's bytes (another's event: presence only), its leaf
  // hash stands for them.
  std::string text =
      absl::StrCat("reform-hub inclusion proof v1\nindex ", proof.leaf_index(),
                   proof.event_bytes().empty() ? "\nleaf " : "\nevent ",
                   ToHex(proof.event_bytes().empty() ? proof.leaf_hash()
                                                     : proof.event_bytes()),
                   "\n");
  for (const std::string& p : proof.path()) {
    absl::StrAppend(&text, "path ", ToHex(p), "\n");
  }
  return text + CheckpointFileText(proof.checkpoint());
}

std::string ConsistencyProofFileText(const v1::ConsistencyProof& proof) {
  std::string text =
      absl::StrCat("reform-hub consistency proof v1\nold_size ",
                   proof.old_checkpoint().tree_size(), "\nnew_size ",
                   proof.new_checkpoint().tree_size(), "\n");
  for (const std::string& p : proof.path()) {
    absl::StrAppend(&text, "path ", ToHex(p), "\n");
  }
  return text;
}

}  // namespace hub
