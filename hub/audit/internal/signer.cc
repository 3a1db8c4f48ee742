#include "hub/audit/internal/signer.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "hub/common/file_util.h"
#include "hub/common/status_macros.h"
#include "hub/model/model.h"

namespace hub {
namespace internal {
namespace {

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

std::string CheckpointText(const LogCrypto& crypto, uint64_t tree_size,
                           absl::string_view root, int64_t time_micros) {
  std::string header = crypto.Name() == absl::string_view(kSha256Ed25519)
                           ? "reform-hub checkpoint v1\n"
                           : absl::StrCat("reform-hub checkpoint v2\nsuite ",
                                          crypto.Name(), "\n");
  return absl::StrCat(header, "size ", tree_size, "\nroot ", ToHex(root),
                      "\ntime ", time_micros, "\n");
}

absl::StatusOr<std::unique_ptr<SigningKey>> LoadOrCreateKey(
    const LogCrypto& crypto, const std::string& path) {
  if (!std::filesystem::exists(path)) {
    HUB_ASSIGN_OR_RETURN(std::unique_ptr<SigningKey> key, crypto.GenerateKey());
    HUB_ASSIGN_OR_RETURN(std::string pem, key->PrivateKeyPem());
    HUB_RETURN_IF_ERROR(WriteFile(path, pem, 0600));
    HUB_RETURN_IF_ERROR(WriteFile(path + ".pub", key->public_key_pem(), 0644));
    return key;
  }
  auto pem = ReadFileToString(path);
  if (!pem.ok()) return absl::UnavailableError(pem.status().message());
  absl::StatusOr<std::unique_ptr<SigningKey>> key =
      crypto.ParsePrivateKey(*pem);
  if (!key.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("checkpoint key ", path, " ", key.status().message()));
  }
  if (!std::filesystem::exists(path + ".pub")) {
    HUB_RETURN_IF_ERROR(
        WriteFile(path + ".pub", (*key)->public_key_pem(), 0644));
  }
  return key;
}

}  // namespace internal
}  // namespace hub
