// Principal: who is calling, as established by the transport (mutual-TLS
// certificate common name, or a header on a local demo server).
//
// Text form "<name>@<region>":
//   "medical_insurance@350400"  department role, writes its own data within
//                               region 350400's subtree
//   "reform_office@350400"      reform office: resolves, approves, edits the
//                               catalog, and may submit as reform_office
//   "analyst@350400"            reads merged records
//   "auditor@350000"            reads merged records and the change log
//   "operator@350000"           runs the hub: status, backups, metrics, the
//                               decision after a rollback (AdminService);
//                               reads and writes no data
//
// What each role may do, and where, is decided in one place:
// hub/access/access_policy.h.
#ifndef HUB_MODEL_PRINCIPAL_H_
#define HUB_MODEL_PRINCIPAL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hub {

enum class Role { kDepartment, kReformOffice, kAnalyst, kAuditor, kOperator };

struct Principal {
  static constexpr size_t kMaxLength = 80;

  Role role = Role::kAnalyst;
  std::string department;  // set for kDepartment and kReformOffice
  std::string region;      // jurisdiction root, GB/T 2260 code

  // Parses the text form (at most kMaxLength bytes); InvalidArgument names
  // what is wrong.
  static absl::StatusOr<Principal> Parse(absl::string_view text);
  std::string ToString() const;
};

const char* RoleName(Role role);

}  // namespace hub

#endif  // HUB_MODEL_PRINCIPAL_H_
