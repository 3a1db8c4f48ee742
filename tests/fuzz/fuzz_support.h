// Shared by the libFuzzer targets (tests/fuzz/README.md): the seed catalog
// of tools/catalog, read once, and a check that aborts (so libFuzzer
// reports a crash with its input) when an invariant fails.
#ifndef HUB_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define HUB_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <cstdio>
#include <cstdlib>
#include <string>

#include "hub/catalog/catalog.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace fuzz {

// The catalog in tools/catalog/*.json (the demo's), as loaded by hubctl.
const v1::Catalog& SeedCatalogProto();
// The same, built (Catalog::Build); aborts if it does not build.
const Catalog& SeedCatalog();

[[noreturn]] inline void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz invariant broken: %s: %s\n", what, detail.c_str());
  std::abort();
}

#define HUB_FUZZ_CHECK(cond, detail)                 \
  do {                                               \
    if (!(cond)) ::hub::fuzz::Fail(#cond, (detail)); \
  } while (0)

}  // namespace fuzz
}  // namespace hub

#endif  // HUB_TESTS_FUZZ_FUZZ_SUPPORT_H_
