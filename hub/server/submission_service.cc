#include "hub/server/submission_service.h"

#include <deque>
#include <memory>

#include "absl/synchronization/mutex.h"
#include "grpcpp/alarm.h"
#include "grpcpp/grpcpp.h"
#include "hub/transport/grpc_status.h"

namespace hub {
namespace internal {
namespace {

// One StreamSubmit call. It deletes itself once gRPC is done with it
// (OnDone), no submission of it is still in the hub and no paced read is
// waiting for its alarm.
class StreamSubmitReactor final
    : public grpc::ServerBidiReactor<v1::SubmitRequest, v1::SubmitResponse> {
 public:
  StreamSubmitReactor(Hub* hub, CallLimits* limits,
                      absl::StatusOr<Principal> principal)
      : hub_(hub), limits_(limits) {
    if (!principal.ok()) {
      Finish(ToGrpcStatus(principal.status()));
      return;
    }
    principal_ = *std::move(principal);
    who_ = principal_.ToString();
    StartRead(&incoming_);  // the call's own token covers the first message
  }

  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnDone() override;

 private:
  struct Slot {
    v1::SubmitRequest request;
    v1::SubmitResponse response;
    bool ready = false;
  };
  // What to start after a state change, decided under mu_, started after
  // it is released (gRPC may run reactions on the calling thread).
  struct Actions {
    const v1::SubmitResponse* write = nullptr;
    bool read = false;
    bool finish = false;
    bool destroy = false;
  };

  void OnOutcome(Slot* slot, absl::StatusOr<v1::Receipt> outcome);
  Actions Next() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Run(const Actions& a);
  // Starts the next read once the principal's message rate allows it: now,
  // or from an alarm (OnPaced) when its token is due.
  void ReadNext();
  void OnPaced();

  Hub* const hub_;
  CallLimits* const limits_;
  Principal principal_;
  std::string who_;  // principal_.ToString(), the rate's key
  // Only one read (or paced wait) is outstanding at a time, so these are
  // touched by one thread at a time without mu_.
  std::unique_ptr<grpc::Alarm> alarm_;
  v1::SubmitRequest incoming_;  // the read in progress
  absl::Mutex mu_;
  std::deque<std::unique_ptr<Slot>> slots_ ABSL_GUARDED_BY(mu_);
  size_t in_hub_ ABSL_GUARDED_BY(mu_) = 0;  // submitted, no outcome yet
  bool reading_ ABSL_GUARDED_BY(mu_) = true;
  bool read_done_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool broken_ ABSL_GUARDED_BY(mu_) = false;  // a write failed
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;    // OnDone ran
  bool pacing_ ABSL_GUARDED_BY(mu_) = false;  // an alarm is set
};

void StreamSubmitReactor::OnReadDone(bool ok) {
  Slot* slot = nullptr;
  Actions a;
  {
    absl::MutexLock lock(&mu_);
    reading_ = false;
    if (!ok) {
      read_done_ = true;
    } else {
      slots_.push_back(std::make_unique<Slot>());
      slot = slots_.back().get();
      slot->request = std::move(incoming_);
      ++in_hub_;
    }
    a = Next();
  }
  if (slot != nullptr) {
    slot->response.set_submission_id(
        slot->request.submission().submission_id());
    hub_->SubmitAsync(principal_, slot->request.submission(),
                      slot->request.dry_run(),
                      [this, slot](absl::StatusOr<v1::Receipt> outcome) {
                        OnOutcome(slot, std::move(outcome));
                      });
  }
  Run(a);
}

void StreamSubmitReactor::OnOutcome(Slot* slot,
                                    absl::StatusOr<v1::Receipt> outcome) {
  if (outcome.ok()) {
    *slot->response.mutable_receipt() = *std::move(outcome);
  } else {
    *slot->response.mutable_error() = ToRpcStatus(outcome.status());
  }
  Actions a;
  {
    absl::MutexLock lock(&mu_);
    slot->ready = true;
    --in_hub_;
    a = Next();
  }
  Run(a);
}

void StreamSubmitReactor::OnWriteDone(bool ok) {
  Actions a;
  {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    slots_.pop_front();
    if (!ok) broken_ = true;
    a = Next();
  }
  Run(a);
}

void StreamSubmitReactor::OnDone() {
  Actions a;
  {
    absl::MutexLock lock(&mu_);
    done_ = true;
    a = Next();
  }
  Run(a);
}

StreamSubmitReactor::Actions StreamSubmitReactor::Next() {
  Actions a;
  if (done_) {
    a.destroy = in_hub_ == 0 && !pacing_;
    return a;
  }
  if (broken_) {
    // The client is gone: answers are dropped as they become final.
    while (!writing_ && !slots_.empty() && slots_.front()->ready) {
      slots_.pop_front();
    }
  }
  if (!writing_ && !broken_ && !slots_.empty() && slots_.front()->ready) {
    writing_ = true;
    a.write = &slots_.front()->response;
  }
  if (!reading_ && !read_done_ && !broken_ &&
      slots_.size() < CallbackSubmissionService::kStreamWindow) {
    reading_ = true;
    a.read = true;
  }
  if (!finished_ && !writing_ && slots_.empty() && (read_done_ || broken_) &&
      !reading_) {
    finished_ = true;
    a.finish = true;
  }
  return a;
}

void StreamSubmitReactor::Run(const Actions& a) {
  if (a.destroy) {
    delete this;
    return;
  }
  if (a.write != nullptr) StartWrite(a.write);
  if (a.read) ReadNext();
  if (a.finish) Finish(grpc::Status::OK);
}

void StreamSubmitReactor::ReadNext() {
  const absl::Duration wait =
      limits_ == nullptr ? absl::ZeroDuration() : limits_->TakeMessage(who_);
  if (wait <= absl::ZeroDuration()) {
    StartRead(&incoming_);
    return;
  }
  {
    absl::MutexLock lock(&mu_);
    pacing_ = true;
  }
  // A fresh alarm each time: the last one may be the one calling us.
  alarm_ = std::make_unique<grpc::Alarm>();
  alarm_->Set(absl::ToChronoTime(absl::Now() + wait),
              [this](bool) { OnPaced(); });
}

void StreamSubmitReactor::OnPaced() {
  Actions a;
  {
    absl::MutexLock lock(&mu_);
    pacing_ = false;
    if (!done_) {
      a.read = true;  // reading_ is still set: ask for the token again
    } else {
      a = Next();
    }
  }
  Run(a);
}

}  // namespace

grpc::ServerUnaryReactor* CallbackSubmissionService::Submit(
    grpc::CallbackServerContext* ctx, const v1::SubmitRequest* request,
    v1::SubmitResponse* response) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) {
    reactor->Finish(ToGrpcStatus(principal.status()));
    return reactor;
  }
  // request and response live until the call is finished.
  hub_->SubmitAsync(
      *principal, request->submission(), request->dry_run(),
      [reactor, request, response](absl::StatusOr<v1::Receipt> receipt) {
        if (!receipt.ok()) {
          reactor->Finish(ToGrpcStatus(receipt.status()));
          return;
        }
        response->set_submission_id(request->submission().submission_id());
        *response->mutable_receipt() = *std::move(receipt);
        reactor->Finish(grpc::Status::OK);
      });
  return reactor;
}

grpc::ServerBidiReactor<v1::SubmitRequest, v1::SubmitResponse>*
CallbackSubmissionService::StreamSubmit(grpc::CallbackServerContext* ctx) {
  return new StreamSubmitReactor(hub_, limits_, Caller(ctx));
}

}  // namespace internal
}  // namespace hub
