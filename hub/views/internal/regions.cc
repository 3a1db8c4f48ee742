#include "hub/views/internal/regions.h"

#include <algorithm>

namespace hub {
namespace views_internal {

std::vector<std::string> Units(const Catalog& catalog, absl::string_view root,
                               const v1::Indicator& indicator) {
  return RegionsAtLevel(catalog, root, indicator.report_level());
}

std::vector<std::string> AncestorsWithin(const Catalog& catalog,
                                         absl::string_view region,
                                         absl::string_view root) {
  std::vector<std::string> out;
  if (!catalog.InSubtree(region, root)) return out;
  const v1::Region* r = catalog.FindRegion(region);
  while (r != nullptr) {
    out.push_back(r->code());
    if (r->code() == root) break;
    r = catalog.FindRegion(r->parent_code());
  }
  return out;
}

std::vector<std::string> RegionsAtLevel(const Catalog& catalog,
                                        absl::string_view root,
                                        v1::RegionLevel level) {
  if (level == v1::REGION_LEVEL_UNSPECIFIED) level = v1::REGION_LEVEL_COUNTY;
  std::vector<std::string> out;
  const v1::Region* r = catalog.FindRegion(root);
  if (r == nullptr) return out;
  if (r->level() == level || catalog.Children(root).empty()) {
    out.push_back(std::string(root));  // the usual case: a unit itself
    return out;
  }
  std::vector<absl::string_view> stack = {root};
  while (!stack.empty()) {
    absl::string_view code = stack.back();
    stack.pop_back();
    if (catalog.FindRegion(code)->level() == level) {
      out.emplace_back(code);
      continue;  // nothing below a unit is one
    }
    for (const std::string& c : catalog.Children(code)) stack.push_back(c);
  }
  std::sort(out.begin(), out.end());
  if (out.empty()) out.push_back(std::string(root));
  return out;
}

std::string RegionName(const Catalog& catalog, absl::string_view code) {
  const v1::Region* r = catalog.FindRegion(code);
  return r == nullptr || r->name().empty() ? std::string(code) : r->name();
}

std::string DepartmentName(const Catalog& catalog, absl::string_view code) {
  const v1::Department* d = catalog.FindDepartment(code);
  return d == nullptr || d->name().empty() ? std::string(code) : d->name();
}

std::string UnitWord(const Catalog& catalog,
                     const std::vector<std::string>& units) {
  v1::RegionLevel level = v1::REGION_LEVEL_UNSPECIFIED;
  for (const std::string& u : units) {
    const v1::Region* r = catalog.FindRegion(u);
    if (r == nullptr ||
        (level != v1::REGION_LEVEL_UNSPECIFIED && r->level() != level)) {
      return "regions";
    }
    level = r->level();
  }
  return level == v1::REGION_LEVEL_COUNTY ? "counties"
         : level == v1::REGION_LEVEL_CITY ? "cities"
                                          : "regions";
}

}  // namespace views_internal
}  // namespace hub
