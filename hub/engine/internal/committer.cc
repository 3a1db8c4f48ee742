#include "hub/engine/internal/committer.h"

#include <algorithm>

#include "absl/time/clock.h"

namespace hub {
namespace internal {

struct Committer::Writer {
  const Op* op;
  bool discard;
  bool done = false;
  absl::Status status;
  absl::CondVar cv;
};

Committer::Committer(Store* store, const LogCrypto& crypto, LogHead head,
                     Options options)
    : store_(store),
      crypto_(crypto),
      options_(std::move(options)),
      head_(std::move(head)),
      last_time_micros_(options_.last_time_micros) {}

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

absl::Status Committer::Reload(
    const std::function<absl::StatusOr<Position>()>& load) {
  absl::WriterMutexLock exclusive(&reload_mu_);
  absl::StatusOr<Position> position = load();
  if (!position.ok()) return position.status();
  absl::MutexLock lock(&mu_);
  head_ = std::move(position->head);
  last_time_micros_ = std::max(last_time_micros_, position->time_micros);
  return absl::OkStatus();
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
  const size_t queued = writers_.size();
  mu_.Await(absl::Condition(
      +[](std::deque<Writer*>* q) { return q->empty(); }, &writers_));
  return queued;
}

absl::Status Committer::Run(const Op& op, bool discard) {
  if (discard || options_.listeners.empty()) return RunQueued(op, discard);
  const absl::Time start = absl::Now();
  absl::Status status = RunQueued(op, discard);
  const int64_t micros = absl::ToInt64Microseconds(absl::Now() - start);
  for (HubListener* l : options_.listeners) l->OnOperationDone(micros, status);
  return status;
}

absl::Status Committer::RunQueued(const Op& op, bool discard) {
  absl::ReaderMutexLock shared(&reload_mu_);
  Writer w;
  w.op = &op;
  w.discard = discard;
  absl::MutexLock lock(&mu_);
  if (!closed_.ok()) return closed_;
  if (!discard && !refusal_.ok()) return refusal_;
  writers_.push_back(&w);
  while (!w.done && &w != writers_.front()) w.cv.Wait(&mu_);
  if (w.done) return w.status;

  // This writer leads: take the queue as one group.
  size_t n = std::min(writers_.size(), options_.max_group);
  std::vector<Writer*> group(writers_.begin(), writers_.begin() + n);
  LogHead head = head_;
  int64_t now = std::max(options_.now_micros(), last_time_micros_);
  last_time_micros_ = now;

  LogHead new_head;
  absl::Status write_status;
  mu_.Unlock();
  {
    Transaction root(store_, crypto_, head, now);
    for (Writer* g : group) {
      Transaction child(&root);
      g->status = (*g->op)(&child);
      if (g->status.ok() && !g->discard) child.CommitToParent();
    }
    new_head = root.head();
    CommitGroupInfo info;
    info.operations = group.size();
    if (!root.empty()) {
      WriteBatch batch;
      root.ToWriteBatch(&batch);
      const absl::Time start = absl::Now();
      write_status = store_->Write(batch, options_.sync);
      info.write_micros = absl::ToInt64Microseconds(absl::Now() - start);
      info.written = true;
      info.synced = options_.sync;
      info.status = write_status;
    }
    info.head_sequence = write_status.ok() ? new_head.sequence : head.sequence;
    for (HubListener* l : options_.listeners) l->OnGroupCommitted(info);
  }
  mu_.Lock();

  if (write_status.ok()) {
    head_ = new_head;
  }
  ++groups_;
  operations_ += group.size();
  for (Writer* g : group) {
    if (!write_status.ok() && g->status.ok() && !g->discard) {
      g->status = write_status;
    }
    writers_.pop_front();
    if (g != &w) {
      g->done = true;
      g->cv.Signal();
    }
  }
  if (!writers_.empty()) writers_.front()->cv.Signal();
  return w.status;
}

}  // namespace internal
}  // namespace hub
