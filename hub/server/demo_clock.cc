#include "hub/server/demo_clock.h"

#include <cstdio>
#include <string>

#include "absl/strings/numbers.h"

namespace hub {

absl::Time DemoClock::Now() const {
  absl::MutexLock lock(&mu_);
  return pinned_.has_value() ? *pinned_ : absl::Now();
}

void DemoClock::Pin(absl::Time t) {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](std::optional<absl::Time>* p) { return !p->has_value(); }, &pinned_));
  pinned_ = t;
}

void DemoClock::Unpin() {
  absl::MutexLock lock(&mu_);
  pinned_.reset();
}

namespace {

using grpc::experimental::InterceptionHookPoints;

// Pins on the call's metadata; unpins before the call's status is sent, or
// when the call (and so this interceptor) is destroyed without one.
class DemoTimeInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit DemoTimeInterceptor(DemoClock* clock) : clock_(clock) {}
  ~DemoTimeInterceptor() override {
    if (pinned_) clock_->Unpin();
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      auto* metadata = methods->GetRecvInitialMetadata();
      auto it = metadata->find(kDemoTimeHeader);
      if (it != metadata->end()) {
        std::string text(it->second.data(), it->second.size());
        int64_t micros = 0;
        if (absl::SimpleAtoi(text, &micros)) {
          clock_->Pin(absl::FromUnixMicros(micros));
          pinned_ = true;
        } else {
          fprintf(stderr, "hubd: ignoring %s \"%s\": not UTC microseconds\n",
                  kDemoTimeHeader, text.c_str());
        }
      }
    }
    if (pinned_ && methods->QueryInterceptionHookPoint(
                       InterceptionHookPoints::PRE_SEND_STATUS)) {
      // The handler is done: unpin before the caller can see the status.
      clock_->Unpin();
      pinned_ = false;
    }
    methods->Proceed();
  }

 private:
  DemoClock* const clock_;
  bool pinned_ = false;
};

class DemoTimeInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit DemoTimeInterceptorFactory(DemoClock* clock) : clock_(clock) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo*) override {
    return new DemoTimeInterceptor(clock_);
  }

 private:
  DemoClock* const clock_;
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewDemoTimeInterceptorFactory(DemoClock* clock) {
  return std::make_unique<DemoTimeInterceptorFactory>(clock);
}

}  // namespace hub
