#include "adapters/internal/coverage.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "adapters/internal/cells.h"

namespace hub {
namespace adapters {
namespace internal {

PartCoverage::PartCoverage(std::string indicator,
                           std::vector<std::string> parts)
    : indicator_(std::move(indicator)), parts_(std::move(parts)) {}

void PartCoverage::Saw(const std::string& region, const Period& month,
                       size_t part) {
  seen_[region][month] |= 1u << part;
}

std::vector<PartCoverage::Gap> PartCoverage::Gaps() const {
  const unsigned all = (1u << parts_.size()) - 1;
  std::vector<Gap> out;
  for (const auto& [region, months] : seen_) {
    Gap gap;
    gap.region = region;
    for (size_t p = 0; p < parts_.size(); ++p) {
      std::vector<std::string> lacking;
      for (const auto& [month, bits] : months) {
        if ((bits & (1u << p)) == 0) lacking.push_back(month.ToString());
      }
      if (!lacking.empty()) gap.missing.push_back({parts_[p], lacking});
    }
    bool complete = true;
    for (const auto& [month, bits] : months) complete &= bits == all;
    if (!complete) out.push_back(std::move(gap));
  }
  return out;
}

std::string PartCoverage::WarningText(const Gap& gap) const {
  const auto& names = Gbt2260Regions();
  auto name = names.find(gap.region);
  std::vector<std::string> lacks;
  for (const auto& [part, months] : gap.missing) {
    lacks.push_back(
        absl::StrCat("no rows of ", part, " in ", absl::StrJoin(months, ", ")));
  }
  return absl::StrCat(
      name == names.end() ? "" : absl::StrCat(name->second, " "), gap.region,
      ": ", indicator_, " not derived: ", absl::StrJoin(lacks, "; "),
      " (a share needs rows of both its parts in every month)");
}

}  // namespace internal
}  // namespace adapters
}  // namespace hub
