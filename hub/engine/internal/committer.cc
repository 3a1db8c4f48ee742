#include "hub/engine/internal/committer.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "hub/log/merkle_store.h"
#include "hub/schema/schema.h"

namespace hub {
namespace internal {

struct Committer::Group {
  uint64_t id = 0;
  int64_t time_micros = 0;
  std::vector<Request> requests;
  std::vector<absl::Status> statuses;  // of each request's operation
  std::unique_ptr<Transaction> root;   // stays with the apply thread
  WriteBatch batch;
  LogHead head;  // the log head after the group
  // Applied while the group before it was still being written, over its
  // writes: fails if that group fails.
  bool over_previous = false;
  // Not OK when the group's Merkle nodes could not be made: it is not
  // written and fails with this.
  absl::Status sealed;
  // Set (and nothing else) when this is a reload, not a group.
  Reloading* reload = nullptr;
};

struct Committer::Reloading {
  const std::function<absl::StatusOr<Position>()>* load;
  bool done = false;
  absl::Status status;
};

Committer::Committer(Store* store, const LogCrypto& crypto, LogHead head,
                     Options options)
    : store_(store),
      crypto_(crypto),
      options_(std::move(options)),
      head_(head),
      applied_head_(std::move(head)),
      last_time_micros_(options_.last_time_micros) {
  apply_thread_ = std::thread([this] { ApplyLoop(); });
  write_thread_ = std::thread([this] { WriteLoop(); });
  complete_thread_ = std::thread([this] { CompleteLoop(); });
}

Committer::~Committer() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  apply_thread_.join();
  write_thread_.join();
  complete_thread_.join();
}

LogHead Committer::head() const {
  absl::MutexLock lock(&mu_);
  return head_;
}

uint64_t Committer::WaitForHeadAfter(uint64_t after,
                                     absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  auto past = [this, after]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return head_.sequence > after;
  };
  mu_.AwaitWithTimeout(absl::Condition(&past), timeout);
  return head_.sequence;
}

uint64_t Committer::groups() const {
  absl::MutexLock lock(&mu_);
  return groups_;
}

uint64_t Committer::operations() const {
  absl::MutexLock lock(&mu_);
  return operations_;
}

void Committer::RefuseWrites(absl::Status refusal) {
  absl::MutexLock lock(&mu_);
  refusal_ = std::move(refusal);
}

void Committer::AllowWrites() {
  absl::MutexLock lock(&mu_);
  refusal_ = absl::OkStatus();
}

absl::Status Committer::write_refusal() const {
  absl::MutexLock lock(&mu_);
  return refusal_;
}

size_t Committer::Close(absl::Status reason) {
  absl::MutexLock lock(&mu_);
  closed_ = std::move(reason);
  const size_t queued = in_flight_;
  mu_.Await(absl::Condition(
      +[](size_t* n) { return *n == 0; }, &in_flight_));
  return queued;
}

absl::Status Committer::Reload(
    const std::function<absl::StatusOr<Position>()>& load) {
  Reloading reloading;
  reloading.load = &load;
  absl::MutexLock lock(&mu_);
  if (stopping_ || apply_done_) {
    return absl::UnavailableError("the hub is closing");
  }
  reloads_.emplace_back(enqueued_, &reloading);
  mu_.Await(absl::Condition(&reloading.done));
  return reloading.status;
}

void Committer::RunReload(std::unique_ptr<Transaction>* previous,
                          uint64_t* previous_id, Reloading* reloading) {
  {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](Committer* c)
             ABSL_NO_THREAD_SAFETY_ANALYSIS { return c->writing_ == nullptr; },
        this));
    // Every group before the reload is written (or failed): the log goes
    // on from the durable head unless load() says otherwise.
    applied_head_ = head_;
  }
  previous->reset();
  *previous_id = 0;
  absl::StatusOr<Position> position = (*reloading->load)();
  absl::MutexLock lock(&mu_);
  if (position.ok()) {
    head_ = std::move(position->head);
    applied_head_ = head_;
    last_time_micros_ = std::max(last_time_micros_, position->time_micros);
  }
  reloading->status = position.status();
  reloading->done = true;
}

