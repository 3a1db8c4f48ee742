// Internal to adapters/: the task progress adapter every department has. The
// row shape is shared (hub.v1.adapters.TaskProgressRow); what differs is the
// department, its status column's header and its status words, which each
// department folder supplies (e.g. health_commission/task_progress.cc).
#ifndef HUB_ADAPTERS_INTERNAL_TASK_PROGRESS_H_
#define HUB_ADAPTERS_INTERNAL_TASK_PROGRESS_H_

#include <memory>

#include "adapters/adapter.h"
#include "adapters/internal/cells.h"

namespace hub {
namespace adapters {
namespace internal {

struct TaskProgressSpec {
  const char* name;           // adapter name, e.g. "finance_task_progress"
  const char* department;     // e.g. "finance"
  const char* status_header;  // e.g. "执行状态"
  // The department's status words -> TaskStatus enum names
  // ("TASK_STATUS_IN_PROGRESS"). Must outlive the adapter.
  const WordTable* words;
};

std::unique_ptr<Adapter> NewTaskProgressAdapter(const TaskProgressSpec& spec);

}  // namespace internal
}  // namespace adapters
}  // namespace hub

#endif  // HUB_ADAPTERS_INTERNAL_TASK_PROGRESS_H_
