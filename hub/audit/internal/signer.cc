#include "hub/audit/internal/signer.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "hub/common/file_util.h"
#include "hub/model/model.h"

namespace hub {
namespace internal {
namespace {

struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct CtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using CtxPtr = std::unique_ptr<EVP_MD_CTX, CtxDeleter>;

std::string BioContents(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(n));
}

absl::Status WriteFile(const std::string& path, const std::string& text,
                       mode_t mode) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return absl::UnavailableError(absl::StrCat("cannot write ", path));
  chmod(path.c_str(), mode);
  return absl::OkStatus();
}

}  // namespace

std::string CheckpointText(uint64_t tree_size, absl::string_view root,
                           int64_t time_micros) {
  return absl::StrCat("reform-hub checkpoint v1\nsize ", tree_size, "\nroot ",
                      ToHex(root), "\ntime ", time_micros, "\n");
}

Signer::Signer(EVP_PKEY* key) : key_(key) {}
Signer::~Signer() { EVP_PKEY_free(key_); }

absl::Status Signer::Init() {
  if (EVP_PKEY_get_id(key_) != EVP_PKEY_ED25519) {
    return absl::InvalidArgumentError("checkpoint key is not an Ed25519 key");
  }
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_PUBKEY(bio.get(), key_) != 1) {
    return absl::InternalError("cannot encode the public key");
  }
  public_key_pem_ = BioContents(bio.get());
  std::string raw(32, '\0');
  size_t len = raw.size();
  if (EVP_PKEY_get_raw_public_key(
          key_, reinterpret_cast<unsigned char*>(raw.data()), &len) != 1) {
    return absl::InternalError("cannot read the raw public key");
  }
  key_id_ = ToHex(Sha256(raw).substr(0, 8));
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Signer>> Signer::Generate() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (key == nullptr)
    return absl::InternalError("Ed25519 key generation failed");
  std::unique_ptr<Signer> signer(new Signer(key));
  absl::Status s = signer->Init();
  if (!s.ok()) return s;
  return signer;
}

absl::StatusOr<std::unique_ptr<Signer>> Signer::LoadOrCreate(
    const std::string& path) {
  if (!std::filesystem::exists(path)) {
    auto signer = Generate();
    if (!signer.ok()) return signer.status();
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_PrivateKey(bio.get(), (*signer)->key_, nullptr, nullptr,
                                 0, nullptr, nullptr) != 1) {
      return absl::InternalError("cannot encode the private key");
    }
    absl::Status s = WriteFile(path, BioContents(bio.get()), 0600);
    if (s.ok()) s = WriteFile(path + ".pub", (*signer)->public_key_pem(), 0644);
    if (!s.ok()) return s;
    return signer;
  }
  auto pem = ReadFileToString(path);
  if (!pem.ok()) return absl::UnavailableError(pem.status().message());
  BioPtr bio(BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size())));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (key == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " holds no PEM private key"));
  }
  std::unique_ptr<Signer> signer(new Signer(key));
  absl::Status s = signer->Init();
  if (!s.ok()) return s;
  if (!std::filesystem::exists(path + ".pub")) {
    s = WriteFile(path + ".pub", signer->public_key_pem(), 0644);
    if (!s.ok()) return s;
  }
  return signer;
}

absl::StatusOr<std::string> Signer::Sign(absl::string_view message) const {
  CtxPtr ctx(EVP_MD_CTX_new());
  std::string sig(64, '\0');
  size_t len = sig.size();
  if (EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()),
                     &len,
                     reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1) {
    return absl::InternalError("Ed25519 signing failed");
  }
  sig.resize(len);
  return sig;
}

absl::Status VerifySignature(absl::string_view public_key_pem,
                             absl::string_view message,
                             absl::string_view signature) {
  BioPtr bio(BIO_new_mem_buf(public_key_pem.data(),
                             static_cast<int>(public_key_pem.size())));
  EVP_PKEY* key = PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
  if (key == nullptr) return absl::InvalidArgumentError("not a PEM public key");
  CtxPtr ctx(EVP_MD_CTX_new());
  int ok = EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) == 1
               ? EVP_DigestVerify(
                     ctx.get(),
                     reinterpret_cast<const unsigned char*>(signature.data()),
                     signature.size(),
                     reinterpret_cast<const unsigned char*>(message.data()),
                     message.size())
               : -1;
  EVP_PKEY_free(key);
  if (ok != 1) {
    return absl::FailedPreconditionError("signature does not verify");
  }
  return absl::OkStatus();
}

}  // namespace internal
}  // namespace hub
