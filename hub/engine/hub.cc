#include "hub/engine/hub.h"

#include "absl/strings/str_cat.h"
#include "hub/access/access_policy.h"
#include "hub/common/cst_time.h"
#include "hub/common/status_macros.h"
#include "hub/engine/internal/apply.h"
#include "hub/engine/internal/committer.h"
#include "hub/engine/internal/merge.h"
#include "hub/engine/internal/query.h"
#include "hub/engine/internal/records.h"
#include "hub/engine/internal/rejection.h"
#include "hub/engine/internal/remerge.h"
#include "hub/engine/internal/replace_scope.h"
#include "hub/engine/internal/submit.h"
#include "hub/engine/internal/validator.h"
#include "hub/log/merkle_store.h"
#include "hub/model/errors.h"
#include "hub/model/model.h"
#include "hub/schema/schema.h"

namespace hub {

using access::AccessPolicy;
using access::Action;
using access::Target;
using internal::Committer;
using internal::Transaction;

Hub::Hub(std::unique_ptr<Store> store, HubOptions options)
    : store_(std::move(store)), options_(std::move(options)) {}

Hub::~Hub() {
  committer_.reset();  // completes what is queued while the hub is whole
}

absl::StatusOr<std::unique_ptr<Hub>> Hub::Open(std::unique_ptr<Store> store,
                                               HubOptions options) {
  std::unique_ptr<Hub> hub(new Hub(std::move(store), std::move(options)));
  HUB_RETURN_IF_ERROR(hub->Init());
  return hub;
}

absl::Status Hub::Init() {
  if (options_.rules == nullptr) {
    return absl::InvalidArgumentError(
        "HubOptions::rules: the hub needs its reconcile rules (see "
        "NewBuiltinRuleRegistry())");
  }
  HUB_RETURN_IF_ERROR(CheckFormatVersion(store_.get(), options_.sync));
  for (const std::string& name : options_.rules->Names()) {
    HUB_ASSIGN_OR_RETURN(rules_[name], options_.rules->Create(name));
  }
  HUB_ASSIGN_OR_RETURN(std::shared_ptr<const Catalog> catalog,
                       LoadStoredCatalog());
  {
    absl::MutexLock lock(&catalog_mu_);
    catalog_ = std::move(catalog);
  }
  HUB_ASSIGN_OR_RETURN(log_crypto_,
                       OpenLogCrypto(store_.get(), options_.log_crypto));
  HUB_RETURN_IF_ERROR(CatchUpMerkleTree());
  HUB_ASSIGN_OR_RETURN(internal::CommitterPosition position, LoadPosition());
  Committer::Options copts;
  copts.sync = options_.sync;
  copts.max_group = options_.max_group;
  copts.listeners = options_.listeners;
  copts.now_micros = [clock = options_.clock] { return ToUnixMicros(clock()); };
  copts.last_time_micros = position.time_micros;
  committer_ = std::make_unique<Committer>(
      store_.get(), *log_crypto_, std::move(position.head), std::move(copts));
  submit_env_ = std::make_unique<internal::SubmitEnv>();
  submit_env_->catalog = [this] { return this->catalog(); };
  submit_env_->rules = &rules_;
  submit_env_->clock = options_.clock;
  submit_env_->listeners = options_.listeners;
  submit_env_->refusals = options_.refusals;
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const Catalog>> Hub::LoadStoredCatalog() const {
  HUB_ASSIGN_OR_RETURN(v1::Catalog stored, LoadCatalog(*store_));
  HUB_ASSIGN_OR_RETURN(std::unique_ptr<const Catalog> catalog,
                       Catalog::Build(std::move(stored)));
  HUB_RETURN_IF_ERROR(internal::CheckCatalogRules(*catalog, rules_));
  return std::shared_ptr<const Catalog>(std::move(catalog));
}

absl::Status Hub::CatchUpMerkleTree() {
  // The log's head and the tree's size from one snapshot: on a store that
  // another hubd commits to (hub/pgstore), both move together.
  std::shared_ptr<const Snapshot> snapshot = store_->NewSnapshot();
  HUB_ASSIGN_OR_RETURN(LogHead head, LogReader(snapshot).Head());
  HUB_ASSIGN_OR_RETURN(
      uint64_t covered,
      MerkleSize([&snapshot](const std::string& key, std::string* value) {
        return snapshot->Get(Column::kMeta, key, value);
      }));
  // Complete (the usual case, and a standby's, which must not write).
  if (covered == head.sequence) return absl::OkStatus();
  const absl::Time start = absl::Now();
  HUB_ASSIGN_OR_RETURN(
      uint64_t built,
      CatchUpMerkle(store_.get(), *log_crypto_, head.sequence, options_.sync));
  if (built > 0) {
    const int64_t micros = absl::ToInt64Microseconds(absl::Now() - start);
    for (HubListener* l : options_.listeners) {
      l->OnMerkleTreeBuilt(built, micros);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<internal::CommitterPosition> Hub::LoadPosition() const {
  const LogReader log(store_->NewSnapshot());
  internal::CommitterPosition position;
  HUB_ASSIGN_OR_RETURN(position.head, log.Head());
  if (position.head.sequence > 0) {
    HUB_ASSIGN_OR_RETURN(v1::ChangeEvent last,
                         log.Read(position.head.sequence));
    position.time_micros = last.time_micros();
  }
  return position;
}

absl::Status Hub::Reload() {
  absl::MutexLock serialize(&catalog_update_mu_);
  return committer_->Reload(
      [this]() -> absl::StatusOr<internal::CommitterPosition> {
        // The head first: a catalog change committed meanwhile (by another
        // process) is then in the catalog, never beyond it.
        HUB_ASSIGN_OR_RETURN(internal::CommitterPosition position,
                             LoadPosition());
        // Events another hubd committed without the tree's nodes (an older
        // hubd) get them now, before this hub appends to the tree. On a
        // standby, whose writes the store refuses, that fails: it still
        // serves what it reloaded (its checkpoints fail as DataLoss until
        // the active hub catches the tree up, as it does on taking over),
        // and a commit over a short tree fails rather than misbuild it.
        CatchUpMerkleTree().IgnoreError();
        HUB_ASSIGN_OR_RETURN(std::shared_ptr<const Catalog> catalog,
                             LoadStoredCatalog());
        absl::MutexLock lock(&catalog_mu_);
        catalog_ = std::move(catalog);
        return position;
      });
}

std::shared_ptr<const Catalog> Hub::catalog() const {
  absl::MutexLock lock(&catalog_mu_);
  return catalog_;
}

LogHead Hub::head() const { return committer_->head(); }

uint64_t Hub::WaitForCommit(uint64_t after, absl::Duration timeout) const {
  return committer_->WaitForHeadAfter(after, timeout);
}

HubReaders Hub::NewReaders() const {
  std::shared_ptr<const Snapshot> snapshot = store_->NewSnapshot();
  return HubReaders{RecordReader(snapshot, catalog()), LogReader(snapshot)};
}

void Hub::RefuseWrites(absl::Status refusal) {
  committer_->RefuseWrites(std::move(refusal));
}
void Hub::AllowWrites() { committer_->AllowWrites(); }
absl::Status Hub::write_refusal() const { return committer_->write_refusal(); }
size_t Hub::Close() {
  return committer_->Close(
      absl::UnavailableError("the hub is shutting down; retry later"));
}
uint64_t Hub::commit_groups() const { return committer_->groups(); }

absl::StatusOr<v1::Receipt> Hub::Submit(const Principal& principal,
                                        const v1::Submission& submission,
                                        bool dry_run) {
  return std::move(
      SubmitBatch(principal, {BatchItem{&submission, dry_run}})[0]);
}

std::vector<absl::StatusOr<v1::Receipt>> Hub::SubmitBatch(
    const Principal& principal, const std::vector<BatchItem>& items) {
  std::vector<absl::StatusOr<v1::Receipt>> outcomes(
      items.size(), absl::UnknownError("not committed"));
  absl::Mutex mu;
  size_t left = items.size();
  std::vector<Committer::Request> requests;
  requests.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    requests.push_back(internal::NewSubmitRequest(
        *submit_env_, principal, *items[i].submission, items[i].dry_run,
        [&, i](absl::StatusOr<v1::Receipt> outcome) {
          absl::MutexLock lock(&mu);
          outcomes[i] = std::move(outcome);
          --left;
        }));
  }
  committer_->Enqueue(std::move(requests));
  absl::MutexLock lock(&mu);
  mu.Await(absl::Condition(
      +[](size_t* n) { return *n == 0; }, &left));
  return outcomes;
}

void Hub::SubmitAsync(const Principal& principal,
                      const v1::Submission& submission, bool dry_run,
                      SubmitDone done) {
  std::vector<Committer::Request> requests;
  requests.push_back(internal::NewSubmitRequest(
      *submit_env_, principal, submission, dry_run, std::move(done)));
  committer_->Enqueue(std::move(requests));
}

absl::StatusOr<CatalogUpdateResult> Hub::UpdateCatalog(
    const Principal& principal, const v1::Catalog& update) {
  HUB_RETURN_IF_ERROR(AccessPolicy(*catalog()).CheckCatalogEditor(principal));
  absl::MutexLock serialize(&catalog_update_mu_);
  std::shared_ptr<const Catalog> current = catalog();
  v1::Catalog merged = Catalog::Merge(current->proto(), update);
  for (const v1::Indicator& ind : merged.indicators()) {
    if (!ind.rule().empty() && rules_.count(ind.rule()) == 0) {
      return InvalidArgumentWithViolations(
          "catalog rejected",
          {MakeViolation(
              absl::StrCat("indicators.", ind.code(), ".rule"),
              absl::StrCat("unknown reconcile rule \"", ind.rule(), "\""),
              reason::kUnknownRule, {{"value", ind.rule()}})});
    }
  }
  HUB_ASSIGN_OR_RETURN(std::shared_ptr<const Catalog> next,
                       Catalog::Build(merged));
  HUB_RETURN_IF_ERROR(
      AccessPolicy(*current).CheckCatalogChange(principal, *next));
  CatalogUpdateResult result;
  absl::Status committed = committer_->Run(
      [&](Transaction* txn) -> absl::Status {
        WriteBatch batch;
        if (PutCatalogChanges(current->proto(), next->proto(), &batch) == 0) {
          return absl::OkStatus();
        }
        for (const WriteBatch::Op& op : batch.ops()) {
          txn->Put(op.column, op.key, op.value);
        }
        v1::CatalogChange* change = &result.change;
        change->set_departments(update.departments_size());
        change->set_regions(update.regions_size());
        change->set_indicators(update.indicators_size());
        change->set_plans(update.plans_size());
        change->set_tasks(update.tasks_size());
        change->set_content_hash(
            log_crypto_->Hash(DeterministicBytes(next->proto())));
        v1::ChangeEvent event;
        event.set_actor(principal.ToString());
        event.set_kind(v1::EVENT_KIND_CATALOG_CHANGED);
        *event.mutable_catalog() = *change;
        *event.mutable_catalog_update() = update;  // input for a rebuild
        result.sequence = txn->AppendEvent(std::move(event));
        HUB_RETURN_IF_ERROR(internal::RemergeChangedIndicators(
            *current, *next, rules_, principal.ToString(), txn));
        // In force from here on in log order: operations after this one
        // (in this group or later) validate against it.
        absl::MutexLock lock(&catalog_mu_);
        catalog_ = next;
        return absl::OkStatus();
      },
      /*discard=*/false);
  if (!committed.ok()) {
    // The group was not written: the catalog that was put in force for the
    // operations after this one goes back (they failed with the group).
    absl::MutexLock lock(&catalog_mu_);
    if (catalog_ == next) catalog_ = current;
    return committed;
  }
  return result;
}

absl::StatusOr<v1::MergedRecord> Hub::GetRecord(
    const Principal& principal, const v1::RecordKey& key) const {
  std::shared_ptr<const Catalog> catalog = this->catalog();
  HUB_RETURN_IF_ERROR(AccessPolicy(*catalog).Check(
      principal, Action::kReadRecords,
      Target::Region(key.region_code(), "key.region_code")));
  HUB_ASSIGN_OR_RETURN(v1::MergedRecord record,
                       RecordReader(store_->NewSnapshot(), catalog).Get(key));
  MarkOverdue(*catalog, options_.clock(), &record);
  return record;
}

absl::StatusOr<RecordPage> Hub::ListRecords(
    const Principal& principal, const RecordFilter& filter, int page_size,
    const std::string& page_token) const {
  std::shared_ptr<const Catalog> catalog = this->catalog();
  if (page_size < 0 || page_size > 1000) {
    return InvalidArgumentWithViolations(
        "bad request",
        {MakeViolation("page_size",
                       absl::StrCat(page_size, " is not in 0..1000"),
                       reason::kPageSizeOutOfRange,
                       {{"value", absl::StrCat(page_size)}, {"max", "1000"}})});
  }
  std::vector<FieldViolation> bad = FilterViolations(*catalog, filter);
  // Every bad code is named at once, before the policy looks at the one
  // region (unknown codes are INVALID_ARGUMENT either way).
  if (!bad.empty()) return InvalidArgumentWithViolations("bad filter", bad);
  HUB_RETURN_IF_ERROR(AccessPolicy(*catalog).Check(
      principal, Action::kReadRecords,
      Target::Region(filter.region_code, "region_code")));
  RecordFilter scoped = filter;
  if (scoped.region_code.empty()) scoped.region_code = principal.region;
  return internal::QueryRecords(RecordReader(store_->NewSnapshot(), catalog),
                                scoped, page_size == 0 ? 50 : page_size,
                                options_.max_page_bytes, page_token,
                                options_.clock());
}

absl::StatusOr<EventPage> Hub::ListEvents(const Principal& principal,
                                          uint64_t after, int limit) const {
  std::shared_ptr<const Catalog> catalog = this->catalog();
  const AccessPolicy policy(*catalog);
  HUB_RETURN_IF_ERROR(policy.Check(principal, Action::kReadLog));
  if (limit <= 0) limit = 100;
  if (limit > 1000) limit = 1000;
  // Events the principal may not read are skipped; a page looks at no more
  // than kScan of them, so a sparse view costs bounded work per call.
  constexpr uint64_t kScan = 10000;
  const LogReader log(store_->NewSnapshot());
  EventPage page;
  HUB_ASSIGN_OR_RETURN(LogHead head, log.Head());
  page.last_sequence = head.sequence;
  page.resume_after = after;
  if (after >= head.sequence) return page;
  size_t bytes = 0;
  std::unique_ptr<LogIterator> it =
      log.NewIterator(after, std::min(head.sequence, after + kScan));
  for (; it->Valid(); it->Next()) {
    if (!page.events.empty() &&
        (page.events.size() >= static_cast<size_t>(limit) ||
         bytes + it->bytes().size() > options_.max_page_bytes)) {
      break;
    }
    HUB_ASSIGN_OR_RETURN(v1::ChangeEvent event, it->event());
    page.resume_after = it->sequence();
    if (!policy.MayReadEvent(principal, event)) continue;
    bytes += it->bytes().size();
    page.events.push_back(std::move(event));
  }
  HUB_RETURN_IF_ERROR(it->status());
  return page;
}

absl::StatusOr<uint64_t> Hub::LogRefusal(const Principal& principal,
                                         absl::string_view method,
                                         const absl::Status& status,
                                         absl::string_view request) {
  v1::ChangeEvent event =
      internal::CallRefusalEvent(principal.ToString(), method, status, request,
                                 options_.refusals, log_crypto());
  return AppendRefusal(event);
}

absl::StatusOr<uint64_t> Hub::AppendRefusal(const v1::ChangeEvent& refusal) {
  if (refusal.kind() != v1::EVENT_KIND_SUBMISSION_REJECTED &&
      refusal.kind() != v1::EVENT_KIND_CALL_REFUSED) {
    return absl::InvalidArgumentError(absl::StrCat(
        "kind: ", v1::EventKind_Name(refusal.kind()), " is not a refusal"));
  }
  uint64_t sequence = 0;
  HUB_RETURN_IF_ERROR(committer_->Run(
      [&](Transaction* txn) -> absl::Status {
        v1::ChangeEvent event = refusal;
        event.clear_sequence();
        event.clear_time_micros();
        event.clear_prev_hash();
        event.clear_hash();
        sequence = txn->AppendEvent(std::move(event));
        return absl::OkStatus();
      },
      /*discard=*/false));
  return sequence;
}

absl::StatusOr<v1::Catalog> Hub::GetCatalog(const Principal& principal) const {
  std::shared_ptr<const Catalog> catalog = this->catalog();
  const AccessPolicy policy(*catalog);
  HUB_RETURN_IF_ERROR(policy.Check(principal, Action::kReadCatalog));
  return policy.VisibleCatalog(principal);
}

absl::StatusOr<ChainVerification> Hub::VerifyChain(const Principal& principal,
                                                   uint64_t from,
                                                   uint64_t to) const {
  HUB_RETURN_IF_ERROR(
      AccessPolicy(*catalog()).Check(principal, Action::kVerifyChain));
  const uint64_t head = this->head().sequence;
  if (from > head || (to != 0 && to < from)) {
    return InvalidArgumentWithViolations(
        "bad range",
        {from > head
             ? MakeViolation("from_sequence",
                             absl::StrCat(from, " is past the head of the log ",
                                          "(events 1..", head, ")"),
                             reason::kPastLogHead,
                             {{"value", absl::StrCat(from)},
                              {"head", absl::StrCat(head)}})
             : MakeViolation(
                   "to_sequence",
                   absl::StrCat(to, " is before from_sequence ", from),
                   reason::kRangeReversed,
                   {{"value", absl::StrCat(to)},
                    {"from", absl::StrCat(from)}})});
  }
  return hub::VerifyChain(LogReader(store_->NewSnapshot()), *log_crypto_, from,
                          to);
}

}  // namespace hub
