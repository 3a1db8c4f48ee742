// AccessPolicy: who may do what, and where (DESIGN.md section 6). The one
// place the hub decides it.
//
// The engine (hub/engine), the auditor (hub/audit) and the adapter services
// (hub/server) ask it before any expensive work: for a Principal (role,
// department, jurisdiction root), a typed Action and a Target (the
// department whose data it is, the region it is about, the catalog entries
// it changes, the log event it reads). Deny by default: what the table
// below does not grant is refused.
//
//   role           may
//   department     submit its own department's data for regions in its
//                  subtree; read records and the catalog; read its own
//                  events of the log
//   reform_office  submit as reform_office; read records, catalog and log;
//                  verify the chain; rebuild; list conflicts and locks;
//                  resolve, approve, lock, unlock; edit the catalog (below)
//   analyst        read records and the catalog
//   auditor        read records, catalog and log; verify the chain; rebuild
//   operator       operate the server (backups, metrics); no data
//   everyone       signed checkpoints; inclusion proofs (the event's bytes
//                  only when the caller may read the event: otherwise the
//                  proof shows presence only); consistency proofs
//
// Jurisdiction. A principal acts within the subtree of its region (the
// region and every region below it). Every region an action names must lie
// there; reads of the log see only the events of that subtree (a
// department's, only its own). The catalog a principal reads is its
// subtree's regions, plans and tasks plus those of its ancestors (whose
// plans apply to it), every department and indicator definition, and the
// targets set for those regions.
//
// Catalog edits are checked entry by entry against the catalog in force;
// an entry that does not change needs no right, so loading the same files
// again is always allowed. A reform office changes regions, plans, tasks
// and targets of its own subtree; re-parenting a region is a change at both
// places, so both must be in its subtree. Departments, indicator
// definitions and root regions are shared by every jurisdiction: only a
// reform office whose region is a root of the region tree (province level)
// changes them. The first catalog of an empty hub is its setup: a reform
// office whose region it contains may load it whole.
//
// Status codes, one per condition (checked in this order):
//   PermissionDenied  the role may not do the action at all; or the target
//                     is another department's data, lies outside the
//                     principal's jurisdiction, or the principal's own
//                     region is not in the catalog
//   InvalidArgument   a region the target names is malformed or not in the
//                     catalog (a BadRequest field violation names the field)
// Every refusal reads
//   "<field>: <principal> (<role>) may not <action>[ <object>]: <why>"
// with "<field>: " left out when no request field is at fault.
//
// Thread safety: an AccessPolicy is immutable; its methods may be called
// concurrently. It borrows the catalog it was made with.
#ifndef HUB_ACCESS_ACCESS_POLICY_H_
#define HUB_ACCESS_ACCESS_POLICY_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "hub/catalog/catalog.h"
#include "hub/model/principal.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace access {

enum class Action {
  kSubmit,            // write a department's data
  kReadRecords,       // merged records, their history and as-of versions
  kReadCatalog,       // the catalog (VisibleCatalog)
  kEditCatalog,       // (CheckCatalogChange)
  kReadLog,           // change events: list, replay (MayReadEvent per event)
  kVerifyChain,       // recompute the hash chain
  kRebuild,           // rebuild every record from the log
  kReadCheckpoint,    // signed tree heads: public
  kProveInclusion,    // public; the event's bytes need MayReadEvent
  kProveConsistency,  // public
  kListConflicts,
  kResolve,
  kApprovePeriod,
  kLockPeriod,
  kUnlockPeriod,
  kListLocks,
  kOperate,  // server operations (AdminService)
};

// Every action, for tables and tests.
inline constexpr Action kAllActions[] = {
    Action::kSubmit,           Action::kReadRecords,    Action::kReadCatalog,
    Action::kEditCatalog,      Action::kReadLog,        Action::kVerifyChain,
    Action::kRebuild,          Action::kReadCheckpoint, Action::kProveInclusion,
    Action::kProveConsistency, Action::kListConflicts,  Action::kResolve,
    Action::kApprovePeriod,    Action::kLockPeriod,     Action::kUnlockPeriod,
    Action::kListLocks,        Action::kOperate};

// What the action does, in words: "submit data", "read records", ...
const char* ActionName(Action action);

// What an action is about. Empty members are not part of it.
struct Target {
  // The region (with its subtree) the action is about; empty means the
  // principal's whole jurisdiction.
  std::string region;
  // Whose data (kSubmit): the department the data belongs to.
  std::string department;
  // The request field that names the region or department, for reasons
  // and field violations (e.g. "key.region_code").
  std::string field;

  static Target Region(std::string region, std::string field) {
    return Target{std::move(region), "", std::move(field)};
  }
  static Target DataOf(std::string department, std::string field) {
    return Target{"", std::move(department), std::move(field)};
  }
};

class AccessPolicy {
 public:
  // catalog is borrowed and must outlive the policy: the catalog in force
  // for the request being decided.
  explicit AccessPolicy(const Catalog& catalog) : catalog_(catalog) {}

  // OK when principal may do action on target; otherwise PermissionDenied
  // or InvalidArgument as the header comment says.
  absl::Status Check(const Principal& principal, Action action,
                     const Target& target = Target()) const;

  // kSubmit of submission: its department, every item's region and the
  // replace scope's. Regions not in the catalog are left to validation
  // (InvalidArgument naming each), so one refusal lists them all.
  absl::Status CheckSubmission(const Principal& principal,
                               const v1::Submission& submission) const;

  // kEditCatalog before the change is built: whether principal may change
  // the catalog at all (its role; its region, once the hub has a catalog).
  absl::Status CheckCatalogEditor(const Principal& principal) const;

  // kEditCatalog: the change from the policy's catalog (in force) to next,
  // entry by entry. PermissionDenied names the first entry refused (e.g.
  // "regions[350424].parent_code").
  absl::Status CheckCatalogChange(const Principal& principal,
                                  const Catalog& next) const;

  // True when principal may read event's content: kReadLog is granted and
  // the event lies in its jurisdiction (and, for a department, is its own).
  bool MayReadEvent(const Principal& principal,
                    const v1::ChangeEvent& event) const;
  // The same decision from the only parts of an event it looks at, for
  // readers that filter stored events on their headers without parsing
  // them (hub/log/event_header.h).
  struct EventParties {
    absl::string_view actor;
    bool has_record_key = false;
    absl::string_view record_region;  // record_key.region_code
    bool has_lock = false;
    absl::string_view lock_region;  // lock.region_code
  };
  bool MayReadEvent(const Principal& principal,
                    const EventParties& event) const;

  // True when region lies in principal's jurisdiction (false when either is
  // not in the catalog).
  bool InJurisdiction(const Principal& principal,
                      absl::string_view region) const;

  // The part of the catalog principal may read (see the header comment);
  // empty unless kReadCatalog is granted.
  v1::Catalog VisibleCatalog(const Principal& principal) const;

 private:
  const Catalog& catalog_;
};

}  // namespace access
}  // namespace hub

#endif  // HUB_ACCESS_ACCESS_POLICY_H_
