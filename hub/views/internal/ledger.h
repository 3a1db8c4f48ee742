// Internal to hub/views: the task ledger (任务台账) of a plan, and the
// laggards ranked from it (protos/hub/v1/views.proto, "ledger" and
// "laggards").
#ifndef HUB_VIEWS_INTERNAL_LEDGER_H_
#define HUB_VIEWS_INTERNAL_LEDGER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "hub/catalog/catalog.h"
#include "hub/v1/views.pb.h"
#include "hub/views/internal/record_cache.h"

namespace hub {
namespace views_internal {

// Compares task codes or numbers with runs of digits compared as numbers:
// "1.8" < "1.10", "c2" < "c10". Returns <0, 0 or >0.
int NaturalCompare(absl::string_view a, absl::string_view b);

struct OrderedTask {
  const v1::Task* task = nullptr;
  int depth = 0;
  bool has_children = false;
};

// Every task of plan in the plan's order: each task followed by its
// sub-tasks, siblings by NaturalCompare of their codes.
std::vector<OrderedTask> PlanOrder(const Catalog& catalog,
                                   const v1::Plan& plan);

// The period a ledger shows when the request names none (views.proto).
std::string DefaultLedgerPeriod(const v1::Plan& plan, absl::Time now);

// The row of one task as reported for period at region.
absl::StatusOr<v1::LedgerRow> LedgerRowFor(
    const Catalog& catalog, const OrderedTask& task, const std::string& region,
    const std::string& period, RecordCache* records, absl::Time now);

// The ledger rows (every task, in plan order) kept by request's filters:
// a task without sub-tasks when it passes them all, a task with sub-tasks
// when one of its descendants is kept (for context).
std::vector<const v1::LedgerRow*> FilterLedger(
    const std::vector<v1::LedgerRow>& rows, const v1::LedgerRequest& request);

// Counts over the tasks without sub-tasks.
v1::LedgerSummary Summarize(const std::vector<v1::LedgerRow>& rows);

// The laggards of a ledger (every row, unfiltered) and of the expected
// reports of the same plan up to its period (views.proto: "laggards").
v1::LaggardsResponse RankLaggards(
    const Catalog& catalog, const std::vector<v1::LedgerRow>& rows,
    const std::vector<v1::ExpectedReport>& reports, int limit);

}  // namespace views_internal
}  // namespace hub

#endif  // HUB_VIEWS_INTERNAL_LEDGER_H_
