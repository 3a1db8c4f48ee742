#include "hub/engine/internal/locks.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "hub/model/model.h"
#include "hub/schema/schema.h"

namespace hub {
namespace internal {
namespace {

absl::StatusOr<v1::PeriodLock> LoadLock(const Transaction& txn,
                                        absl::string_view region,
                                        absl::string_view period) {
  v1::PeriodLock lock;
  std::string bytes;
  absl::Status s = txn.Get(Column::kMeta, LockKey(region, period), &bytes);
  if (absl::IsNotFound(s)) {
    lock.set_region_code(std::string(region));
    lock.set_period(std::string(period));
    return lock;
  }
  if (!s.ok()) return s;
  if (!lock.ParseFromString(bytes)) {
    return absl::DataLossError(
        absl::StrCat("unparsable lock ", LockName(region, period)));
  }
  return lock;
}

v1::EventKind EventFor(PeriodAction action) {
  switch (action) {
    case PeriodAction::kApprove:
      return v1::EVENT_KIND_PERIOD_APPROVED;
    case PeriodAction::kLock:
      return v1::EVENT_KIND_PERIOD_LOCKED;
    case PeriodAction::kUnlock:
      return v1::EVENT_KIND_PERIOD_UNLOCKED;
  }
  return v1::EVENT_KIND_UNSPECIFIED;
}

// Applies action to lock; FailedPrecondition when it makes no sense.
absl::Status Change(PeriodAction action, const std::string& actor,
                    const std::string& reason, uint64_t sequence,
                    v1::PeriodLock* lock) {
  const std::string name = LockName(lock->region_code(), lock->period());
  if (action == PeriodAction::kApprove) {
    lock->set_approved(true);
    lock->set_approved_by(actor);
    lock->set_approval_reason(reason);
    lock->set_approved_sequence(sequence);
  } else if (action == PeriodAction::kLock) {
    if (lock->locked()) {
      return absl::FailedPreconditionError(
          absl::StrCat("lock ", name, " is already locked by ",
                       lock->locked_by(), " (", lock->lock_reason(), ")"));
    }
    lock->set_locked(true);
    lock->set_locked_by(actor);
    lock->set_lock_reason(reason);
    lock->set_locked_sequence(sequence);
  } else {
    if (!lock->locked()) {
      return absl::FailedPreconditionError(
          absl::StrCat("lock ", name, " is not locked"));
    }
    v1::PeriodLock cleared;
    cleared.set_region_code(lock->region_code());
    cleared.set_period(lock->period());
    *lock = std::move(cleared);
  }
  return absl::OkStatus();
}

}  // namespace

std::string LockName(absl::string_view region, absl::string_view period) {
  return absl::StrCat(region, "/", period);
}

absl::Status CheckUnlocked(const Catalog& catalog, const Transaction& txn,
                           const v1::RecordKey& key, absl::string_view field) {
  std::string region = key.region_code();
  while (!region.empty()) {
    auto lock = LoadLock(txn, region, key.period());
    if (!lock.ok()) return lock.status();
    if (lock->locked()) {
      return absl::FailedPreconditionError(absl::StrCat(
          field, ": ", RecordKeyToString(key), " is locked by lock ",
          LockName(region, key.period()), " (locked by ", lock->locked_by(),
          " at sequence ", lock->locked_sequence(), ": ", lock->lock_reason(),
          "); the reform office must unlock it first"));
    }
    const v1::Region* r = catalog.FindRegion(region);
    region = r == nullptr ? "" : r->parent_code();
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::PeriodLock> ApplyPeriodAction(
    PeriodAction action, const std::string& region, const std::string& period,
    const std::string& actor, const std::string& reason, Transaction* txn) {
  auto lock = LoadLock(*txn, region, period);
  if (!lock.ok()) return lock.status();
  const uint64_t sequence = txn->head().sequence + 1;
  absl::Status s = Change(action, actor, reason, sequence, &*lock);
  if (!s.ok()) return s;
  v1::ChangeEvent event;
  event.set_actor(actor);
  event.set_kind(EventFor(action));
  event.set_reason(reason);
  *event.mutable_lock() = *lock;
  txn->AppendEvent(std::move(event));
  if (lock->approved() || lock->locked()) {
    txn->Put(Column::kMeta, LockKey(region, period), DeterministicBytes(*lock));
  } else {
    txn->Delete(Column::kMeta, LockKey(region, period));
  }
  return *lock;
}

absl::StatusOr<std::vector<v1::PeriodLock>> ListPeriodLocks(
    const Store& store, const Catalog& catalog,
    const std::string& jurisdiction) {
  std::vector<v1::PeriodLock> out;
  std::unique_ptr<Iterator> it = store.NewIterator(Column::kMeta);
  const std::string prefix = LockPrefix();
  for (it->Seek(prefix); it->Valid() && absl::StartsWith(it->key(), prefix);
       it->Next()) {
    v1::PeriodLock lock;
    if (!lock.ParseFromString(std::string(it->value()))) {
      return absl::DataLossError(absl::StrCat("unparsable lock ", it->key()));
    }
    if (catalog.InSubtree(lock.region_code(), jurisdiction)) {
      out.push_back(std::move(lock));
    }
  }
  if (!it->status().ok()) return it->status();
  return out;
}

}  // namespace internal
}  // namespace hub
