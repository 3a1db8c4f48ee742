// Hub: the engine of the reform data-exchange hub, free of any transport.
//
// A Hub owns its Store and offers what the services expose: validated,
// durable, idempotent submissions; merged records; the change log; the
// catalog. Every method asks the access policy (hub/access/access_policy.h)
// whether the caller's Principal may do it, before any other work.
//
// Thread safety: all methods may be called concurrently. Writes are
// serialized and group-committed (see internal/committer.h); reads run
// against the store without blocking writers.
//
// Status codes (after absl's guide):
//   InvalidArgument   bad input; carries field violations (model/errors.h)
//   PermissionDenied  the principal may not do this (its role, another
//                     department's data, or outside its jurisdiction);
//                     names the field (access_policy.h)
//   AlreadyExists     a submission id reused for different content
//   NotFound          no such record
//   FailedPrecondition the period is locked, or the record is not in the
//                     state the action needs; the message names the lock
//   Aborted           the etag of a stewardship action is stale; re-read
//   ResourceExhausted the disk is full: writes are refused, reads go on, and
//                     writes resume by themselves once space is freed;
//                     the message names the path and the free bytes
//   Unavailable       the store could not write; safe to retry as is
#ifndef HUB_ENGINE_HUB_H_
#define HUB_ENGINE_HUB_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "hub/catalog/catalog.h"
#include "hub/engine/listener.h"
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
struct SubmitEnv;
struct CommitterPosition;
enum class PeriodAction;
}  // namespace internal

// Caps of the record a refusal leaves in the log (internal/rejection.h).
struct RefusalLimits {
  size_t body_bytes = 4096;  // the refused body is kept up to this size
  int fields = 20;           // field violations kept
};

struct HubOptions {
  // REQUIRED: the reconcile rules, by name (the composition root builds
  // them; NewBuiltinRuleRegistry() for the built-in ones). The hub makes one
  // instance of each at Open(); every rule its catalog names must be in it.
  std::shared_ptr<const RuleRegistry> rules;
  // The log's crypto suite (hub/crypto/log_crypto.h). nullptr: the one the
  // store records, or sha256-ed25519 for a new store. Another suite than
  // the recorded one is refused on a non-empty log (FailedPrecondition).
  const LogCrypto* log_crypto = nullptr;
  bool sync = true;         // sync the WAL before acknowledging a write
  size_t max_group = 1024;  // operations per group commit
  std::function<absl::Time()> clock = [] { return absl::Now(); };
  RefusalLimits refusals;
  // Pages of ListEvents and ListRecords stop once they hold this many bytes
  // (a page has at least one entry).
  size_t max_page_bytes = 4 << 20;
  // Observers (metrics, the operator's log); borrowed, must outlive the hub.
  std::vector<HubListener*> listeners;
};

// A page of the change log.
struct EventPage {
  std::vector<v1::ChangeEvent> events;
  uint64_t last_sequence = 0;  // the log's head when the page was read
  uint64_t resume_after = 0;   // every event up to here was considered
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

// One submission of a batch: borrowed until its outcome is known.
struct BatchItem {
  const v1::Submission* submission = nullptr;
  bool dry_run = false;
};

// Receives the outcome of an asynchronous submission.
using SubmitDone = absl::AnyInvocable<void(absl::StatusOr<v1::Receipt>)>;

struct CatalogUpdateResult {
  uint64_t sequence = 0;  // 0 when nothing changed
  v1::CatalogChange change;
};

class Hub {
 public:
  // Opens the hub on store (taking ownership): checks the store's format
  // version (hub/schema/schema.h), instantiates options.rules, loads the
  // catalog and settles the log's crypto suite (hub/log/change_log.h
  // OpenLogCrypto). InvalidArgument without options.rules;
  // FailedPrecondition for a store of another format version, a stored
  // catalog that names a rule options.rules lacks, or options.log_crypto
  // other than the suite of the store's non-empty log.
  static absl::StatusOr<std::unique_ptr<Hub>> Open(std::unique_ptr<Store> store,
                                                   HubOptions options);
  ~Hub();

  // Validates, authorizes and commits submission. Returns once durable.
  // dry_run reports the outcome without writing. A refusal (see
  // internal/rejection.h) changes no record but is logged as a
  // SUBMISSION_REJECTED event, unless dry_run.
  absl::StatusOr<v1::Receipt> Submit(const Principal& principal,
                                     const v1::Submission& submission,
                                     bool dry_run);
  // Submits a batch from one principal: as Submit() for each item, in
  // order, with every item joining the same commit group (a batch larger
  // than HubOptions::max_group spans several, in order), so one sync covers
  // them all. Each item has its own outcome, at the same index: a refused
  // item is refused (and logged) alone and does not fail its neighbours;
  // idempotency and atomicity are per submission, exactly as for Submit().
  // Returns once every item's outcome is final (accepted ones durable).
  std::vector<absl::StatusOr<v1::Receipt>> SubmitBatch(
      const Principal& principal, const std::vector<BatchItem>& items);
  // As Submit(), without waiting: validates now, queues the commit, and
  // calls done with the outcome once it is final. submission is borrowed
  // until then. done runs on the committer's thread, must be quick and
  // must not wait for the hub; the done callbacks of one caller's calls run
  // in the order of the calls.
  void SubmitAsync(const Principal& principal, const v1::Submission& submission,
                   bool dry_run, SubmitDone done);

