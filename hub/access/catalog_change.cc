// AccessPolicy::CheckCatalogChange: a catalog edit, entry by entry.
#include <set>

#include "absl/strings/str_cat.h"
#include "hub/access/access_policy.h"
#include "hub/access/internal/refusal.h"
#include "hub/model/model.h"

namespace hub {
namespace access {
namespace {

using internal::Denied;
using internal::Outside;

constexpr char kShared[] =
    "shared by every jurisdiction: only a reform office whose region is a "
    "root of the region tree (province level) changes it";

template <typename T>
bool Same(const T* a, const T& b) {
  return a != nullptr && DeterministicBytes(*a) == DeterministicBytes(b);
}

// The targets in one list and not the other, as bytes.
std::vector<const v1::Target*> ChangedTargets(const v1::Indicator* before,
                                              const v1::Indicator& after) {
  std::multiset<std::string> old_targets, new_targets;
  if (before != nullptr) {
    for (const auto& t : before->targets())
      old_targets.insert(DeterministicBytes(t));
  }
  for (const auto& t : after.targets())
    new_targets.insert(DeterministicBytes(t));
  std::vector<const v1::Target*> out;
  auto collect = [&](const auto& list,
                     const std::multiset<std::string>& other) {
    std::multiset<std::string> left = other;
    for (const v1::Target& t : list) {
      auto it = left.find(DeterministicBytes(t));
      if (it != left.end()) {
        left.erase(it);
      } else {
        out.push_back(&t);
      }
    }
  };
  if (before != nullptr) collect(before->targets(), new_targets);
  collect(after.targets(), old_targets);
  return out;
}

// Checks one catalog edit against current (in force) and next.
class ChangeChecker {
 public:
  ChangeChecker(const Principal& p, const Catalog& current, const Catalog& next)
      : p_(p), current_(current), next_(next) {
    const v1::Region* own = current.FindRegion(p.region);
    root_ = own != nullptr && own->parent_code().empty();
  }

