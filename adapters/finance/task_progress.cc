// finance_task_progress: the finance bureau's words for task progress (its
// 台账 uses 执行状态).
#include "adapters/internal/task_progress.h"

#include "adapters/finance/finance.h"

namespace hub {
namespace adapters {

std::unique_ptr<Adapter> NewFinanceTaskProgressAdapter() {
  static const auto* words = new internal::WordTable{
      {"未开始", "TASK_STATUS_NOT_STARTED"},
      {"执行中", "TASK_STATUS_IN_PROGRESS"},
      {"已落实", "TASK_STATUS_COMPLETED"},
      {"已完成", "TASK_STATUS_COMPLETED"},
      {"存在困难", "TASK_STATUS_BLOCKED"},
  };
  return internal::NewTaskProgressAdapter(
      {"finance_task_progress", "finance", "执行状态", words});
}

}  // namespace adapters
}  // namespace hub
