// libFuzzer target: catalog validation from raw bytes (a serialized
// hub.v1.Catalog, as UpdateCatalog receives it): Catalog::Build() and the
// access policy's check of it as an update of the seed catalog. Build never
// crashes, refuses with field violations, and a catalog it accepts builds again
// from its own proto.
#include <cstddef>
#include <cstdint>
#include <string>

#include "hub/access/access_policy.h"
#include "hub/catalog/catalog.h"
#include "hub/model/errors.h"
#include "hub/model/principal.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  hub::v1::Catalog proto;
  if (!proto.ParseFromArray(data, static_cast<int>(size))) return 0;
  auto built = hub::Catalog::Build(proto);
  if (!built.ok()) {
    HUB_FUZZ_CHECK(built.status().code() == absl::StatusCode::kInvalidArgument,
                   built.status().ToString());
    HUB_FUZZ_CHECK(!hub::GetFieldViolations(built.status()).empty(),
                   built.status().ToString());
  } else {
    auto again = hub::Catalog::Build((*built)->proto());
    HUB_FUZZ_CHECK(again.ok(), again.status().ToString());
  }
  // The same bytes as an update of the seed catalog (merged by code, as
  // UpdateCatalog does), checked entry by entry for two reform offices: a
  // province's and a district's of another province.
  const hub::Catalog& seed = hub::fuzz::SeedCatalog();
  auto next = hub::Catalog::Build(hub::Catalog::Merge(seed.proto(), proto));
  if (!next.ok()) return 0;
  const hub::access::AccessPolicy policy(seed);
  for (const char* who : {"reform_office@350000", "reform_office@500110"}) {
    auto principal = hub::Principal::Parse(who);
    HUB_FUZZ_CHECK(principal.ok(), who);
    absl::Status s = policy.CheckCatalogChange(*principal, **next);
    HUB_FUZZ_CHECK(s.ok() || s.code() == absl::StatusCode::kPermissionDenied ||
                       s.code() == absl::StatusCode::kInvalidArgument,
                   s.ToString());
  }
  return 0;
}
