// ReconcileRule: a named, versioned plug-in that merges the departments'
// current contributions to one record into the merged value and state.
//
// Contract (after RocksDB's MergeOperator):
//  * Merge() is a pure function of its inputs: the same context and
//    contributions always give the same output, byte for byte. It must not
//    read clocks, environment or global state; the log is replayed through it.
//  * Must be thread safe (const) and must not throw.
//  * Name() is stable and recorded on every merged record and change event;
//    bump Version() whenever the output for some input changes.
//  * Merge() sees at least one contribution: the engine itself makes a
//    record whose last contribution was withdrawn MISSING, whatever its rule.
//  * The value rules name the contribution their value comes from
//    (MergeOutcome::value_department); version 2 of each does.
#ifndef HUB_RECONCILE_RULE_H_
#define HUB_RECONCILE_RULE_H_

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hub/v1/model.pb.h"

namespace hub {

struct MergeContext {
  const v1::Indicator* indicator = nullptr;  // set for indicator records
  const v1::Task* task = nullptr;            // set for task records
};

// The merge outcome for one record: the fields of MergedRecord the rule owns.
struct MergeOutcome {
  std::string value;  // merged value; empty when none
  // The department whose contribution value is (the engine copies that
  // contribution's components onto the record); empty when value is.
  std::string value_department;
  v1::TaskStatus status = v1::TASK_STATUS_UNSPECIFIED;
  v1::RecordState state = v1::RECORD_STATE_UNSPECIFIED;
  std::vector<v1::ConflictDetail> conflicts;
  std::string explanation;
};

class ReconcileRule {
 public:
  virtual ~ReconcileRule() = default;
  virtual const char* Name() const = 0;
  virtual int Version() const = 0;
  // REQUIRES: contributions non-empty (a record without contributions is
  // MISSING; the engine records that itself), sorted by department, at most
  // one per department.
  virtual MergeOutcome Merge(
      const MergeContext& context,
      const google::protobuf::RepeatedPtrField<v1::Contribution>& contributions)
      const = 0;
};

// Name -> factory. Registration is explicit, at start-up: the program's
// composition root (hubd's main) builds the registry, fails on any
// registration error, and hands it to the engine (HubOptions::rules).
// Filled once, then only read; reads may run concurrently.
class RuleRegistry {
 public:
  using Factory = std::function<std::unique_ptr<ReconcileRule>()>;

  // AlreadyExists if name is registered.
  absl::Status Register(absl::string_view name, Factory factory);
  // NotFound if name is not registered.
  absl::StatusOr<std::unique_ptr<ReconcileRule>> Create(
      absl::string_view name) const;
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, Factory, std::less<>> factories_;
};

// Registers the built-in rules: "authoritative_source", "must_agree",
// "latest_report", "task_status". AlreadyExists if any name is taken.
absl::Status RegisterBuiltinRules(RuleRegistry* registry);

// A new registry holding the built-in rules and nothing else.
absl::StatusOr<std::shared_ptr<const RuleRegistry>> NewBuiltinRuleRegistry();

}  // namespace hub

#endif  // HUB_RECONCILE_RULE_H_
