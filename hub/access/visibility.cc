// AccessPolicy: what a principal may read of the log and of the catalog.
#include "hub/access/access_policy.h"
#include "hub/access/internal/refusal.h"

namespace hub {
namespace access {

using internal::Overlaps;

bool AccessPolicy::MayReadEvent(const Principal& principal,
                                const v1::ChangeEvent& event) const {
  EventParties parties;
  parties.actor = event.actor();
  parties.has_record_key = event.has_record_key();
  parties.record_region = event.record_key().region_code();
  parties.has_lock = event.has_lock();
  parties.lock_region = event.lock().region_code();
  return MayReadEvent(principal, parties);
}

bool AccessPolicy::MayReadEvent(const Principal& principal,
                                const EventParties& event) const {
  if (!Check(principal, Action::kReadLog).ok()) return false;
  absl::StatusOr<Principal> actor = Principal::Parse(event.actor);
  if (principal.role == Role::kDepartment &&
      (!actor.ok() || actor->role != Role::kDepartment ||
       actor->department != principal.department)) {
    return false;  // a department reads only its own events
  }
  if (event.has_record_key) {
    return InJurisdiction(principal, event.record_region);
  }
  if (event.has_lock) {
    // A lock of an ancestor covers the principal's records too.
    return Overlaps(catalog_, event.lock_region, principal.region);
  }
  // Submissions, refusals and catalog changes belong to whoever sent them.
  return actor.ok() && InJurisdiction(principal, actor->region);
}

v1::Catalog AccessPolicy::VisibleCatalog(const Principal& principal) const {
  v1::Catalog out;
  if (!Check(principal, Action::kReadCatalog).ok()) return out;
  const v1::Catalog& all = catalog_.proto();
  auto visible = [&](const std::string& region) {
    return Overlaps(catalog_, region, principal.region);
  };
  *out.mutable_departments() = all.departments();
  for (const v1::Region& r : all.regions()) {
    if (visible(r.code())) *out.add_regions() = r;
  }
  for (const v1::Indicator& i : all.indicators()) {
    v1::Indicator* copy = out.add_indicators();
    *copy = i;
    copy->clear_targets();
    for (const v1::Target& t : i.targets()) {
      if (t.region_code().empty() || visible(t.region_code())) {
        *copy->add_targets() = t;
      }
    }
  }
  for (const v1::Plan& p : all.plans()) {
    if (visible(p.region_code())) *out.add_plans() = p;
  }
  for (const v1::Task& t : all.tasks()) {
    if (visible(t.region_code())) *out.add_tasks() = t;
  }
  return out;
}

}  // namespace access
}  // namespace hub
