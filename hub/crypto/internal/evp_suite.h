// Internal to hub/crypto: a LogCrypto over an OpenSSL 3 digest and key
// type, through the EVP interface. The suites of log_crypto.cc are two
// specs of it.
#ifndef HUB_CRYPTO_INTERNAL_EVP_SUITE_H_
#define HUB_CRYPTO_INTERNAL_EVP_SUITE_H_

#include <memory>
#include <string>

#include "hub/crypto/log_crypto.h"

typedef struct evp_md_st EVP_MD;

namespace hub {
namespace internal {

struct EvpSuiteSpec {
  const char* name;
  const char* hash_name;
  const char* signature_name;
  const char* description;
  const char* digest;    // OpenSSL digest: "SHA256", "SM3"
  const char* key_type;  // OpenSSL key type: "ED25519", "SM2"
  // Signatures hash the message with this digest and, when signer_id is
  // set, the signer's identity (SM2's Z value). nullptr: the algorithm
  // signs the message itself (Ed25519).
  const char* signature_digest;
  const char* signer_id;
};

class EvpSuite final : public LogCrypto {
 public:
  // spec's strings are borrowed and must be static. Aborts when OpenSSL
  // lacks the digest: a build without it must not start.
  explicit EvpSuite(const EvpSuiteSpec& spec);
  ~EvpSuite() override;

  const char* Name() const override { return spec_.name; }
  const char* HashName() const override { return spec_.hash_name; }
  const char* SignatureName() const override { return spec_.signature_name; }
  const char* Description() const override { return spec_.description; }
  std::string Hash(
      std::initializer_list<absl::string_view> parts) const override;
  using LogCrypto::Hash;
  absl::StatusOr<std::unique_ptr<SigningKey>> GenerateKey() const override;
  absl::StatusOr<std::unique_ptr<SigningKey>> ParsePrivateKey(
      absl::string_view pem) const override;
  absl::Status Verify(absl::string_view public_key_pem,
                      absl::string_view message,
                      absl::string_view signature) const override;

  const EvpSuiteSpec& spec() const { return spec_; }

 private:
  const EvpSuiteSpec spec_;
  EVP_MD* md_;  // owned; fetched once
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_CRYPTO_INTERNAL_EVP_SUITE_H_
