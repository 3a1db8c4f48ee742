#include "tools/bench/load.h"

#include <atomic>
#include <chrono>
#include <deque>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "grpcpp/grpcpp.h"
#include "hub/v1/audit.grpc.pb.h"
#include "hub/v1/hub_service.grpc.pb.h"
#include "tools/bench/bench_echo.grpc.pb.h"

namespace hub {
namespace bench {
namespace {

using Clock = std::chrono::steady_clock;

double MicrosSince(Clock::time_point t) {
  return std::chrono::duration<double, std::micro>(Clock::now() - t).count();
}

// One connection per client: a channel argument nobody else sets keeps
// gRPC from sharing the subchannel.
std::shared_ptr<grpc::Channel> NewChannel(const std::string& address, int id) {
  grpc::ChannelArguments args;
  args.SetInt("hub_bench.channel", id);
  args.SetMaxReceiveMessageSize(256 << 20);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(),
                                   args);
}

// The measured window, shared by every client of a run.
class Window {
 public:
  explicit Window(const Shape& shape)
      : begin_(Clock::now() + ToDuration(shape.warmup_seconds)),
        end_(begin_ + ToDuration(shape.seconds)),
        seconds_(shape.seconds) {}

  bool Over() const { return Clock::now() >= end_; }
  // Counts a completion (started at start) when it falls in the window.
  void Complete(Clock::time_point start, bool ok, const std::string& error) {
    total_.fetch_add(1);
    Clock::time_point now = Clock::now();
    if (now < begin_ || now >= end_) return;
    if (ok) {
      ok_.fetch_add(1);
      result_.latency->Add(MicrosSince(start));
    } else if (errors_.fetch_add(1) == 0) {
      absl::MutexLock lock(&mu_);
      result_.first_error = error;
    }
  }
  LoadResult Take() {
    result_.ok = ok_.load();
    result_.errors = errors_.load();
    result_.total = total_.load();
    result_.seconds = seconds_;
    return std::move(result_);
  }
  void WaitOver() const { std::this_thread::sleep_until(end_); }

 private:
  static Clock::duration ToDuration(double s) {
    return std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(s));
  }
  const Clock::time_point begin_, end_;
  const double seconds_;
  std::atomic<uint64_t> ok_{0}, errors_{0}, total_{0};
  absl::Mutex mu_;
  LoadResult result_;
};

// Counts calls still running, to wait for them all.
class Pending {
 public:
  void Add() { n_.fetch_add(1); }
  void Done() {
    if (n_.fetch_sub(1) == 1) {
      absl::MutexLock lock(&mu_);
      zero_ = true;
    }
  }
  void Wait() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(&zero_));
  }

 private:
  std::atomic<int> n_{0};
  absl::Mutex mu_;
  bool zero_ = false;
};

// --- unary ---------------------------------------------------------------

template <typename Stub>
class UnaryClient {
 public:
  UnaryClient(Stub* stub, const std::string& principal, Window* window,
              Pending* pending, const RequestSource& next)
      : stub_(stub),
        principal_(principal),
        window_(window),
        pending_(pending),
        next_(next) {}

  void Issue() {
    auto call = std::make_shared<Call>();
    call->ctx.AddMetadata("x-hub-principal", principal_);
    call->ctx.set_deadline(std::chrono::system_clock::now() +
                           std::chrono::seconds(120));
    call->request = next_();
    call->start = Clock::now();
    stub_->async()->Submit(&call->ctx, &call->request, &call->response,
                           [this, call](grpc::Status s) {
                             window_->Complete(call->start, s.ok(),
                                               s.error_message());
                             Retire(call);
                             if (window_->Over()) {
                               pending_->Done();
                             } else {
                               Issue();
                             }
                           });
  }

 private:
  struct Call {
    grpc::ClientContext ctx;
    v1::SubmitRequest request;
    v1::SubmitResponse response;
    Clock::time_point start;
  };
  // gRPC still uses a call's context just after its callback returns, so a
  // finished call is kept until thousands more have finished.
  void Retire(std::shared_ptr<Call> call) {
    std::shared_ptr<Call> oldest;
    absl::MutexLock lock(&mu_);
    oldest = std::move(retired_[next_retired_ % retired_.size()]);
    retired_[next_retired_++ % retired_.size()] = std::move(call);
  }
  absl::Mutex mu_;
  std::vector<std::shared_ptr<Call>> retired_ =
      std::vector<std::shared_ptr<Call>>(8192);
  size_t next_retired_ = 0;
  Stub* const stub_;
  const std::string principal_;
  Window* const window_;
  Pending* const pending_;
  const RequestSource& next_;
};

