// Internal to hub/views: the region tree as the views walk it.
#ifndef HUB_VIEWS_INTERNAL_REGIONS_H_
#define HUB_VIEWS_INTERNAL_REGIONS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "hub/catalog/catalog.h"

namespace hub {
namespace views_internal {

// The reporting units of an indicator in root's subtree: the regions of its
// report level (Indicator.report_level; counties when unspecified), sorted
// by code; root itself when it has none below it (it is a unit).
std::vector<std::string> Units(const Catalog& catalog, absl::string_view root,
                               const v1::Indicator& indicator);

// region and its ancestors up to and including root, nearest first; empty
// when region is not in root's subtree.
std::vector<std::string> AncestorsWithin(const Catalog& catalog,
                                         absl::string_view region,
                                         absl::string_view root);

// The regions of level in root's subtree (none below one of them), sorted by
// code; root alone when there are none (綦江区, a county, reports city-level
// figures for itself). Unspecified level means county.
std::vector<std::string> RegionsAtLevel(const Catalog& catalog,
                                        absl::string_view root,
                                        v1::RegionLevel level);

// The region's Chinese name, or its code when the catalog has none.
std::string RegionName(const Catalog& catalog, absl::string_view code);
std::string DepartmentName(const Catalog& catalog, absl::string_view code);

// "counties" or "cities" when every unit is one, else "regions".
std::string UnitWord(const Catalog& catalog,
                     const std::vector<std::string>& units);

}  // namespace views_internal
}  // namespace hub

#endif  // HUB_VIEWS_INTERNAL_REGIONS_H_
