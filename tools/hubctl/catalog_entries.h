// hubctl catalog show KIND CODE: one catalog entry, whole, as people read
// it: an indicator with its unit, formula, departments, rule, bounds and
// targets; a task with its plan, parent, departments, deadline, indicators
// and sub-tasks; a plan, a department, a region.
#ifndef HUB_TOOLS_HUBCTL_CATALOG_ENTRIES_H_
#define HUB_TOOLS_HUBCTL_CATALOG_ENTRIES_H_

#include <string>

#include "hub/v1/model.pb.h"
#include "tools/hubctl/i18n.h"

namespace hub {
namespace hubctl {

// Prints the entry of kind ("indicator", "task", "plan", "department",
// "region") with code to stdout, as text or (--json) a JSON line. Returns
// false, printing nothing, when catalog has no such entry.
bool ShowCatalogEntry(const v1::Catalog& catalog, const std::string& kind,
                      const std::string& code, const Names& names);

}  // namespace hubctl
}  // namespace hub

#endif  // HUB_TOOLS_HUBCTL_CATALOG_ENTRIES_H_
