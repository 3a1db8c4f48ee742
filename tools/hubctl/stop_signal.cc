#include "tools/hubctl/stop_signal.h"

#include <signal.h>

#include <chrono>

namespace hub {
namespace hubctl {
namespace {

std::atomic<bool> g_stop_requested{false};

extern "C" void OnStopSignal(int) { g_stop_requested.store(true); }

void SetHandler(void (*handler)(int)) {
  struct sigaction action = {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

}  // namespace

StopSignal::StopSignal() {
  g_stop_requested.store(false);
  SetHandler(OnStopSignal);
  watcher_ = std::thread([this] { Run(); });
}

StopSignal::~StopSignal() {
  done_.store(true);
  watcher_.join();
  SetHandler(SIG_DFL);
}

void StopSignal::Watch(grpc::ClientContext* ctx) {
  absl::MutexLock lock(&mu_);
  ctx_ = ctx;
  if (ctx_ != nullptr && stopped()) ctx_->TryCancel();
}

bool StopSignal::stopped() const { return g_stop_requested.load(); }

void StopSignal::Run() {
  while (!done_.load()) {
    if (stopped()) {
      absl::MutexLock lock(&mu_);
      if (ctx_ != nullptr) ctx_->TryCancel();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace hubctl
}  // namespace hub
