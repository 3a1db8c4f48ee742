// Finance (财政局) adapter "finance_budget_execution": budget execution rows
// (hub.v1.adapters.BudgetExecutionRow) by government budget subject
// (政府收支分类科目). Subjects map to indicators through a table that depends
// on the fiscal year (budget_subjects.cc):
//   per-person subjects (2101202, 2100408) -> the subsidy standard in 元/人
//     for the budget year;
//   public-hospital subjects (21002xx)     -> executed amount, 万元 -> 元
//     exactly, summed into govt_spending_public_hospitals, year to date
//     through the reporting quarter;
//   subjects the hub does not track        -> accepted and left out.
#ifndef HUB_ADAPTERS_FINANCE_FINANCE_H_
#define HUB_ADAPTERS_FINANCE_FINANCE_H_

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "adapters/adapter.h"

namespace hub {
namespace adapters {

std::unique_ptr<Adapter> NewBudgetExecutionAdapter();
// "finance_task_progress": task progress rows with the bureau's status
// words (未开始, 执行中, 已落实, 已完成, 存在困难).
std::unique_ptr<Adapter> NewFinanceTaskProgressAdapter();

enum class SubjectUse { kPerPersonStandard, kSpending, kNotTracked };

struct BudgetSubject {
  SubjectUse use;
  std::string indicator;  // empty for kNotTracked
  std::string name;       // the subject's name in that year's classification
};

// The subject in fiscal year's classification; nullptr when it has none.
const BudgetSubject* FindBudgetSubject(absl::string_view code, int year);

}  // namespace adapters
}  // namespace hub

#endif  // HUB_ADAPTERS_FINANCE_FINANCE_H_
