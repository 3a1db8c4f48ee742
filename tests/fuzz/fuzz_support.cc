#include "tests/fuzz/fuzz_support.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "google/protobuf/util/json_util.h"

namespace hub {
namespace fuzz {

const v1::Catalog& SeedCatalogProto() {
  static const v1::Catalog* catalog = [] {
    std::vector<std::string> files;
    for (const auto& e :
         std::filesystem::directory_iterator(HUB_SOURCE_DIR "/tools/catalog")) {
      if (e.path().extension() == ".json") files.push_back(e.path().string());
    }
    std::sort(files.begin(), files.end());
    auto* all = new v1::Catalog;
    for (const std::string& f : files) {
      std::ifstream in(f);
      std::stringstream text;
      text << in.rdbuf();
      v1::Catalog part;
      if (!google::protobuf::util::JsonStringToMessage(text.str(), &part)
               .ok()) {
        Fail("seed catalog parses", f);
      }
      all->MergeFrom(part);
    }
    return all;
  }();
  return *catalog;
}

const Catalog& SeedCatalog() {
  static const Catalog* catalog = [] {
    auto built = Catalog::Build(SeedCatalogProto());
    if (!built.ok()) Fail("seed catalog builds", built.status().ToString());
    return built->release();
  }();
  return *catalog;
}

}  // namespace fuzz
}  // namespace hub
