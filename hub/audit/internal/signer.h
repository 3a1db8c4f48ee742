// Internal to hub/audit: the checkpoint key of the log's crypto suite
// (hub/crypto/log_crypto.h), kept in a PEM file, and the signed checkpoint
// text.
//
// The signed text of a checkpoint is, byte for byte, for sha256-ed25519
// (as it has been since before suites)
//   "reform-hub checkpoint v1\n"
//   "size <tree size>\n"
//   "root <lower-case hex of the Merkle root>\n"
//   "time <UTC microseconds since the epoch>\n"
// and for every other suite the same with header "v2" and, after it, the
// suite's name:
//   "reform-hub checkpoint v2\n"
//   "suite sm3-sm2\n"
//   "size ..." "root ..." "time ..."
// so that tools/verifier can rebuild it without any hub code, and knows
// which hash and signature it checks.
#ifndef HUB_AUDIT_INTERNAL_SIGNER_H_
#define HUB_AUDIT_INTERNAL_SIGNER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hub/crypto/log_crypto.h"

namespace hub {
namespace internal {

std::string CheckpointText(const LogCrypto& crypto, uint64_t tree_size,
                           absl::string_view root, int64_t time_micros);

// Loads crypto's PEM (PKCS#8) private key at path, or, when no file is
// there, generates one and writes it (mode 0600) with the public key beside
// it at path + ".pub". kInvalidArgument naming path when the file holds
// something else, another suite's key included; kUnavailable when it cannot
// be read or written.
absl::StatusOr<std::unique_ptr<SigningKey>> LoadOrCreateKey(
    const LogCrypto& crypto, const std::string& path);

}  // namespace internal
}  // namespace hub

#endif  // HUB_AUDIT_INTERNAL_SIGNER_H_
