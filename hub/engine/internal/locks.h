// Approval and locking of a (region, period), stored in Column::kMeta
// (LockKey(), hub/schema/schema.h). A lock covers the region's whole subtree
// and exactly that period; writes to a locked record are refused with
// FailedPrecondition naming the lock ("lock 350400/2024").
#ifndef HUB_ENGINE_INTERNAL_LOCKS_H_
#define HUB_ENGINE_INTERNAL_LOCKS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hub/catalog/catalog.h"
#include "hub/engine/internal/transaction.h"
#include "hub/store/store.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace internal {

enum class PeriodAction { kApprove, kLock, kUnlock };

// "350400/2024".
std::string LockName(absl::string_view region, absl::string_view period);

// OK unless the record at key lies in a locked (region, period); then
// FailedPrecondition "<field>: <key> is locked by lock R/P (...)".
absl::Status CheckUnlocked(const Catalog& catalog, const Transaction& txn,
                           const v1::RecordKey& key, absl::string_view field);

// Approves, locks or unlocks (region, period) as actor with reason and logs
// PERIOD_APPROVED / PERIOD_LOCKED / PERIOD_UNLOCKED. Locking a locked or
// unlocking an unlocked period is FailedPrecondition. Unlocking also clears
// the approval: changed data needs approving again.
absl::StatusOr<v1::PeriodLock> ApplyPeriodAction(
    PeriodAction action, const std::string& region, const std::string& period,
    const std::string& actor, const std::string& reason, Transaction* txn);

// Every approved or locked (region, period) within jurisdiction's subtree,
// in key order.
absl::StatusOr<std::vector<v1::PeriodLock>> ListPeriodLocks(
    const Store& store, const Catalog& catalog,
    const std::string& jurisdiction);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_LOCKS_H_
