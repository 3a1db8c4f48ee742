#include "hub/sequencer/sequencer.h"

#include <unistd.h>

#include <random>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "hub/common/status_macros.h"
#include "hub/schema/schema.h"

namespace hub {
namespace {

std::string DefaultHolder() {
  char host[256] = {0};
  gethostname(host, sizeof(host) - 1);
  return absl::StrCat(host, ":", getpid(), ":",
                      absl::Hex(std::random_device{}() & 0xffff));
}

}  // namespace

Sequencer::Sequencer(PgStore* store, SequencerOptions options)
    : store_(store), options_(std::move(options)) {
  if (options_.holder.empty()) options_.holder = DefaultHolder();
  if (options_.renew_interval <= absl::ZeroDuration()) {
    options_.renew_interval = options_.lease / 4;
  }
  address_ = options_.address;
}

Sequencer::~Sequencer() { Stop(); }

absl::StatusOr<std::unique_ptr<Sequencer>> Sequencer::Start(
    PgStore* store, SequencerOptions options) {
  std::unique_ptr<Sequencer> sequencer(
      new Sequencer(store, std::move(options)));
  HUB_RETURN_IF_ERROR(sequencer->FirstRound());
  return sequencer;
}

std::string Sequencer::address() const {
  absl::MutexLock lock(&mu_);
  return address_;
}

void Sequencer::Tell(const std::string& message) const {
  if (options_.on_change) options_.on_change(message);
}

absl::Status Sequencer::StandbyRefusal(const PgLease* lease) const {
  if (lease == nullptr || lease->remaining <= absl::ZeroDuration() ||
      lease->holder.empty()) {
    return absl::UnavailableError(
        "standby: this hubd does not commit, and no hub is active at the "
        "moment (a failover is under way); retry shortly");
  }
  return absl::UnavailableError(absl::StrCat(
      "standby: this hubd does not commit; the active hub is at ",
      lease->address, " (lease epoch ", lease->epoch, "); send writes there"));
}

absl::Status Sequencer::FirstRound() {
  const absl::Time deadline = absl::Now() + options_.start_timeout;
  absl::Status last;
  while (absl::Now() < deadline) {
    absl::StatusOr<PgLease> lease =
        store_->AcquireLease(options_.holder, address(), options_.lease);
    if (lease.ok()) {
      // The hub opens on what is stored: nothing to reload.
      store_->EnableWrites(lease->epoch);
      absl::MutexLock lock(&mu_);
      state_ = {SequencerRole::kActive, lease->epoch, address_, 1};
      renewed_ = absl::Now();
      Tell(absl::StrCat("active: took the lease at epoch ", lease->epoch));
      return absl::OkStatus();
    }
    last = lease.status();
    if (absl::IsFailedPrecondition(last) && ReadFormatVersion(*store_).ok()) {
      absl::StatusOr<PgLease> current = store_->ReadLease();
      store_->RefuseWrites(StandbyRefusal(current.ok() ? &*current : nullptr));
      absl::MutexLock lock(&mu_);
      state_.role = SequencerRole::kStandby;
      if (current.ok()) state_.active_address = current->address;
      Tell(absl::StrCat("standby: ", last.message()));
      return absl::OkStatus();
    }
    absl::SleepFor(options_.renew_interval);
  }
  return absl::DeadlineExceededError(absl::StrCat(
      "no active hubd has created the store in ",
      absl::FormatDuration(options_.start_timeout), ": ", last.message()));
}

void Sequencer::Run(Hub* hub, const std::string& address) {
  {
    absl::MutexLock lock(&mu_);
    if (!address.empty()) address_ = address;
    if (state_.role == SequencerRole::kActive) state_.active_address = address_;
  }
  hub_ = hub;
  thread_ = std::thread([this] { Loop(); });
}

void Sequencer::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
  store_->RefuseWrites(absl::UnavailableError("this hubd is shutting down"));
  SequencerState state = this->state();
  if (state.role == SequencerRole::kActive) {
    absl::Status released = store_->ReleaseLease(state.epoch);
    Tell(absl::StrCat(
        "stopped: released the lease of epoch ", state.epoch,
        released.ok() ? ""
                      : absl::StrCat(" (failed: ", released.message(), ")")));
  }
}

SequencerState Sequencer::state() const {
  absl::MutexLock lock(&mu_);
  return state_;
}

