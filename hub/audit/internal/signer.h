// Internal to hub/audit: the server's Ed25519 checkpoint key, through
// OpenSSL's EVP interface, and the signed checkpoint text.
//
// The signed text of a checkpoint is, byte for byte,
//   "reform-hub checkpoint v1\n"
//   "size <tree size>\n"
//   "root <lower-case hex of the Merkle root>\n"
//   "time <UTC microseconds since the epoch>\n"
// so that tools/verifier can rebuild it without any hub code.
#ifndef HUB_AUDIT_INTERNAL_SIGNER_H_
#define HUB_AUDIT_INTERNAL_SIGNER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace hub {
namespace internal {

std::string CheckpointText(uint64_t tree_size, absl::string_view root,
                           int64_t time_micros);

class Signer {
 public:
  // Loads the PEM (PKCS#8) Ed25519 private key at path, or, when no file is
  // there, generates one and writes it (mode 0600) with the public key
  // beside it at path + ".pub". kInvalidArgument when the file holds
  // something else; kUnavailable when it cannot be read or written.
  static absl::StatusOr<std::unique_ptr<Signer>> LoadOrCreate(
      const std::string& path);
  // A fresh key kept only in memory (tests, servers without a key file).
  static absl::StatusOr<std::unique_ptr<Signer>> Generate();
  ~Signer();

  // The 64-byte Ed25519 signature of message.
  absl::StatusOr<std::string> Sign(absl::string_view message) const;
  // SubjectPublicKeyInfo PEM of the public key.
  const std::string& public_key_pem() const { return public_key_pem_; }
  // Lower-case hex of the first 8 bytes of SHA-256 of the raw public key.
  const std::string& key_id() const { return key_id_; }

 private:
  explicit Signer(EVP_PKEY* key);
  absl::Status Init();

  EVP_PKEY* key_;  // owned
  std::string public_key_pem_;
  std::string key_id_;
};

// OK when signature is public_key_pem's Ed25519 signature of message;
// kFailedPrecondition when it is not; kInvalidArgument for a bad key.
absl::Status VerifySignature(absl::string_view public_key_pem,
                             absl::string_view message,
                             absl::string_view signature);

}  // namespace internal
}  // namespace hub

#endif  // HUB_AUDIT_INTERNAL_SIGNER_H_