template <typename Stub>
LoadResult UnaryLoad(const std::string& address, const std::string& principal,
                     const Shape& shape, const RequestSource& next) {
  Window window(shape);
  Pending pending;
  std::vector<std::unique_ptr<Stub>> stubs;
  std::vector<std::unique_ptr<UnaryClient<Stub>>> clients;
  for (int c = 0; c < shape.clients; ++c) {
    stubs.push_back(std::make_unique<Stub>(NewChannel(address, c)));
    clients.push_back(std::make_unique<UnaryClient<Stub>>(
        stubs.back().get(), principal, &window, &pending, next));
  }
  for (int i = 0; i < shape.inflight; ++i) {
    for (auto& client : clients) {
      pending.Add();
      client->Issue();
    }
  }
  window.WaitOver();
  pending.Wait();
  return window.Take();
}

// --- streaming -----------------------------------------------------------

class StreamClient
    : public grpc::ClientBidiReactor<v1::SubmitRequest, v1::SubmitResponse> {
 public:
  StreamClient(const std::string& principal, int inflight, Window* window,
               Pending* pending, const RequestSource& next)
      : inflight_(inflight), window_(window), pending_(pending), next_(next) {
    ctx_.AddMetadata("x-hub-principal", principal);
  }
  grpc::ClientContext* context() { return &ctx_; }

  void Begin() {
    StartRead(&response_);
    Pump();
    StartCall();
  }
  // Writes while under the window; after it, half-closes once every
  // request was answered.
  void Pump() {
    bool write = false, close = false;
    {
      absl::MutexLock lock(&mu_);
      if (writing_ || closed_) return;
      if (!window_->Over()) {
        if (sent_.size() < static_cast<size_t>(inflight_)) {
          request_ = next_();
          sent_.push_back(Clock::now());
          writing_ = write = true;
        }
      } else if (sent_.empty()) {
        closed_ = close = true;
      }
    }
    if (write) StartWrite(&request_);
    if (close) StartWritesDone();
  }
  void OnWriteDone(bool ok) override {
    {
      absl::MutexLock lock(&mu_);
      writing_ = false;
      if (!ok) closed_ = true;
    }
    Pump();
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    Clock::time_point start;
    {
      absl::MutexLock lock(&mu_);
      start = sent_.front();
      sent_.pop_front();
    }
    window_->Complete(start, !response_.has_error(),
                      response_.error().message());
    StartRead(&response_);
    Pump();
  }
  void OnDone(const grpc::Status& s) override {
    if (!s.ok()) window_->Complete(Clock::now(), false, s.error_message());
    pending_->Done();
  }

 private:
  grpc::ClientContext ctx_;
  const int inflight_;
  Window* const window_;
  Pending* const pending_;
  const RequestSource& next_;
  v1::SubmitRequest request_;
  v1::SubmitResponse response_;
  absl::Mutex mu_;
  std::deque<Clock::time_point> sent_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
};

template <typename Stub>
LoadResult StreamLoad(const std::string& address, const std::string& principal,
                      const Shape& shape, const RequestSource& next) {
  Window window(shape);
  Pending pending;
  std::vector<std::unique_ptr<Stub>> stubs;
  std::vector<std::unique_ptr<StreamClient>> clients;
  for (int c = 0; c < shape.clients; ++c) {
    stubs.push_back(std::make_unique<Stub>(NewChannel(address, c)));
    clients.push_back(std::make_unique<StreamClient>(principal, shape.inflight,
                                                     &window, &pending, next));
    pending.Add();
    stubs.back()->async()->StreamSubmit(clients.back()->context(),
                                        clients.back().get());
    clients.back()->Begin();
  }
  window.WaitOver();
  for (auto& c : clients) c->Pump();
  pending.Wait();
  return window.Take();
}

// --- reads -----------------------------------------------------------------

template <typename Stub, typename Request, typename Response>
LoadResult ReadLoop(const std::string& address, const std::string& principal,
                    const Request& request, double seconds,
                    grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                 const Request&, Response*)) {
  Shape shape;
  shape.seconds = seconds;
  shape.warmup_seconds = 0.5;
  Window window(shape);
  Stub stub(NewChannel(address, 0));
  while (!window.Over()) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("x-hub-principal", principal);
    Response response;
    Clock::time_point start = Clock::now();
    grpc::Status s = (stub.*method)(&ctx, request, &response);
    window.Complete(start, s.ok(), s.error_message());
  }
  return window.Take();
}

}  // namespace

LoadResult RunUnarySubmit(Server server, const std::string& address,
                          const std::string& principal, const Shape& shape,
                          const RequestSource& next) {
  if (server == Server::kEcho) {
    return UnaryLoad<Echo::Stub>(address, principal, shape, next);
  }
  return UnaryLoad<v1::SubmissionService::Stub>(address, principal, shape,
                                                next);
}

