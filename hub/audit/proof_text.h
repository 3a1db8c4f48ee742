// The text forms of checkpoints and proofs that tools/verifier reads (see
// tools/verifier/verifier.h): a signed checkpoint, an inclusion proof (with
// its checkpoint) and a consistency proof.
//
// A target of its own (hub::proof_text) over the generated messages only,
// so that a client (hubctl) can write the files without linking the
// auditor, the engine or the store. Pure functions; thread safe.
#ifndef HUB_AUDIT_PROOF_TEXT_H_
#define HUB_AUDIT_PROOF_TEXT_H_

#include <string>

#include "hub/v1/audit.pb.h"

namespace hub {

// The checkpoint's signed text followed by its "signature <key id> <hex>"
// line.
std::string CheckpointFileText(const v1::SignedCheckpoint& checkpoint);
// "reform-hub inclusion proof v1": index, event bytes (or, when the proof
// shows presence only, the leaf hash) and path in hex, then the checkpoint
// it proves against.
std::string InclusionProofFileText(const v1::InclusionProof& proof);
// "reform-hub consistency proof v1": both sizes and the path in hex.
std::string ConsistencyProofFileText(const v1::ConsistencyProof& proof);

}  // namespace hub

#endif  // HUB_AUDIT_PROOF_TEXT_H_
