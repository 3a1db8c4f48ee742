// Hub: the engine of the reform data-exchange hub, free of any transport.
//
// A Hub owns its Store and offers what the services expose: validated,
// durable, idempotent submissions; merged records; the change log; the
// catalog. Every method checks the caller's Principal.
//
// Thread safety: all methods may be called concurrently. Writes are
// serialized and group-committed (see internal/committer.h); reads run
// against the store without blocking writers.
//
// Status codes (after absl's guide):
//   InvalidArgument   bad input; carries field violations (model/errors.h)
//   PermissionDenied  the principal may not do this; names the field
//   AlreadyExists     a submission id reused for different content
//   NotFound          no such record
//   FailedPrecondition the period is locked, or the record is not in the
//                     state the action needs; the message names the lock
//   Aborted           the etag of a stewardship action is stale; re-read
//   Unavailable       the store could not write; safe to retry as is
#ifndef HUB_ENGINE_HUB_H_
#define HUB_ENGINE_HUB_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "hub/catalog/catalog.h"
#include "hub/log/change_log.h"
#include "hub/log/log_reader.h"
#include "hub/model/principal.h"
#include "hub/reconcile/rule.h"
#include "hub/records/record_reader.h"
#include "hub/store/store.h"
#include "hub/v1/model.pb.h"

namespace hub {

namespace internal {
class Committer;
enum class PeriodAction;
}  // namespace internal

struct HubOptions {
  bool sync = true;         // sync the WAL before acknowledging a write
  size_t max_group = 1024;  // operations per group commit
  std::function<absl::Time()> clock = [] { return absl::Now(); };
};

struct RecordPage {
  std::vector<v1::MergedRecord> records;
  std::string next_page_token;  // empty on the last page
};

// A stewardship resolution of one conflicting indicator record.
struct ResolveRequest {
  v1::RecordKey key;
  std::string etag;               // the record's etag as the steward read it
  std::string chosen_department;  // pick this department's contribution, or
  std::string value;              // enter this value (exactly one of them)
  std::string reason;             // mandatory
};

// Read-only access for components that do not write (hub/audit, the
// views): readers over one consistent snapshot of the store, taken by
// Hub::NewReaders(), with the catalog in force then. They apply no access
// control.
struct HubReaders {
  RecordReader records;
  LogReader log;
};

struct CatalogUpdateResult {
  uint64_t sequence = 0;  // 0 when nothing changed
  v1::CatalogChange change;
};

class Hub {
 public:
  // Opens the hub on store (taking ownership) and loads its catalog.
  static absl::StatusOr<std::unique_ptr<Hub>> Open(std::unique_ptr<Store> store,
                                                   HubOptions options = {});
  ~Hub();

  // Validates, authorizes and commits submission. Returns once durable.
  // dry_run reports the outcome without writing. A refusal (see
  // internal/rejection.h) changes no record but is logged as a
  // SUBMISSION_REJECTED event, unless dry_run.
  absl::StatusOr<v1::Receipt> Submit(const Principal& principal,
                                     const v1::Submission& submission,
                                     bool dry_run);

  // Upserts catalog entries by code (reform office only).
  absl::StatusOr<CatalogUpdateResult> UpdateCatalog(const Principal& principal,
                                                    const v1::Catalog& update);
  std::shared_ptr<const Catalog> catalog() const;

  // NotFound when no department has reported on key.
  absl::StatusOr<v1::MergedRecord> GetRecord(const Principal& principal,
                                             const v1::RecordKey& key) const;
  // Records matching filter (record_reader.h; an empty region_code means
  // the principal's jurisdiction) within the principal's jurisdiction, in
  // record key order. page_size 0 means 50; at most 1000. An unknown code
  // or a malformed period in the filter is InvalidArgument naming the field
  // (FilterViolations()), not an empty page.
  absl::StatusOr<RecordPage> ListRecords(const Principal& principal,
                                         const RecordFilter& filter,
                                         int page_size,
                                         const std::string& page_token) const;

