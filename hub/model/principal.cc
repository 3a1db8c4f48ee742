#include "hub/model/principal.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace hub {

const char* RoleName(Role role) {
  switch (role) {
    case Role::kDepartment:
      return "department";
    case Role::kReformOffice:
      return "reform office";
    case Role::kAnalyst:
      return "analyst";
    case Role::kAuditor:
      return "auditor";
    case Role::kOperator:
      return "operator";
  }
  return "unknown";
}

absl::StatusOr<Principal> Principal::Parse(absl::string_view text) {
  size_t at = text.find('@');
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(
        "principal \"", text, "\" is malformed: ", why,
        " (want <department|analyst|auditor|reform_office|operator>@<region "
        "code>)"));
  };
  if (text.size() > kMaxLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("principal is malformed: ", text.size(),
                     " bytes; at most ", kMaxLength));
  }
  if (at == absl::string_view::npos) return bad("missing '@'");
  absl::string_view name = text.substr(0, at);
  absl::string_view region = text.substr(at + 1);
  if (name.empty()) return bad("empty name");
  if (region.size() != 6) return bad("region must be a six-digit code");
  for (char c : region) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return bad("region must be a six-digit code");
    }
  }
  for (char c : name) {
    if (!absl::ascii_islower(static_cast<unsigned char>(c)) && c != '_' &&
        !absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return bad("name must be lower-case snake_case");
    }
  }
  Principal p;
  p.region = std::string(region);
  if (name == "analyst") {
    p.role = Role::kAnalyst;
  } else if (name == "auditor") {
    p.role = Role::kAuditor;
  } else if (name == "operator") {
    p.role = Role::kOperator;
  } else if (name == "reform_office") {
    p.role = Role::kReformOffice;
    p.department = "reform_office";
  } else {
    p.role = Role::kDepartment;
    p.department = std::string(name);
  }
  return p;
}

std::string Principal::ToString() const {
  switch (role) {
    case Role::kAnalyst:
      return absl::StrCat("analyst@", region);
    case Role::kAuditor:
      return absl::StrCat("auditor@", region);
    case Role::kOperator:
      return absl::StrCat("operator@", region);
    default:
      return absl::StrCat(department, "@", region);
  }
}

}  // namespace hub