void Sequencer::Loop() {
  bool paused = false;  // active, but writes paused after a failed commit
  while (true) {
    SequencerRole role;
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      role = state_.role;
    }
    if (role == SequencerRole::kStandby) {
      StandbyTick();
      continue;
    }
    if (!paused) {
      if (!store_->AwaitWriteFailure(options_.renew_interval)) {
        ActiveTick();
        continue;
      }
      paused = true;
      Tell(
          absl::StrCat("a commit failed: taking the lease again and "
                       "reloading (",
                       store_->write_refusal().message(), ")"));
    } else {
      absl::MutexLock lock(&mu_);
      mu_.AwaitWithTimeout(absl::Condition(&stopping_),
                           options_.renew_interval / 2);
      if (stopping_) return;
    }
    absl::Status taken = TakeOver();
    if (taken.ok()) {
      paused = false;
      continue;
    }
    absl::Time renewed;
    {
      absl::MutexLock lock(&mu_);
      renewed = renewed_;
    }
    if (absl::IsFailedPrecondition(taken) ||
        absl::Now() - renewed >= options_.lease) {
      paused = false;
      StepDown(std::string(taken.message()), /*refuse_now=*/true);
    }
  }
}

void Sequencer::ActiveTick() {
  absl::StatusOr<PgLease> renewed =
      store_->RenewLease(state().epoch, options_.lease, address());
  absl::Time last;
  {
    absl::MutexLock lock(&mu_);
    if (renewed.ok()) renewed_ = absl::Now();
    last = renewed_;
  }
  if (renewed.ok()) return;
  // Writes stay as they are until the next standby tick: the database
  // refuses any of them now (fencing), and says so.
  if (absl::IsFailedPrecondition(renewed.status())) {
    StepDown(std::string(renewed.status().message()), /*refuse_now=*/false);
  } else if (absl::Now() - last >= options_.lease) {
    StepDown(absl::StrCat("could not renew the lease for ",
                          absl::FormatDuration(options_.lease), ": ",
                          renewed.status().message()),
             /*refuse_now=*/false);
  }
}

absl::Status Sequencer::TakeOver() {
  // A holder whose lease session is gone (it crashed) and that missed its
  // renewals is taken over before its lease runs out.
  HUB_ASSIGN_OR_RETURN(
      PgLease lease,
      store_->AcquireLease(options_.holder, address(), options_.lease,
                           options_.renew_interval * 3 / 2));
  // From here no writer of an older epoch commits, and every commit of one
  // is in the store: load it before writing.
  HUB_RETURN_IF_ERROR(hub_->Reload());
  store_->EnableWrites(lease.epoch);
  uint64_t takeovers;
  {
    absl::MutexLock lock(&mu_);
    state_.role = SequencerRole::kActive;
    state_.epoch = lease.epoch;
    state_.active_address = address_;
    takeovers = ++state_.takeovers;
    renewed_ = absl::Now();
  }
  Tell(absl::StrCat("active: took the lease at epoch ", lease.epoch,
                    ", reloaded the log at sequence ", hub_->head().sequence,
                    " (takeover ", takeovers, ")"));
  return absl::OkStatus();
}

void Sequencer::StepDown(const std::string& why, bool refuse_now) {
  absl::StatusOr<PgLease> lease = store_->ReadLease();
  if (refuse_now) {
    store_->RefuseWrites(StandbyRefusal(lease.ok() ? &*lease : nullptr));
  }
  {
    absl::MutexLock lock(&mu_);
    state_.role = SequencerRole::kStandby;
    state_.epoch = 0;
    state_.active_address = lease.ok() ? lease->address : "";
  }
  Tell(absl::StrCat("standby: stepped down: ", why));
}

void Sequencer::StandbyTick() {
  {
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), options_.renew_interval);
    if (stopping_) return;
  }
  // A commit of this process's old epoch, refused by the database.
  if (store_->AwaitWriteFailure(absl::ZeroDuration())) {
    Tell(absl::StrCat("standby: a commit of the old lease was refused: ",
                      store_->write_refusal().message()));
  }
  absl::StatusOr<PgLease> lease = store_->ReadLease();
  const absl::Duration orphaned_after = options_.renew_interval * 3 / 2;
  if (lease.ok() &&
      (lease->remaining <= absl::ZeroDuration() ||
       lease->holder == options_.holder ||
       (!lease->holder_connected && lease->since_renewal > orphaned_after))) {
    absl::Status taken = TakeOver();
    if (taken.ok()) return;
    if (!absl::IsFailedPrecondition(taken)) {
      Tell(absl::StrCat("standby: could not take over: ", taken.message()));
    }
    lease = store_->ReadLease();
  }
  store_->RefuseWrites(StandbyRefusal(lease.ok() ? &*lease : nullptr));
  {
    absl::MutexLock lock(&mu_);
    if (lease.ok()) state_.active_address = lease->address;
  }
  Refresh();
}

void Sequencer::Refresh() {
  {
    absl::MutexLock lock(&mu_);
    if (absl::Now() - refreshed_ < options_.refresh_interval) return;
    refreshed_ = absl::Now();
  }
  absl::StatusOr<LogHead> stored = LogReader(store_->NewSnapshot()).Head();
  if (stored.ok() && stored->sequence != hub_->head().sequence) {
    hub_->Reload().IgnoreError();  // a read-only refresh; retried next time
  }
}

}  // namespace hub
