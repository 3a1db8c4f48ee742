// LogCrypto: the algorithms of one verifiable change log, chosen once per
// hub (crypto agility after RocksDB's named plug-ins).
//
// A suite fixes two things:
//  * the hash H of the log's hash chain and of its Merkle tree, with the
//    prefixes of RFC 6962 section 2.1: leaf = H(0x00 || data), interior
//    node = H(0x01 || left || right), empty tree = H(""); chain link =
//    H(prev_hash || event bytes) (hub/log/change_log.h);
//  * the signature of the log's checkpoints (hub/audit).
//
// Two suites ship, both through OpenSSL 3's EVP interface:
//   "sha256-ed25519"  SHA-256 and Ed25519 (RFC 8032): the default; the
//                     Merkle tree is RFC 6962's own, so its tooling applies.
//   "sm3-sm2"         SM3 (GB/T 32905-2016) and SM2 signatures with SM3
//                     (GB/T 32918.2-2016), signer ID "1234567812345678"
//                     (the default ID of GB/T 35276-2017): the commercial
//                     cryptography GB/T 39786-2021 expects of government
//                     systems.
// Both hashes are 32 bytes (kLogHashSize).
//
// A suite's Name() is recorded once per hub in the store (the log's
// metadata, hub/log/change_log.h) and in every checkpoint. A name never
// changes meaning: another algorithm is another suite with another name.
// A hub never mixes suites within one log.
//
// Thread safety: suites are immutable process-wide singletons and every
// method may be called concurrently; so may a SigningKey's. Nothing throws.
#ifndef HUB_CRYPTO_LOG_CRYPTO_H_
#define HUB_CRYPTO_LOG_CRYPTO_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hub {

inline constexpr size_t kLogHashSize = 32;

// A suite's checkpoint private key. Created by LogCrypto::GenerateKey() or
// ParsePrivateKey(); immutable.
class SigningKey {
 public:
  virtual ~SigningKey() = default;

  // The signature of message: Ed25519's 64 bytes, or SM2's DER-encoded
  // (r, s) of at most 72 bytes. kInternal only if OpenSSL fails.
  virtual absl::StatusOr<std::string> Sign(absl::string_view message) const = 0;
  // PKCS#8 PEM of the private key, to keep it in a file (mode 0600).
  virtual absl::StatusOr<std::string> PrivateKeyPem() const = 0;
  // SubjectPublicKeyInfo PEM of the public key (what verifiers pin).
  virtual const std::string& public_key_pem() const = 0;
  // Lower-case hex of the first 8 bytes of the suite's hash of the encoded
  // public key (Ed25519: its 32 raw bytes; SM2: the 65-byte uncompressed
  // point 04 || x || y).
  virtual const std::string& key_id() const = 0;
};

class LogCrypto {
 public:
  virtual ~LogCrypto() = default;

  // Stable name, recorded in the store and every checkpoint.
  virtual const char* Name() const = 0;
  virtual const char* HashName() const = 0;       // "sha256", "sm3"
  virtual const char* SignatureName() const = 0;  // "ed25519", "sm2"
  // One line for people, e.g. "SM3 hash, SM2 signatures (signer ID ...)".
  virtual const char* Description() const = 0;

  // H(parts[0] || parts[1] || ...), kLogHashSize bytes.
  virtual std::string Hash(
      std::initializer_list<absl::string_view> parts) const = 0;
  std::string Hash(absl::string_view data) const { return Hash({data}); }

  // RFC 6962 section 2.1, with this suite's hash.
  std::string LeafHash(absl::string_view leaf_data) const;
  std::string NodeHash(absl::string_view left, absl::string_view right) const;
  std::string EmptyTreeHash() const { return Hash({}); }
  // The change log's link: H(prev_hash || content).
  std::string ChainHash(absl::string_view prev_hash,
                        absl::string_view content) const {
    return Hash({prev_hash, content});
  }

  // A fresh key of this suite's signature algorithm.
  virtual absl::StatusOr<std::unique_ptr<SigningKey>> GenerateKey() const = 0;
  // The PEM private key pem. kInvalidArgument when pem holds no private key
  // or one of another algorithm (the message names both).
  virtual absl::StatusOr<std::unique_ptr<SigningKey>> ParsePrivateKey(
      absl::string_view pem) const = 0;
  // OK when signature is public_key_pem's signature of message under this
  // suite; kFailedPrecondition when it is not; kInvalidArgument when
  // public_key_pem is no public key of this suite's algorithm.
  virtual absl::Status Verify(absl::string_view public_key_pem,
                              absl::string_view message,
                              absl::string_view signature) const = 0;
};

inline constexpr char kSha256Ed25519[] = "sha256-ed25519";
inline constexpr char kSm3Sm2[] = "sm3-sm2";

const LogCrypto& Sha256Ed25519();  // the default
const LogCrypto& Sm3Sm2();

// The suite named name; kNotFound naming the known suites otherwise.
absl::StatusOr<const LogCrypto*> FindLogCrypto(absl::string_view name);
std::vector<std::string> LogCryptoNames();

}  // namespace hub

#endif  // HUB_CRYPTO_LOG_CRYPTO_H_
