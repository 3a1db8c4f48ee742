#include "tools/bench/echo_server.h"

#include <signal.h>

#include <cstdio>
#include <deque>
#include <fstream>
#include <memory>

#include "absl/synchronization/mutex.h"
#include "grpcpp/grpcpp.h"
#include "tools/bench/bench_echo.grpc.pb.h"

namespace hub {
namespace bench {
namespace {

class EchoService final : public Echo::CallbackService {
 public:
  grpc::ServerUnaryReactor* Prime(grpc::CallbackServerContext* ctx,
                                  const PrimeRequest* request,
                                  PrimeResponse*) override {
    auto primed = std::make_shared<const PrimeRequest>(*request);
    {
      absl::MutexLock lock(&mu_);
      primed_ = std::move(primed);
    }
    return Done(ctx);
  }
  grpc::ServerUnaryReactor* Submit(grpc::CallbackServerContext* ctx,
                                   const v1::SubmitRequest* request,
                                   v1::SubmitResponse* response) override {
    *response = Primed()->submit();
    response->set_submission_id(request->submission().submission_id());
    return Done(ctx);
  }
  grpc::ServerUnaryReactor* GetRecord(grpc::CallbackServerContext* ctx,
                                      const v1::GetRecordRequest*,
                                      v1::MergedRecord* response) override {
    *response = Primed()->record();
    return Done(ctx);
  }
  grpc::ServerUnaryReactor* ListRecords(
      grpc::CallbackServerContext* ctx, const v1::ListRecordsRequest*,
      v1::ListRecordsResponse* response) override {
    *response = Primed()->records();
    return Done(ctx);
  }
  grpc::ServerBidiReactor<v1::SubmitRequest, v1::SubmitResponse>* StreamSubmit(
      grpc::CallbackServerContext*) override;
  grpc::ServerWriteReactor<v1::ReplayResponse>* Replay(
      grpc::CallbackServerContext*, const v1::ReplayRequest*) override;

  std::shared_ptr<const PrimeRequest> Primed() {
    absl::MutexLock lock(&mu_);
    return primed_;
  }

 private:
  static grpc::ServerUnaryReactor* Done(grpc::CallbackServerContext* ctx) {
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  absl::Mutex mu_;
  std::shared_ptr<const PrimeRequest> primed_ ABSL_GUARDED_BY(mu_) =
      std::make_shared<const PrimeRequest>();
};

// Answers each request as it is read, one write at a time, in order.
class StreamEcho
    : public grpc::ServerBidiReactor<v1::SubmitRequest, v1::SubmitResponse> {
 public:
  explicit StreamEcho(std::shared_ptr<const PrimeRequest> primed)
      : primed_(std::move(primed)) {
    StartRead(&request_);
  }
  void OnReadDone(bool ok) override {
    bool write = false, finish = false;
    {
      absl::MutexLock lock(&mu_);
      if (ok) {
        queue_.push_back(primed_->submit());
        queue_.back().set_submission_id(request_.submission().submission_id());
        write = !writing_;
        writing_ = true;
      } else {
        read_closed_ = true;
        finish = !writing_;
      }
    }
    if (ok) StartRead(&request_);
    if (write) StartWrite(&queue_.front());
    if (finish) Finish(grpc::Status::OK);
  }
  void OnWriteDone(bool ok) override {
    bool write = false, finish = false;
    {
      absl::MutexLock lock(&mu_);
      queue_.pop_front();
      writing_ = !queue_.empty() && ok;
      write = writing_;
      finish = !writing_ && (read_closed_ || !ok);
    }
    if (write) StartWrite(&queue_.front());
    if (finish) Finish(grpc::Status::OK);
  }
  void OnDone() override { delete this; }

 private:
  const std::shared_ptr<const PrimeRequest> primed_;
  v1::SubmitRequest request_;
  absl::Mutex mu_;
  std::deque<v1::SubmitResponse> queue_;  // front: being written
  bool writing_ = false;
  bool read_closed_ = false;
};

grpc::ServerBidiReactor<v1::SubmitRequest, v1::SubmitResponse>*
EchoService::StreamSubmit(grpc::CallbackServerContext*) {
  return new StreamEcho(Primed());
}

class ReplayEcho : public grpc::ServerWriteReactor<v1::ReplayResponse> {
 public:
  explicit ReplayEcho(std::shared_ptr<const PrimeRequest> primed)
      : primed_(std::move(primed)) {
    Next();
  }
  void OnWriteDone(bool ok) override {
    if (!ok) return Finish(grpc::Status::CANCELLED);
    Next();
  }
  void OnDone() override { delete this; }

 private:
  void Next() {
    if (sent_ >= primed_->replay_messages() || primed_->replay().empty()) {
      return Finish(grpc::Status::OK);
    }
    const auto& r = primed_->replay(sent_ % primed_->replay_size());
    ++sent_;
    StartWrite(&r);
  }
  const std::shared_ptr<const PrimeRequest> primed_;
  uint64_t sent_ = 0;
};

grpc::ServerWriteReactor<v1::ReplayResponse>* EchoService::Replay(
    grpc::CallbackServerContext*, const v1::ReplayRequest*) {
  return new ReplayEcho(Primed());
}

}  // namespace

int RunEchoServer(const std::string& port_file) {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  EchoService service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&service);
  builder.SetMaxReceiveMessageSize(64 << 20);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    fprintf(stderr, "echo server: cannot listen\n");
    return 1;
  }
  std::ofstream(port_file + ".tmp") << port << "\n";
  std::rename((port_file + ".tmp").c_str(), port_file.c_str());
  int sig = 0;
  sigwait(&stop, &sig);
  server->Shutdown();
  return 0;
}

}  // namespace bench
}  // namespace hub
