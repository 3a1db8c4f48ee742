#include "hub/crypto/log_crypto.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "hub/crypto/internal/evp_suite.h"

namespace hub {
namespace {

constexpr internal::EvpSuiteSpec kSha256Ed25519Spec = {
    kSha256Ed25519,
    "sha256",
    "ed25519",
    "SHA-256 hash chain and RFC 6962 Merkle tree, Ed25519 signatures",
    "SHA256",
    "ED25519",
    /*signature_digest=*/nullptr,
    /*signer_id=*/nullptr,
};

// GB/T 32918.2-2016 signatures over SM3 with the signer's Z value; the ID is
// the default of GB/T 35276-2017 (and GM/T 0009-2012).
constexpr internal::EvpSuiteSpec kSm3Sm2Spec = {
    kSm3Sm2,
    "sm3",
    "sm2",
    "SM3 hash chain and Merkle tree per GB/T 32905, SM2 signatures per "
    "GB/T 32918 with signer ID 1234567812345678",
    "SM3",
    "SM2",
    /*signature_digest=*/"SM3",
    /*signer_id=*/"1234567812345678",
};

}  // namespace

std::string LogCrypto::LeafHash(absl::string_view leaf_data) const {
  return Hash({absl::string_view("\x00", 1), leaf_data});
}

std::string LogCrypto::NodeHash(absl::string_view left,
                                absl::string_view right) const {
  return Hash({absl::string_view("\x01", 1), left, right});
}

const LogCrypto& Sha256Ed25519() {
  static const auto* suite = new internal::EvpSuite(kSha256Ed25519Spec);
  return *suite;
}

const LogCrypto& Sm3Sm2() {
  static const auto* suite = new internal::EvpSuite(kSm3Sm2Spec);
  return *suite;
}

std::vector<std::string> LogCryptoNames() { return {kSha256Ed25519, kSm3Sm2}; }

absl::StatusOr<const LogCrypto*> FindLogCrypto(absl::string_view name) {
  if (name == kSha256Ed25519) return &Sha256Ed25519();
  if (name == kSm3Sm2) return &Sm3Sm2();
  return absl::NotFoundError(
      absl::StrCat("unknown log crypto \"", name,
                   "\"; known: ", absl::StrJoin(LogCryptoNames(), ", ")));
}

}  // namespace hub