  absl::Status Run() {
    for (const v1::Department& d : next_.proto().departments()) {
      if (Same(current_.FindDepartment(d.code()), d)) continue;
      if (!root_) return Refuse(Entry("departments", d.code()), "", kShared);
    }
    for (const v1::Region& r : next_.proto().regions()) {
      absl::Status s = CheckRegion(r);
      if (!s.ok()) return s;
    }
    for (const v1::Indicator& i : next_.proto().indicators()) {
      absl::Status s = CheckIndicator(i);
      if (!s.ok()) return s;
    }
    for (const v1::Plan& plan : next_.proto().plans()) {
      const v1::Plan* before = current_.FindPlan(plan.code());
      if (Same(before, plan)) continue;
      absl::Status s =
          Where(Entry("plans", plan.code()) + ".region_code",
                plan.region_code(), before ? before->region_code() : "");
      if (!s.ok()) return s;
    }
    for (const v1::Task& task : next_.proto().tasks()) {
      absl::Status s = CheckTask(task);
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  }

 private:
  static std::string Entry(absl::string_view kind, absl::string_view code) {
    return absl::StrCat(kind, "[", code, "]");
  }
  absl::Status Refuse(const std::string& field, absl::string_view object,
                      absl::string_view why) const {
    return Denied(p_, Action::kEditCatalog, field, object, why);
  }

  // An entry at region `after` (in next) that was at `before` (in current;
  // empty when new) must be in the jurisdiction at both places.
  absl::Status Where(const std::string& field, const std::string& after,
                     const std::string& before) const {
    if (!next_.InSubtree(after, p_.region)) {
      return Refuse(field, absl::StrCat("in ", after), Outside(p_));
    }
    if (!before.empty() && !current_.InSubtree(before, p_.region)) {
      return Refuse(field, absl::StrCat("in ", before), Outside(p_));
    }
    return absl::OkStatus();
  }

  absl::Status CheckRegion(const v1::Region& r) const {
    const v1::Region* before = current_.FindRegion(r.code());
    if (Same(before, r)) return absl::OkStatus();
    const std::string field = Entry("regions", r.code());
    if (r.parent_code().empty() && r.code() != p_.region) {
      return Refuse(field, absl::StrCat("in ", r.code()),
                    absl::StrCat("a new root region is ", kShared));
    }
    if (before != nullptr && before->parent_code() != r.parent_code()) {
      // Re-parenting changes the region's old place and its new one.
      return Where(
          field + ".parent_code",
          r.parent_code().empty() ? r.code() : r.parent_code(),
          before->parent_code().empty() ? r.code() : before->parent_code());
    }
    return Where(field, r.code(), before ? r.code() : "");
  }

  // The definition is shared; each target belongs to its region.
  absl::Status CheckIndicator(const v1::Indicator& ind) const {
    const v1::Indicator* before = current_.FindIndicator(ind.code());
    if (Same(before, ind)) return absl::OkStatus();
    const std::string field = Entry("indicators", ind.code());
    v1::Indicator old_def = before ? *before : v1::Indicator();
    v1::Indicator new_def = ind;
    old_def.clear_targets();
    new_def.clear_targets();
    if ((before == nullptr || !Same(&old_def, new_def)) && !root_) {
      return Refuse(field, "",
                    absl::StrCat("an indicator definition is ", kShared));
    }
    for (const v1::Target* t : ChangedTargets(before, ind)) {
      if (t->region_code().empty()) {
        if (root_) continue;
        return Refuse(field + ".targets", "",
                      absl::StrCat("a target without a region is ", kShared));
      }
      if (!next_.InSubtree(t->region_code(), p_.region) &&
          !current_.InSubtree(t->region_code(), p_.region)) {
        return Refuse(field + ".targets", absl::StrCat("in ", t->region_code()),
                      Outside(p_));
      }
    }
    return absl::OkStatus();
  }

  absl::Status CheckTask(const v1::Task& task) const {
    const v1::Task* before = current_.FindTask(task.code());
    if (Same(before, task)) return absl::OkStatus();
    const std::string field = Entry("tasks", task.code());
    absl::Status s = Where(field + ".region_code", task.region_code(),
                           before ? before->region_code() : "");
    if (!s.ok()) return s;
    const v1::Plan* plan = next_.FindPlan(task.plan_code());
    if (plan != nullptr && !next_.InSubtree(plan->region_code(), p_.region)) {
      return Refuse(field + ".plan_code",
                    absl::StrCat("in ", plan->region_code()), Outside(p_));
    }
    return absl::OkStatus();
  }

  const Principal& p_;
  const Catalog& current_;
  const Catalog& next_;
  bool root_ = false;
};

}  // namespace

absl::Status AccessPolicy::CheckCatalogEditor(
    const Principal& principal) const {
  if (principal.role == Role::kReformOffice &&
      catalog_.proto().regions().empty()) {
    return absl::OkStatus();  // the setup: see CheckCatalogChange
  }
  return Check(principal, Action::kEditCatalog);
}

absl::Status AccessPolicy::CheckCatalogChange(const Principal& principal,
                                              const Catalog& next) const {
  if (principal.role != Role::kReformOffice) {
    return Check(principal, Action::kEditCatalog);
  }
  if (catalog_.proto().regions().empty()) {
    // The hub's setup: the first catalog, loaded whole.
    if (next.FindRegion(principal.region) != nullptr) return absl::OkStatus();
    return Denied(principal, Action::kEditCatalog, "", "",
                  absl::StrCat("the first catalog must contain its region ",
                               principal.region));
  }
  absl::Status s = Check(principal, Action::kEditCatalog);
  if (!s.ok()) return s;
  return ChangeChecker(principal, catalog_, next).Run();
}

}  // namespace access
}  // namespace hub