LoadResult RunStreamSubmit(Server server, const std::string& address,
                           const std::string& principal, const Shape& shape,
                           const RequestSource& next) {
  if (server == Server::kEcho) {
    return StreamLoad<Echo::Stub>(address, principal, shape, next);
  }
  return StreamLoad<v1::SubmissionService::Stub>(address, principal, shape,
                                                 next);
}

LoadResult RunGetRecord(Server server, const std::string& address,
                        const std::string& principal, const v1::RecordKey& key,
                        double seconds) {
  v1::GetRecordRequest request;
  *request.mutable_key() = key;
  if (server == Server::kEcho) {
    return ReadLoop(address, principal, request, seconds,
                    &Echo::Stub::GetRecord);
  }
  return ReadLoop(address, principal, request, seconds,
                  &v1::RecordService::Stub::GetRecord);
}

LoadResult RunListRecords(Server server, const std::string& address,
                          const std::string& principal,
                          const v1::ListRecordsRequest& request,
                          double seconds) {
  if (server == Server::kEcho) {
    return ReadLoop(address, principal, request, seconds,
                    &Echo::Stub::ListRecords);
  }
  return ReadLoop(address, principal, request, seconds,
                  &v1::RecordService::Stub::ListRecords);
}

namespace {

template <typename Stub>
ReplayResult ReplayOnce(const std::string& address,
                        const std::string& principal,
                        const v1::ReplayRequest& request,
                        std::vector<v1::ReplayResponse>* keep,
                        size_t keep_messages) {
  Stub stub(NewChannel(address, 0));
  grpc::ClientContext ctx;
  ctx.AddMetadata("x-hub-principal", principal);
  ReplayResult result;
  Clock::time_point start = Clock::now();
  auto reader = stub.Replay(&ctx, request);
  v1::ReplayResponse response;
  while (reader->Read(&response)) {
    ++result.messages;
    result.events += response.has_event() ? 1 : response.events_size();
    result.bytes += response.ByteSizeLong();
    if (keep != nullptr && keep->size() < keep_messages) {
      keep->push_back(response);
    }
  }
  grpc::Status s = reader->Finish();
  result.seconds = MicrosSince(start) / 1e6;
  if (!s.ok()) result.error = s.error_message();
  return result;
}

}  // namespace

LoadResult FillHub(const std::string& address, const std::string& principal,
                   int clients, int inflight, uint64_t total,
                   const std::function<v1::SubmitRequest(uint64_t)>& next) {
  std::atomic<uint64_t> issued{0}, ok{0}, errors{0};
  absl::Mutex error_mu;
  std::string first_error;
  Clock::time_point start = Clock::now();
  std::vector<std::thread> streams;
  for (int c = 0; c < clients; ++c) {
    streams.emplace_back([&, c] {
      v1::SubmissionService::Stub stub(NewChannel(address, c));
      grpc::ClientContext ctx;
      ctx.AddMetadata("x-hub-principal", principal);
      auto stream = stub.StreamSubmit(&ctx);
      absl::Mutex mu;
      absl::CondVar room;
      int outstanding = 0;
      std::thread reader([&] {
        v1::SubmitResponse response;
        while (stream->Read(&response)) {
          if (response.has_error()) {
            if (errors.fetch_add(1) == 0) {
              absl::MutexLock lock(&error_mu);
              first_error = response.error().message();
            }
          } else {
            ok.fetch_add(1);
          }
          absl::MutexLock lock(&mu);
          --outstanding;
          room.Signal();
        }
      });
      for (uint64_t n = issued.fetch_add(1); n < total;
           n = issued.fetch_add(1)) {
        v1::SubmitRequest request = next(n);
        {
          absl::MutexLock lock(&mu);
          while (outstanding >= inflight) room.Wait(&mu);
          ++outstanding;
        }
        if (!stream->Write(request)) break;
      }
      stream->WritesDone();
      reader.join();
      grpc::Status s = stream->Finish();
      if (!s.ok() && errors.fetch_add(1) == 0) {
        absl::MutexLock lock(&error_mu);
        first_error = s.error_message();
      }
    });
  }
  for (auto& t : streams) t.join();
  LoadResult result;
  result.ok = ok.load();
  result.errors = errors.load();
  result.first_error = first_error;
  result.seconds = MicrosSince(start) / 1e6;
  return result;
}

ReplayResult RunReplay(Server server, const std::string& address,
                       const std::string& principal,
                       const v1::ReplayRequest& request,
                       std::vector<v1::ReplayResponse>* keep,
                       size_t keep_messages) {
  if (server == Server::kEcho) {
    return ReplayOnce<Echo::Stub>(address, principal, request, keep,
                                  keep_messages);
  }
  return ReplayOnce<v1::AuditService::Stub>(address, principal, request, keep,
                                            keep_messages);
}

}  // namespace bench
}  // namespace hub
