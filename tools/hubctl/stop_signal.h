// StopSignal: ends a long-running call (replay --follow) cleanly on SIGINT
// or SIGTERM, so `hubctl replay --follow` stopped by Ctrl-C or `timeout`
// prints where to resume and exits 0.
//
// While a StopSignal exists, SIGINT and SIGTERM set a flag instead of
// killing the process; a watcher thread then cancels the context being
// watched. Only one StopSignal at a time.
#ifndef HUB_TOOLS_HUBCTL_STOP_SIGNAL_H_
#define HUB_TOOLS_HUBCTL_STOP_SIGNAL_H_

#include <atomic>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/client_context.h"

namespace hub {
namespace hubctl {

class StopSignal {
 public:
  StopSignal();   // installs the handlers
  ~StopSignal();  // restores the default actions
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  // The context to cancel on a signal (borrowed; nullptr for none). Call
  // with nullptr before the context is destroyed.
  void Watch(grpc::ClientContext* ctx) ABSL_LOCKS_EXCLUDED(mu_);
  // True once SIGINT or SIGTERM arrived.
  bool stopped() const;

 private:
  void Run();

  absl::Mutex mu_;
  grpc::ClientContext* ctx_ ABSL_GUARDED_BY(mu_) = nullptr;
  std::atomic<bool> done_{false};
  std::thread watcher_;
};

}  // namespace hubctl
}  // namespace hub

#endif  // HUB_TOOLS_HUBCTL_STOP_SIGNAL_H_
