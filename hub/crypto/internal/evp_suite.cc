#include "hub/crypto/internal/evp_suite.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace hub {
namespace internal {
namespace {

struct Free {
  void operator()(BIO* b) const { BIO_free(b); }
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using BioPtr = std::unique_ptr<BIO, Free>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Free>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Free>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Free>;

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

BioPtr ReadBio(absl::string_view text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string BioContents(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(n));
}

// The OpenSSL name of key's type, for messages ("ED25519", "SM2", "RSA").
std::string KeyTypeName(EVP_PKEY* key) {
  const char* name = EVP_PKEY_get0_type_name(key);
  return name != nullptr ? name : "unknown";
}

// A digest-sign or digest-verify context over key, with the suite's
// digest and signer ID. *pctx keeps the key context alive (SM2's ID lives
// there); it must outlive the returned context.
MdCtxPtr SignatureContext(const EvpSuiteSpec& spec, EVP_PKEY* key, bool sign,
                          PkeyCtxPtr* pctx) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (ctx == nullptr) return nullptr;
  if (spec.signer_id != nullptr) {
    pctx->reset(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    if (*pctx == nullptr || EVP_PKEY_CTX_set1_id(pctx->get(), spec.signer_id,
                                                 strlen(spec.signer_id)) != 1) {
      return nullptr;
    }
    EVP_MD_CTX_set_pkey_ctx(ctx.get(), pctx->get());
  }
  int ok =
      sign ? EVP_DigestSignInit_ex(ctx.get(), nullptr, spec.signature_digest,
                                   nullptr, nullptr, key, nullptr)
           : EVP_DigestVerifyInit_ex(ctx.get(), nullptr, spec.signature_digest,
                                     nullptr, nullptr, key, nullptr);
  return ok == 1 ? std::move(ctx) : nullptr;
}

class EvpKey final : public SigningKey {
 public:
  EvpKey(const EvpSuite* suite, PkeyPtr key)
      : suite_(suite), key_(std::move(key)) {}

  absl::Status Init() {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_PUBKEY(bio.get(), key_.get()) != 1) {
      return absl::InternalError("cannot encode the public key");
    }
    public_key_pem_ = BioContents(bio.get());
    // Ed25519 has raw public keys; an EC key's encoding is its point.
    unsigned char raw[133];
    size_t len = sizeof raw;
    if (EVP_PKEY_get_raw_public_key(key_.get(), raw, &len) != 1 &&
        EVP_PKEY_get_octet_string_param(key_.get(),
                                        OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, raw,
                                        sizeof raw, &len) != 1) {
      return absl::InternalError("cannot read the encoded public key");
    }
    std::string digest = suite_->Hash(
        absl::string_view(reinterpret_cast<const char*>(raw), len));
    key_id_ = absl::BytesToHexString(digest.substr(0, 8));
    return absl::OkStatus();
  }

  absl::StatusOr<std::string> Sign(absl::string_view message) const override {
    PkeyCtxPtr pctx;
    MdCtxPtr ctx = SignatureContext(suite_->spec(), key_.get(), true, &pctx);
    std::string sig(static_cast<size_t>(EVP_PKEY_get_size(key_.get())), '\0');
    size_t len = sig.size();
    if (ctx == nullptr ||
        EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()),
                       &len, Bytes(message), message.size()) != 1) {
      return absl::InternalError(
          absl::StrCat(suite_->SignatureName(), " signing failed"));
    }
    sig.resize(len);
    return sig;
  }

  absl::StatusOr<std::string> PrivateKeyPem() const override {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0,
                                 nullptr, nullptr) != 1) {
      return absl::InternalError("cannot encode the private key");
    }
    return BioContents(bio.get());
  }

  const std::string& public_key_pem() const override { return public_key_pem_; }
  const std::string& key_id() const override { return key_id_; }

 private:
  const EvpSuite* const suite_;
  const PkeyPtr key_;
  std::string public_key_pem_;
  std::string key_id_;
};

absl::StatusOr<std::unique_ptr<SigningKey>> MakeKey(const EvpSuite* suite,
                                                    PkeyPtr key) {
  auto signer = std::make_unique<EvpKey>(suite, std::move(key));
  absl::Status s = signer->Init();
  if (!s.ok()) return s;
  return std::unique_ptr<SigningKey>(std::move(signer));
}

}  // namespace

EvpSuite::EvpSuite(const EvpSuiteSpec& spec)
    : spec_(spec), md_(EVP_MD_fetch(nullptr, spec.digest, nullptr)) {
  if (md_ == nullptr) {
    fprintf(stderr, "hub/crypto: OpenSSL has no %s digest\n", spec.digest);
    abort();
  }
}

EvpSuite::~EvpSuite() { EVP_MD_free(md_); }

std::string EvpSuite::Hash(
    std::initializer_list<absl::string_view> parts) const {
  // One context per thread, reinitialized for each digest.
  thread_local MdCtxPtr ctx(EVP_MD_CTX_new());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestInit_ex(ctx.get(), md_, nullptr);
  for (absl::string_view part : parts) {
    EVP_DigestUpdate(ctx.get(), part.data(), part.size());
  }
  EVP_DigestFinal_ex(ctx.get(), digest, &len);
  return std::string(reinterpret_cast<const char*>(digest), len);
}

absl::StatusOr<std::unique_ptr<SigningKey>> EvpSuite::GenerateKey() const {
  PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, spec_.key_type));
  if (key == nullptr) {
    return absl::InternalError(
        absl::StrCat(spec_.signature_name, " key generation failed"));
  }
  return MakeKey(this, std::move(key));
}

absl::StatusOr<std::unique_ptr<SigningKey>> EvpSuite::ParsePrivateKey(
    absl::string_view pem) const {
  BioPtr bio = ReadBio(pem);
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (key == nullptr) {
    return absl::InvalidArgumentError("holds no PEM private key");
  }
  if (!EVP_PKEY_is_a(key.get(), spec_.key_type)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "holds an ", KeyTypeName(key.get()), " key, but the log crypto ",
        spec_.name, " signs with ", spec_.key_type));
  }
  return MakeKey(this, std::move(key));
}

absl::Status EvpSuite::Verify(absl::string_view public_key_pem,
                              absl::string_view message,
                              absl::string_view signature) const {
  BioPtr bio = ReadBio(public_key_pem);
  PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (key == nullptr) return absl::InvalidArgumentError("not a PEM public key");
  if (!EVP_PKEY_is_a(key.get(), spec_.key_type)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the public key is an ", KeyTypeName(key.get()),
                     " key, but the log crypto ", spec_.name, " signs with ",
                     spec_.key_type));
  }
  PkeyCtxPtr pctx;
  MdCtxPtr ctx = SignatureContext(spec_, key.get(), false, &pctx);
  if (ctx == nullptr ||
      EVP_DigestVerify(ctx.get(), Bytes(signature), signature.size(),
                       Bytes(message), message.size()) != 1) {
    return absl::FailedPreconditionError(
        absl::StrCat(spec_.signature_name, " signature does not verify"));
  }
  return absl::OkStatus();
}

}  // namespace internal
}  // namespace hub
