// task_status v1: a task is completed only when every lead department reports
// completed (the responsible departments when no lead is named); blocked when
// any contributor reports blocked; in progress once anyone has started.
// Progress texts stay on the contributions, one per department. Overdue is
// computed when read, since it depends on the clock.
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "hub/reconcile/rules_internal.h"

namespace hub {
namespace internal {
namespace {

using Contributions = google::protobuf::RepeatedPtrField<v1::Contribution>;

class TaskStatusRule : public ReconcileRule {
 public:
  const char* Name() const override { return "task_status"; }
  int Version() const override { return 1; }

  MergeOutcome Merge(const MergeContext& context,
                     const Contributions& contributions) const override {
    MergeOutcome out;
    const v1::Task& task = *context.task;
    const auto& leads = task.lead_departments().empty()
                            ? task.responsible_departments()
                            : task.lead_departments();
    std::set<std::string> completed, statuses;
    bool blocked = false, started = false;
    for (const v1::Contribution& c : contributions) {
      statuses.insert(v1::TaskStatus_Name(c.status()));
      if (c.status() == v1::TASK_STATUS_COMPLETED)
        completed.insert(c.department());
      if (c.status() == v1::TASK_STATUS_BLOCKED) blocked = true;
      if (c.status() == v1::TASK_STATUS_IN_PROGRESS ||
          c.status() == v1::TASK_STATUS_COMPLETED) {
        started = true;
      }
    }
    std::vector<std::string> pending;
    for (const std::string& lead : leads) {
      if (completed.count(lead) == 0) pending.push_back(lead);
    }
    if (blocked) {
      out.status = v1::TASK_STATUS_BLOCKED;
      out.explanation = "a department reports the task blocked";
    } else if (pending.empty() && !leads.empty()) {
      out.status = v1::TASK_STATUS_COMPLETED;
      out.explanation = "every lead department reports completed";
    } else if (started) {
      out.status = v1::TASK_STATUS_IN_PROGRESS;
      out.explanation = absl::StrCat("awaiting completion from ",
                                     absl::StrJoin(pending, ", "));
    } else {
      out.status = v1::TASK_STATUS_NOT_STARTED;
      out.explanation = "no department has started";
    }
    out.state = contributions.size() == 1 ? v1::RECORD_STATE_SINGLE_SOURCE
                                          : v1::RECORD_STATE_AGREED;
    return out;
  }
};

}  // namespace

std::unique_ptr<ReconcileRule> NewTaskStatusRule() {
  return std::make_unique<TaskStatusRule>();
}

}  // namespace internal
}  // namespace hub
