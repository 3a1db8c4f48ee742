// Internal to hub/access: the one format of a refusal, shared by the policy's
// files.
#ifndef HUB_ACCESS_INTERNAL_REFUSAL_H_
#define HUB_ACCESS_INTERNAL_REFUSAL_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "hub/access/access_policy.h"

namespace hub {
namespace access {
namespace internal {

// PermissionDenied reading
//   "<field>: <principal> (<role>) may not <action>[ <object>]: <why>".
absl::Status Denied(const Principal& principal, Action action,
                    absl::string_view field, absl::string_view object,
                    absl::string_view why);

// "outside its jurisdiction 350400"
std::string Outside(const Principal& principal);

// True when one of the two regions lies in the other's subtree.
bool Overlaps(const Catalog& catalog, absl::string_view a, absl::string_view b);

}  // namespace internal
}  // namespace access
}  // namespace hub

#endif  // HUB_ACCESS_INTERNAL_REFUSAL_H_
