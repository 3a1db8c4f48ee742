// Writes the binary seeds of the fuzz corpora (tests/fuzz/README.md): the
// seed catalog and each of its files as hub.v1.Catalog, and the demo year's
// submissions as "<principal>\n<hub.v1.Submission>".
//
//   make_seeds CATALOG_CORPUS_DIR SUBMISSION_CORPUS_DIR
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "tests/fuzz/fuzz_support.h"
#include "tools/demo/demo_data.h"

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  const hub::v1::Catalog& catalog = hub::fuzz::SeedCatalogProto();
  std::ofstream(absl::StrCat(argv[1], "/seed_catalog.pb"), std::ios::binary)
      << catalog.SerializeAsString();
  hub::v1::Catalog regions;
  *regions.mutable_regions() = catalog.regions();
  std::ofstream(absl::StrCat(argv[1], "/regions.pb"), std::ios::binary)
      << regions.SerializeAsString();
  int n = 0;
  for (const hub::DemoSubmission& d : hub::GenerateDemo(catalog)) {
    if (n % 7 == 0) {  // a sample of the year, of every department
      std::ofstream(absl::StrCat(argv[2], "/demo_", n, ".bin"),
                    std::ios::binary)
          << d.principal << "\n"
          << d.submission.SerializeAsString();
    }
    ++n;
  }
  return 0;
}
