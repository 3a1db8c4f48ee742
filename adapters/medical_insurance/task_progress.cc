// medical_insurance_task_progress: the medical insurance bureau's words for
// task progress (its 台账 uses 办理状态).
#include "adapters/internal/task_progress.h"

#include "adapters/medical_insurance/medical_insurance.h"

namespace hub {
namespace adapters {

std::unique_ptr<Adapter> NewMedicalInsuranceTaskProgressAdapter() {
  static const auto* words = new internal::WordTable{
      {"未开展", "TASK_STATUS_NOT_STARTED"},
      {"正在推进", "TASK_STATUS_IN_PROGRESS"},
      {"已办结", "TASK_STATUS_COMPLETED"},
      {"暂缓", "TASK_STATUS_BLOCKED"},
  };
  return internal::NewTaskProgressAdapter({"medical_insurance_task_progress",
                                           "medical_insurance", "办理状态",
                                           words});
}

}  // namespace adapters
}  // namespace hub