  // Up to limit events after sequence `after` (auditors, reform office).
  absl::Status ListEvents(const Principal& principal, uint64_t after, int limit,
                          std::vector<v1::ChangeEvent>* events,
                          uint64_t* last_sequence) const;
  absl::StatusOr<ChainVerification> VerifyChain(const Principal& principal,
                                                uint64_t from,
                                                uint64_t to) const;

  // --- Stewardship (reform office only; implemented in stewardship.cc) ---

  // Open conflicts (records in state CONFLICT) matching filter, as
  // ListRecords(); filter.state is ignored.
  absl::StatusOr<RecordPage> ListConflicts(const Principal& principal,
                                           RecordFilter filter, int page_size,
                                           const std::string& page_token) const;
  // Resolves a conflicting record by choosing a department's contribution
  // or entering a value, with a reason; logs CONFLICT_RESOLVED and returns
  // the record after (state RESOLVED). InvalidArgument (field violations)
  // for a missing reason or etag, both or neither of chosen_department and
  // value, a bad value, or a department without a contribution; NotFound
  // without a record; Aborted when request.etag is not the record's current
  // etag; FailedPrecondition when the record is not in conflict or its
  // period is locked. The resolution stands until a later contribution
  // differs from it (the conflict reopens) or the departments agree.
  absl::StatusOr<v1::MergedRecord> Resolve(const Principal& principal,
                                           const ResolveRequest& request);
  // Approve, lock and unlock a (region, period) with a mandatory reason.
  // A lock refuses every later write to records of that period in the
  // region's subtree (FailedPrecondition naming the lock) until unlocked.
  absl::StatusOr<v1::PeriodLock> ApprovePeriod(const Principal& principal,
                                               const std::string& region,
                                               const std::string& period,
                                               const std::string& reason);
  absl::StatusOr<v1::PeriodLock> LockPeriod(const Principal& principal,
                                            const std::string& region,
                                            const std::string& period,
                                            const std::string& reason);
  absl::StatusOr<v1::PeriodLock> UnlockPeriod(const Principal& principal,
                                              const std::string& region,
                                              const std::string& period,
                                              const std::string& reason);
  // Approved or locked periods within the principal's jurisdiction.
  absl::StatusOr<std::vector<v1::PeriodLock>> ListLocks(
      const Principal& principal) const;

  LogHead head() const;
  // The hub's clock (HubOptions::clock): what overdue and the views' "now"
  // are judged by.
  absl::Time Now() const { return options_.clock(); }
  // Readers over a snapshot of the store taken now (see HubReaders). Cheap;
  // take one per request. Everything in them is as of one moment.
  HubReaders NewReaders() const;
  uint64_t commit_groups() const;  // groups written so far (benchmarks)

 private:
  Hub(std::unique_ptr<Store> store, HubOptions options);
  absl::Status Init();
  absl::StatusOr<v1::PeriodLock> ChangePeriod(const Principal& principal,
                                              internal::PeriodAction action,
                                              const std::string& region,
                                              const std::string& period,
                                              const std::string& reason);
  // Submit() without logging a refusal.
  absl::StatusOr<v1::Receipt> SubmitUnlogged(const Principal& principal,
                                             const v1::Submission& submission,
                                             bool dry_run);

  std::unique_ptr<Store> store_;
  HubOptions options_;
  std::map<std::string, std::unique_ptr<ReconcileRule>, std::less<>> rules_;
  std::unique_ptr<internal::Committer> committer_;
  absl::Mutex catalog_update_mu_;  // serializes catalog updates
  mutable absl::Mutex catalog_mu_;
  std::shared_ptr<const Catalog> catalog_ ABSL_GUARDED_BY(catalog_mu_);
};

}  // namespace hub

#endif  // HUB_ENGINE_HUB_H_
