// AccessPolicy: the grants of each role, and the checks of one target.
#include "hub/access/access_policy.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "hub/access/internal/refusal.h"
#include "hub/model/errors.h"

namespace hub {
namespace access {
namespace {

using internal::Denied;
using internal::Outside;

bool IsPublic(Action action) {
  return action == Action::kReadCheckpoint ||
         action == Action::kProveInclusion ||
         action == Action::kProveConsistency;
}

// The grants table: deny by default.
bool Grants(Role role, Action action) {
  if (IsPublic(action)) return true;
  switch (action) {
    case Action::kOperate:
      return role == Role::kOperator;
    case Action::kSubmit:
      return role == Role::kDepartment || role == Role::kReformOffice;
    case Action::kReadRecords:
    case Action::kReadCatalog:
      return role != Role::kOperator;
    case Action::kReadLog:
      return role == Role::kDepartment || role == Role::kReformOffice ||
             role == Role::kAuditor;
    case Action::kVerifyChain:
    case Action::kRebuild:
      return role == Role::kAuditor || role == Role::kReformOffice;
    case Action::kEditCatalog:
    case Action::kListConflicts:
    case Action::kResolve:
    case Action::kApprovePeriod:
    case Action::kLockPeriod:
    case Action::kUnlockPeriod:
    case Action::kListLocks:
      return role == Role::kReformOffice;
    default:
      return false;
  }
}

// Why a role lacks an action.
const char* RoleLimit(Role role, Action action) {
  if (role == Role::kOperator && action != Action::kOperate) {
    return "an operator runs the server and reads or writes no data";
  }
  switch (action) {
    case Action::kSubmit:
      return "only departments and the reform office submit data";
    case Action::kReadLog:
      return "the change log is read by auditors, the reform office and "
             "departments (their own events)";
    case Action::kVerifyChain:
    case Action::kRebuild:
      return "only auditors and the reform office do this";
    case Action::kOperate:
      return "the admin service is for operators (operator@<region>)";
    default:
      return "only the reform office does this";
  }
}

bool IsRegionCode(absl::string_view code) {
  if (code.size() != 6) return false;
  for (char c : code) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

namespace internal {

absl::Status Denied(const Principal& principal, Action action,
                    absl::string_view field, absl::string_view object,
                    absl::string_view why) {
  return absl::PermissionDeniedError(
      absl::StrCat(field, field.empty() ? "" : ": ", principal.ToString(), " (",
                   RoleName(principal.role), ") may not ", ActionName(action),
                   object.empty() ? "" : " ", object, ": ", why));
}

std::string Outside(const Principal& principal) {
  return absl::StrCat("outside its jurisdiction ", principal.region);
}

bool Overlaps(const Catalog& catalog, absl::string_view a,
              absl::string_view b) {
  return catalog.InSubtree(a, b) || catalog.InSubtree(b, a);
}

}  // namespace internal

const char* ActionName(Action action) {
  switch (action) {
    case Action::kSubmit:
      return "submit data";
    case Action::kReadRecords:
      return "read records";
    case Action::kReadCatalog:
      return "read the catalog";
    case Action::kEditCatalog:
      return "change the catalog";
    case Action::kReadLog:
      return "read the change log";
    case Action::kVerifyChain:
      return "verify the hash chain";
    case Action::kRebuild:
      return "rebuild the records";
    case Action::kReadCheckpoint:
      return "read checkpoints";
    case Action::kProveInclusion:
      return "prove inclusion";
    case Action::kProveConsistency:
      return "prove consistency";
    case Action::kListConflicts:
      return "list conflicts";
    case Action::kResolve:
      return "resolve conflicts";
    case Action::kApprovePeriod:
      return "approve periods";
    case Action::kLockPeriod:
      return "lock periods";
    case Action::kUnlockPeriod:
      return "unlock periods";
    case Action::kListLocks:
      return "list locks";
    case Action::kOperate:
      return "operate the server";
  }
  return "act";
}

bool AccessPolicy::InJurisdiction(const Principal& principal,
                                  absl::string_view region) const {
  return catalog_.InSubtree(region, principal.region);
}

absl::Status AccessPolicy::Check(const Principal& principal, Action action,
                                 const Target& target) const {
  if (!Grants(principal.role, action)) {
    return Denied(principal, action, "", "", RoleLimit(principal.role, action));
  }
  if (IsPublic(action) || action == Action::kOperate) return absl::OkStatus();
  if (catalog_.FindRegion(principal.region) == nullptr) {
    return Denied(principal, action, "", "",
                  absl::StrCat("its jurisdiction ", principal.region,
                               " is not a region of the catalog"));
  }
  const bool own_data_only =
      action == Action::kSubmit || principal.role == Role::kDepartment;
  if (!target.department.empty() && own_data_only &&
      target.department != principal.department) {
    return Denied(principal, action, target.field,
                  absl::StrCat("of ", target.department),
                  principal.role == Role::kDepartment
                      ? "a department writes and reads only its own data"
                      : "the reform office submits only as reform_office");
  }
  if (target.region.empty()) return absl::OkStatus();
  if (catalog_.FindRegion(target.region) == nullptr) {
    return InvalidArgumentWithViolations(
        "unknown region",
        {{target.field,
          IsRegionCode(target.region)
              ? absl::StrCat("unknown region \"", target.region, "\"")
              : absl::StrCat("\"", target.region,
                             "\" is not a six-digit GB/T 2260 code")}});
  }
  if (!InJurisdiction(principal, target.region)) {
    return Denied(principal, action, target.field,
                  absl::StrCat("in ", target.region), Outside(principal));
  }
  return absl::OkStatus();
}

absl::Status AccessPolicy::CheckSubmission(
    const Principal& principal, const v1::Submission& submission) const {
  absl::Status s = Check(principal, Action::kSubmit,
                         Target::DataOf(submission.department(), "department"));
  if (!s.ok()) return s;
  for (int i = 0; i < submission.items_size(); ++i) {
    const v1::SubmissionItem& item = submission.items(i);
    const bool indicator = item.has_indicator_value();
    const std::string& region = indicator ? item.indicator_value().region_code()
                                          : item.task_progress().region_code();
    if (catalog_.FindRegion(region) != nullptr &&
        !InJurisdiction(principal, region)) {
      return Denied(
          principal, Action::kSubmit,
          absl::StrCat("items[", i, "].",
                       indicator ? "indicator_value" : "task_progress",
                       ".region_code"),
          absl::StrCat("in ", region), Outside(principal));
    }
  }
  const std::string& scope = submission.replace_scope().region_code();
  if (submission.has_replace_scope() && catalog_.FindRegion(scope) != nullptr &&
      !InJurisdiction(principal, scope)) {
    return Denied(principal, Action::kSubmit, "replace_scope.region_code",
                  absl::StrCat("in ", scope), Outside(principal));
  }
  return absl::OkStatus();
}

}  // namespace access
}  // namespace hub
