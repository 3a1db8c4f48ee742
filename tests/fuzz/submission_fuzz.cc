// libFuzzer target: a submission from raw bytes, as the hub takes it. The
// input's first line is the caller's principal text, the rest the
// serialized hub.v1.Submission. Principal parse, the access policy's
// check, validation against the seed catalog and the replace scope's; a
// refusal's record stays within its caps whatever the input.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "hub/access/access_policy.h"
#include "hub/crypto/log_crypto.h"
#include "hub/engine/internal/rejection.h"
#include "hub/engine/internal/replace_scope.h"
#include "hub/engine/internal/validator.h"
#include "hub/model/errors.h"
#include "hub/model/principal.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

// A fixed clock: 2026-12-01 09:00 UTC.
const absl::Time kNow = absl::FromUnixSeconds(1796115600);

void CheckRefusal(const hub::v1::Submission& s, const absl::Status& status) {
  HUB_FUZZ_CHECK(status.code() == absl::StatusCode::kInvalidArgument ||
                     status.code() == absl::StatusCode::kPermissionDenied,
                 status.ToString());
  HUB_FUZZ_CHECK(hub::ShortMessage(status).size() <= hub::kMaxWireMessage,
                 "wire message cap");
  hub::RefusalLimits limits;
  const std::string content = s.SerializeAsString();
  hub::v1::Rejection r = hub::internal::BoundedRejection(
      status, content, limits, hub::Sha256Ed25519());
  HUB_FUZZ_CHECK(r.fields_size() <= limits.fields, "violation cap");
  HUB_FUZZ_CHECK(r.content_size() == content.size(), "content size");
  HUB_FUZZ_CHECK(r.ByteSizeLong() <= 64 * 1024, "rejection record cap");
  std::string bytes;
  HUB_FUZZ_CHECK(r.SerializeToString(&bytes), "serializes");
  hub::v1::Rejection back;
  HUB_FUZZ_CHECK(back.ParseFromString(bytes), "rejection parses back");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const size_t nl = input.find('\n');
  if (nl == std::string::npos) return 0;
  auto principal = hub::Principal::Parse(input.substr(0, nl));
  if (!principal.ok()) {
    HUB_FUZZ_CHECK(
        principal.status().code() == absl::StatusCode::kInvalidArgument,
        principal.status().ToString());
    return 0;
  }
  HUB_FUZZ_CHECK(hub::Principal::Parse(principal->ToString()).ok(),
                 principal->ToString());
  hub::v1::Submission s;
  if (!s.ParseFromArray(input.data() + nl + 1,
                        static_cast<int>(input.size() - nl - 1))) {
    return 0;  // gRPC refuses it as INVALID_ARGUMENT (hub/server/malformed)
  }
  const hub::Catalog& catalog = hub::fuzz::SeedCatalog();
  absl::Status status =
      hub::access::AccessPolicy(catalog).CheckSubmission(*principal, s);
  if (status.ok()) {
    auto items = hub::internal::ValidateSubmission(catalog, s, kNow);
    status = items.status();
    if (items.ok()) {
      HUB_FUZZ_CHECK(items->size() == static_cast<size_t>(s.items_size()),
                     "one normalized item per item");
      status = hub::internal::ValidateReplaceScope(catalog, s);
    }
  }
  if (!status.ok()) CheckRefusal(s, status);
  return 0;
}