absl::Status Committer::Refusal(const Request& request) const {
  if (stopping_) return absl::UnavailableError("the hub is closing");
  if (!closed_.ok()) return closed_;
  if (!request.discard && !refusal_.ok()) return refusal_;
  return absl::OkStatus();
}

void Committer::Enqueue(std::vector<Request> requests) {
  if (!options_.listeners.empty()) {
    // Each write's time from queueing to durable (or refused).
    const absl::Time start = absl::Now();
    for (Request& r : requests) {
      if (r.discard) continue;
      r.done = [this, start, done = std::move(r.done)](absl::Status s) mutable {
        const int64_t micros = absl::ToInt64Microseconds(absl::Now() - start);
        for (HubListener* l : options_.listeners) l->OnOperationDone(micros, s);
        std::move(done)(std::move(s));
      };
    }
  }
  std::vector<std::pair<Request, absl::Status>> refused;
  {
    absl::MutexLock lock(&mu_);
    for (Request& r : requests) {
      absl::Status refusal = Refusal(r);
      if (refusal.ok()) {
        queue_.push_back(std::move(r));
        ++enqueued_;
        ++in_flight_;
      } else {
        refused.emplace_back(std::move(r), std::move(refusal));
      }
    }
  }
  for (auto& [r, refusal] : refused) std::move(r.done)(std::move(refusal));
}

absl::Status Committer::Run(const Op& op, bool discard) {
  absl::Notification done;
  absl::Status result;
  std::vector<Request> requests(1);
  requests[0].op = [&op](Transaction* txn) { return op(txn); };
  requests[0].discard = discard;
  requests[0].done = [&](absl::Status s) {
    result = std::move(s);
    done.Notify();
  };
  Enqueue(std::move(requests));
  done.WaitForNotification();
  return result;
}

std::unique_ptr<Committer::Group> Committer::NextGroup() {
  auto group = std::make_unique<Group>();
  {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](Committer* c) ABSL_NO_THREAD_SAFETY_ANALYSIS {
          return !c->queue_.empty() || !c->reloads_.empty() || c->stopping_;
        },
        this));
    if (!reloads_.empty() && reloads_.front().first == dequeued_) {
      group->reload = reloads_.front().second;  // its turn
      reloads_.pop_front();
      return group;
    }
    if (queue_.empty()) return nullptr;  // stopping, and nothing left
    size_t n = std::min(queue_.size(), options_.max_group);
    if (!reloads_.empty()) {  // the group stops at the next reload
      n = std::min<size_t>(n, reloads_.front().first - dequeued_);
    }
    group->requests.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      group->requests.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    dequeued_ += n;
  }
  group->id = next_group_id_++;
  group->time_micros = std::max(options_.now_micros(), last_time_micros_);
  last_time_micros_ = group->time_micros;
  return group;
}

void Committer::Apply(Group* group, const Transaction* base) {
  group->root = std::make_unique<Transaction>(
      store_, base, crypto_, applied_head_, group->time_micros);
  group->statuses.reserve(group->requests.size());
  for (Request& r : group->requests) {
    Transaction child(group->root.get());
    absl::Status s = r.op(&child);
    if (s.ok() && !r.discard) child.CommitToParent();
    group->statuses.push_back(std::move(s));
  }
  group->head = group->root->head();
  group->sealed = AppendMerkleNodes(applied_head_.sequence, group->root.get());
  if (!group->sealed.ok()) {
    group->head = applied_head_;  // nothing of the group is written
    return;
  }
  applied_head_ = group->head;
  if (!group->root->empty()) group->root->ToWriteBatch(&group->batch);
}

absl::Status Committer::AppendMerkleNodes(uint64_t after, Transaction* root) {
  const uint64_t n = root->head().sequence - after;
  if (n == 0) return absl::OkStatus();
  return AppendMerkleLeaves(
      crypto_, after, n,
      [root](uint64_t sequence) -> absl::StatusOr<std::string> {
        std::string bytes;
        absl::Status s =
            root->Get(Column::kLog, EncodeSequence(sequence), &bytes);
        if (!s.ok()) return s;
        return bytes;
      },
      [root](const std::string& key, std::string* value) {
        return root->Get(Column::kMeta, key, value);
      },
      [root](const std::string& key, std::string value) {
        root->Put(Column::kMeta, key, std::move(value));
      });
}

