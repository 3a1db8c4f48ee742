// health_commission_task_progress: the health commission's words for task
// progress (its 台账 uses 进展状态).
#include "adapters/internal/task_progress.h"

#include "adapters/health_commission/health_commission.h"

namespace hub {
namespace adapters {

std::unique_ptr<Adapter> NewHealthCommissionTaskProgressAdapter() {
  static const auto* words = new internal::WordTable{
      {"未启动", "TASK_STATUS_NOT_STARTED"},
      {"推进中", "TASK_STATUS_IN_PROGRESS"},
      {"持续推进", "TASK_STATUS_IN_PROGRESS"},
      {"已完成", "TASK_STATUS_COMPLETED"},
      {"滞后", "TASK_STATUS_BLOCKED"},
  };
  return internal::NewTaskProgressAdapter({"health_commission_task_progress",
                                           "health_commission", "进展状态",
                                           words});
}

}  // namespace adapters
}  // namespace hub
