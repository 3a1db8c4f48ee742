// DemoClock: the transaction clock of a local demo hub (hubd --demo_clock,
// refused unless --insecure_demo_auth is given too).
//
// A call that carries the metadata kDemoTimeHeader (UTC microseconds since
// the Unix epoch) runs with the hub's clock reading that instant, so that
// `hubctl demo load` can deliver each report at the date it was received
// and the log's transaction times are those of a real reporting year
// (`asof --at 2024-07-25` then finds what had arrived by 25 July). A call
// without the header sees the real time.
//
// Calls that pin a time run one at a time: a second waits until the first
// has finished. The log never goes back in time (the engine's committer
// takes the later of the clock and the last transaction time), so a pinned
// time before the log's last event is logged at that event's time: load the
// demo into a fresh hub, before anything else is written.
//
// Thread safety: all methods may be called concurrently.
#ifndef HUB_SERVER_DEMO_CLOCK_H_
#define HUB_SERVER_DEMO_CLOCK_H_

#include <memory>
#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/support/server_interceptor.h"

namespace hub {

inline constexpr char kDemoTimeHeader[] = "x-hub-demo-time";

class DemoClock {
 public:
  // The pinned time of the call in progress, else absl::Now().
  absl::Time Now() const ABSL_LOCKS_EXCLUDED(mu_);
  // Pins t; waits while another call holds a pin. REQUIRES: Unpin() after.
  void Pin(absl::Time t) ABSL_LOCKS_EXCLUDED(mu_);
  void Unpin() ABSL_LOCKS_EXCLUDED(mu_);

 private:
  mutable absl::Mutex mu_;
  std::optional<absl::Time> pinned_ ABSL_GUARDED_BY(mu_);
};

// Creates, per call, an interceptor that pins the call's kDemoTimeHeader on
// clock from the moment its metadata arrives until the call is done. A
// malformed header is logged to stderr and the call runs on the real time.
// clock is borrowed and must outlive the server.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewDemoTimeInterceptorFactory(DemoClock* clock);

}  // namespace hub

#endif  // HUB_SERVER_DEMO_CLOCK_H_