void Committer::ApplyLoop() {
  // The root of the last group handed over, while it may still be in the
  // write stage: the next group reads through its writes.
  std::unique_ptr<Transaction> previous;
  uint64_t previous_id = 0;
  while (std::unique_ptr<Group> group = NextGroup()) {
    if (group->reload != nullptr) {
      RunReload(&previous, &previous_id, group->reload);
      continue;
    }
    {
      absl::MutexLock lock(&mu_);
      if (previous_id != 0 && last_written_id_ >= previous_id) {
        // Written (its writes are in the store) or failed (they are not,
        // and the log continues from the durable head).
        if (!last_write_.ok()) applied_head_ = head_;
        previous.reset();
        previous_id = 0;
      }
    }
    group->over_previous = previous != nullptr;
    Apply(group.get(), previous.get());
    std::unique_ptr<Transaction> root = std::move(group->root);
    const uint64_t id = group->id;
    if (HandOver(std::move(group))) {
      // The group before is done: the new root need not read through it.
      root->DetachBase();
      previous = std::move(root);
      previous_id = id;
    } else {
      previous.reset();
      previous_id = 0;
    }
  }
  absl::MutexLock lock(&mu_);
  apply_done_ = true;
}

bool Committer::HandOver(std::unique_ptr<Group> group) {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](Committer* c)
           ABSL_NO_THREAD_SAFETY_ANALYSIS { return c->writing_ == nullptr; },
      this));
  if (group->over_previous && !last_write_.ok()) {
    // Applied over the group before, which could not be written: its writes
    // build on writes that never happened. It fails without being written,
    // completed after the group before it; the log continues from the
    // durable head.
    applied_head_ = head_;
    absl::Status failed = absl::UnavailableError(
        absl::StrCat("an earlier commit group could not be written: ",
                     last_write_.message()));
    completing_.emplace_back(std::move(group), std::move(failed));
    return false;
  }
  writing_ = std::move(group);
  return true;
}

void Committer::WriteLoop() {
  for (;;) {
    Group* g = nullptr;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](Committer* c) ABSL_NO_THREAD_SAFETY_ANALYSIS {
            return c->writing_ != nullptr || c->apply_done_;
          },
          this));
      if (writing_ == nullptr) {  // the apply thread has finished
        write_done_ = true;
        return;
      }
      g = writing_.get();
    }
    CommitGroupInfo info;
    info.operations = g->requests.size();
    absl::Status s = g->sealed;
    if (s.ok() && !g->batch.empty()) {
      const absl::Time start = absl::Now();
      s = store_->Write(g->batch, options_.sync);
      info.write_micros = absl::ToInt64Microseconds(absl::Now() - start);
      info.written = true;
      info.synced = options_.sync;
      info.status = s;
    }
    // Before the group's requests complete.
    info.head_sequence = s.ok() ? g->head.sequence : head().sequence;
    for (HubListener* l : options_.listeners) l->OnGroupCommitted(info);
    {
      absl::MutexLock lock(&mu_);
      if (s.ok()) head_ = g->head;
      last_write_ = s;
      last_written_id_ = g->id;
      ++groups_;
      operations_ += g->requests.size();
      // The next group may be handed over; this one's requests complete
      // on the completion thread.
      completing_.emplace_back(std::move(writing_), s);
    }
  }
}

void Committer::CompleteLoop() {
  for (;;) {
    std::pair<std::unique_ptr<Group>, absl::Status> next;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](Committer* c) ABSL_NO_THREAD_SAFETY_ANALYSIS {
            return !c->completing_.empty() || c->write_done_;
          },
          this));
      if (completing_.empty()) return;  // every group is written
      next = std::move(completing_.front());
      completing_.pop_front();
    }
    Complete(next.first.get(), next.second);
    absl::MutexLock lock(&mu_);
    in_flight_ -= next.first->requests.size();
  }
}

void Committer::Complete(Group* group, const absl::Status& write_status) {
  for (size_t i = 0; i < group->requests.size(); ++i) {
    Request& r = group->requests[i];
    absl::Status s =
        i < group->statuses.size() ? group->statuses[i] : absl::OkStatus();
    if (s.ok() && !r.discard && !write_status.ok()) s = write_status;
    std::move(r.done)(std::move(s));
  }
}

}  // namespace internal
}  // namespace hub