  // Logs that principal's call of method (a gRPC method name) with request
  // (its bytes) was refused with status: a CALL_REFUSED event, bounded by
  // options().refusals. The services log every PermissionDenied call.
  absl::StatusOr<uint64_t> LogRefusal(const Principal& principal,
                                      absl::string_view method,
                                      const absl::Status& status,
                                      absl::string_view request);
  // For rebuilds: appends refusal, a SUBMISSION_REJECTED or CALL_REFUSED
  // event another hub logged, as it is (at this hub's next sequence and
  // time). InvalidArgument for any other kind.
  absl::StatusOr<uint64_t> AppendRefusal(const v1::ChangeEvent& refusal);

  // Upserts catalog entries by code. The access policy checks each entry
  // that changes (reform office, its jurisdiction; shared entries: province
  // level).
  absl::StatusOr<CatalogUpdateResult> UpdateCatalog(const Principal& principal,
                                                    const v1::Catalog& update);
  // The catalog in force (no access control: for components of the hub).
  std::shared_ptr<const Catalog> catalog() const;
  // The part of the catalog principal may read (its subtree and ancestors).
  absl::StatusOr<v1::Catalog> GetCatalog(const Principal& principal) const;

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

  // Up to limit events after sequence `after` that principal may read (its
  // jurisdiction's; a department's own), and at most about
  // options().max_page_bytes; limit 0 or less means 100, at most 1000.
  // PermissionDenied for an analyst, DataLoss when a stored event is missing
  // or damaged.
  absl::StatusOr<EventPage> ListEvents(const Principal& principal,
                                       uint64_t after, int limit) const;
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
  // Waits until the log's head is past sequence `after` or timeout passes;
  // returns the head then. Live replays wait here instead of polling.
  uint64_t WaitForCommit(uint64_t after, absl::Duration timeout) const;

  // Reloads what the hub keeps in memory from its store: the log's head
  // (and time) that the next commit continues from, and the catalog. For a
  // store that other processes write too (hub/pgstore: several hubds on one
  // database, one of them committing): the hub that becomes the active
  // sequencer reloads before it commits (hub/sequencer), and a standby
  // reloads to serve what the active one committed. Waits for the commits
  // in progress, and no commit starts until it is done. When the store
  // cannot be read the hub keeps its state and returns the error.
  absl::Status Reload();

  // The hub's clock (HubOptions::clock): what overdue and the views' "now"
  // are judged by.
  absl::Time Now() const { return options_.clock(); }
  // Readers over a snapshot of the store taken now (see HubReaders). Cheap;
  // take one per request. Everything in them is as of one moment.
  HubReaders NewReaders() const;
  // The suite that chains this hub's log, fixed when it opened.
  const LogCrypto& log_crypto() const { return *log_crypto_; }

  // --- Operations (issue 13) ---

  // Refuses every later write (submissions, stewardship, catalog changes)
  // with refusal, a FailedPrecondition naming the reason and what the
  // operator may do, until AllowWrites(); reads and dry runs go on. For a
  // log that went backwards (hub/rollback).
  void RefuseWrites(absl::Status refusal);
  void AllowWrites();
  // OK, or the refusal in force.
  absl::Status write_refusal() const;
  // Refuses every later call that would write with Unavailable ("shutting
  // down"), waits for the commits already queued, and returns how many
  // there were. For a graceful shutdown, after the server stopped taking
  // calls.
  size_t Close();
  uint64_t commit_groups() const;  // groups written so far (benchmarks)
  // The options the hub was opened with (a rebuild opens a hub like it).
  const HubOptions& options() const { return options_; }

 private:
  Hub(std::unique_ptr<Store> store, HubOptions options);
  absl::Status Init();
  // The catalog and the log position as stored (Init(), Reload()).
  absl::StatusOr<std::shared_ptr<const Catalog>> LoadStoredCatalog() const;
  absl::StatusOr<internal::CommitterPosition> LoadPosition() const;
  // Builds the persisted Merkle tree's missing nodes from the log, when it
  // covers fewer events than the log (hub/log/merkle_store.h).
  absl::Status CatchUpMerkleTree();
  absl::StatusOr<v1::PeriodLock> ChangePeriod(const Principal& principal,
                                              internal::PeriodAction action,
                                              const std::string& region,
                                              const std::string& period,
                                              const std::string& reason);

  std::unique_ptr<Store> store_;
  HubOptions options_;
  const LogCrypto* log_crypto_ = nullptr;
  std::map<std::string, std::unique_ptr<ReconcileRule>, std::less<>> rules_;
  std::unique_ptr<internal::Committer> committer_;
  std::unique_ptr<internal::SubmitEnv> submit_env_;
  absl::Mutex catalog_update_mu_;  // serializes catalog updates
  mutable absl::Mutex catalog_mu_;
  std::shared_ptr<const Catalog> catalog_ ABSL_GUARDED_BY(catalog_mu_);
};

}  // namespace hub

#endif  // HUB_ENGINE_HUB_H_
