// Test-only: the reference model of reconciliation for the differential
// test. Integer values, maps, and the rules of DESIGN.md section 4 written
// out as plainly as possible; no code shared with the engine.
#ifndef HUB_ENGINE_INTERNAL_RECONCILE_MODEL_H_
#define HUB_ENGINE_INTERNAL_RECONCILE_MODEL_H_

#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace testing {

struct ModelRecord {
  std::string value;
  v1::RecordState state = v1::RECORD_STATE_UNSPECIFIED;
  bool resolved = false;
  std::map<std::string, std::string> contributions;  // department -> value
};

class ReconcileModel {
 public:
  // A replace scope: a region subtree of 三明 (350400 holds both counties)
  // and one indicator code, or every code when empty. Period is 2024.
  struct Scope {
    std::string region;
    std::string code;
  };
  using Key = std::pair<std::string, std::string>;  // code, region

  void AddIndicator(const std::string& code, const std::string& rule,
                    const std::string& owner, int tolerance) {
    rules_[code] = Rule{rule, owner, tolerance};
  }

  // Applies one accepted submission; returns the number of withdrawals.
  int Submit(const std::string& dept, const std::map<Key, std::string>& items,
             const std::optional<Scope>& scope) {
    ++step_;
    for (const auto& [key, text] : items) {
      Record& r = records_[key];
      auto it = r.by_dept.find(dept);
      if (it != r.by_dept.end() && it->second.text == text) continue;
      r.by_dept[dept] = Contribution{text, std::atoi(text.c_str()), step_};
      Reevaluate(key, &r);
    }
    if (!scope.has_value()) return 0;
    int withdrawn = 0;
    for (auto& [key, r] : records_) {
      bool in_scope =
          (scope->region == "350400" || scope->region == key.second) &&
          (scope->code.empty() || scope->code == key.first);
      if (!in_scope || items.count(key) > 0 || r.by_dept.count(dept) == 0) {
        continue;
      }
      r.by_dept.erase(dept);
      Reevaluate(key, &r);
      ++withdrawn;
      ++withdrawals_;
    }
    return withdrawn;
  }

  // The expected status of a resolution; applies it when OK.
  absl::StatusCode Resolve(const std::string& code, const std::string& region,
                           bool stale_etag, const std::string& chosen,
                           const std::string& value) {
    auto it = records_.find(Key(code, region));
    if (it == records_.end()) return absl::StatusCode::kNotFound;
    if (stale_etag) return absl::StatusCode::kAborted;
    Record& r = it->second;
    v1::RecordState state = Merge(it->first, r).state;
    if (state != v1::RECORD_STATE_CONFLICT &&
        state != v1::RECORD_STATE_RESOLVED) {
      return absl::StatusCode::kFailedPrecondition;
    }
    if (!chosen.empty() && r.by_dept.count(chosen) == 0) {
      return absl::StatusCode::kInvalidArgument;
    }
    ++step_;
    std::string text = chosen.empty() ? value : r.by_dept[chosen].text;
    r.resolution = Contribution{text, std::atoi(text.c_str()), step_};
    ++resolutions_;
    return absl::StatusCode::kOk;
  }

  std::optional<ModelRecord> Merged(const std::string& code,
                                    const std::string& region) const {
    auto it = records_.find(Key(code, region));
    if (it == records_.end()) return std::nullopt;
    return Merge(it->first, it->second);
  }

  int resolutions() const { return resolutions_; }
  int withdrawals() const { return withdrawals_; }
  int reopened() const { return reopened_; }

 private:
  struct Rule {
    std::string name;
    std::string owner;
    int tolerance = 0;
  };
  struct Contribution {
    std::string text;
    int value = 0;
    int step = 0;
  };
  struct Record {
    std::map<std::string, Contribution> by_dept;  // sorted by department
    std::optional<Contribution> resolution;
  };

  // The rule's outcome, ignoring any resolution.
  ModelRecord RuleOutcome(const Rule& rule, const Record& r) const {
    ModelRecord out;
    for (const auto& [dept, c] : r.by_dept) out.contributions[dept] = c.text;
    if (r.by_dept.empty()) {
      out.state = v1::RECORD_STATE_MISSING;
      return out;
    }
    std::string ref = r.by_dept.begin()->first;
    if (r.by_dept.count(rule.owner) > 0) ref = rule.owner;
    if (rule.name == "latest_report") {
      for (const auto& [dept, c] : r.by_dept) {
        if (c.step > r.by_dept.at(ref).step) ref = dept;
      }
    }
    bool disagree = false;
    for (const auto& [dept, c] : r.by_dept) {
      disagree |= std::abs(c.value - r.by_dept.at(ref).value) > rule.tolerance;
    }
    const bool one = r.by_dept.size() == 1;
    out.value = r.by_dept.at(ref).text;
    out.state = one ? v1::RECORD_STATE_SINGLE_SOURCE : v1::RECORD_STATE_AGREED;
    if (rule.name == "latest_report") {
      if (disagree) out.state = v1::RECORD_STATE_SINGLE_SOURCE;
    } else if (disagree) {
      out.state = v1::RECORD_STATE_CONFLICT;
      bool owner_wins = rule.name == "authoritative_source" &&
                        r.by_dept.count(rule.owner) > 0;
      if (!owner_wins) out.value = "";
    }
    return out;
  }

  // True while the resolution holds: the rule still reports a conflict and
  // nothing reported after it differs from it.
  bool ResolutionStands(const Rule& rule, const Record& r) const {
    if (RuleOutcome(rule, r).state != v1::RECORD_STATE_CONFLICT) return false;
    for (const auto& [dept, c] : r.by_dept) {
      if (c.step > r.resolution->step && c.value != r.resolution->value) {
        return false;
      }
    }
    return true;
  }

  ModelRecord Merge(const Key& key, const Record& r) const {
    const Rule& rule = rules_.at(key.first);
    ModelRecord out = RuleOutcome(rule, r);
    if (r.resolution.has_value()) {
      out.value = r.resolution->text;
      out.state = v1::RECORD_STATE_RESOLVED;
      out.resolved = true;
    }
    return out;
  }

  // After a change of r: a resolution that no longer stands is dropped.
  void Reevaluate(const Key& key, Record* r) {
    if (!r->resolution.has_value()) return;
    const Rule& rule = rules_.at(key.first);
    if (ResolutionStands(rule, *r)) return;
    r->resolution.reset();
    if (RuleOutcome(rule, *r).state == v1::RECORD_STATE_CONFLICT) ++reopened_;
  }

  std::map<std::string, Rule> rules_;
  std::map<Key, Record> records_;
  int step_ = 0;
  int resolutions_ = 0;
  int withdrawals_ = 0;
  int reopened_ = 0;
};

}  // namespace testing
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_RECONCILE_MODEL_H_
