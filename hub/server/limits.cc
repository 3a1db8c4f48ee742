#include "hub/server/limits.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "hub/model/errors.h"

namespace hub {
namespace internal {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

absl::Time DeadlineOf(const grpc::ServerContextBase& call) {
  const auto d = call.deadline();
  if (d == std::chrono::system_clock::time_point::max()) {
    return absl::InfiniteFuture();
  }
  return absl::FromChrono(d);
}

bool IsStream(ServerRpcInfo::Type type) {
  return type != ServerRpcInfo::Type::UNARY;
}

}  // namespace

// Admits its call when the call's metadata has arrived (after the
// authenticator's interceptor); paces the messages of a client stream;
// gives the stream's place back when the call is over.
class CallLimits::Interceptor : public grpc::experimental::Interceptor {
 public:
  Interceptor(CallLimits* limits, ServerRpcInfo* info)
      : limits_(limits),
        call_(info->server_context()),
        stream_(IsStream(info->type())),
        client_stream_((info->type() == ServerRpcInfo::Type::CLIENT_STREAMING ||
                        info->type() == ServerRpcInfo::Type::BIDI_STREAMING) &&
                       !(info->method() != nullptr &&
                         limits->paced_by_reactor_.contains(info->method()))) {}
  ~Interceptor() override {
    if (holds_place_) limits_->Release(principal_);
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      Admit(*methods->GetRecvInitialMetadata());
    }
    if (client_stream_ && admitted_ &&
        methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() != nullptr &&
        ++messages_ > 1) {  // the call's own token covered the first
      limits_->Pace(principal_);
    }
    methods->Proceed();
  }

 private:
  void Admit(
      const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
    // The principal as the authenticator sees it (its interceptor may run
    // after this one: gRPC runs receiving hooks last to first).
    absl::StatusOr<Principal> principal =
        limits_->auth_->Identify(metadata, *call_);
    if (!principal.ok()) return;  // the authenticator refuses it
    principal_ = principal->ToString();
    absl::Status admitted =
        limits_->Admit(*principal, stream_, DeadlineOf(*call_), absl::Now());
    if (!admitted.ok()) {
      limits_->auth_->Refuse(call_, std::move(admitted));
      return;
    }
    admitted_ = true;
    holds_place_ = stream_;
  }

  CallLimits* const limits_;
  const grpc::ServerContextBase* const call_;
  const bool stream_;
  const bool client_stream_;  // paced here (not by its reactor)
  std::string principal_;
  bool admitted_ = false;
  bool holds_place_ = false;
  int64_t messages_ = 0;
};

class CallLimits::Factory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit Factory(CallLimits* limits) : limits_(limits) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      ServerRpcInfo* info) override {
    return new Interceptor(limits_, info);
  }

 private:
  CallLimits* const limits_;
};

CallLimits::CallLimits(const LimitOptions& options, Authenticator* auth)
    : options_(options),
      auth_(auth),
      rate_(options.calls_per_second, options.burst),
      messages_(options.messages_per_second, options.message_burst) {}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
CallLimits::NewInterceptorFactory() {
  return std::make_unique<Factory>(this);
}

absl::Status CallLimits::Admit(const Principal& principal, bool stream,
                               absl::Time deadline, absl::Time now) {
  if (!stream && options_.require_deadline &&
      deadline == absl::InfiniteFuture()) {
    return InvalidArgumentWithViolations(
        "a deadline is required",
        {{"grpc-timeout",
          absl::StrCat("every call needs a deadline, of at most ",
                       absl::FormatDuration(options_.max_deadline))}});
  }
  if (!stream && deadline != absl::InfiniteFuture() &&
      deadline - now > options_.max_deadline) {
    return InvalidArgumentWithViolations(
        "the deadline is too far",
        {{"grpc-timeout",
          absl::StrCat(absl::FormatDuration(deadline - now),
                       " is past the cap of ",
                       absl::FormatDuration(options_.max_deadline))}});
  }
  const std::string who = principal.ToString();
  const absl::Duration wait = rate_.Take(who, now);
  if (wait > absl::ZeroDuration()) {
    return RetryLater(
        absl::StrFormat(
            "%s is over its rate of %g calls a second; retry "
            "after %s",
            who, options_.calls_per_second,
            absl::FormatDuration(absl::Ceil(wait, absl::Milliseconds(1)))),
        wait);
  }
  if (!stream) return absl::OkStatus();
  absl::MutexLock lock(&mu_);
  int& mine = open_by_principal_[who];
  if (mine >= options_.streams_per_principal || open_ >= options_.streams) {
    if (mine == 0) open_by_principal_.erase(who);
    return absl::ResourceExhaustedError(
        open_ >= options_.streams
            ? absl::StrCat("hubd has ", open_, " streams open, at most ",
                           options_.streams, "; try again later")
            : absl::StrCat(who, " has ", mine, " streams open, at most ",
                           options_.streams_per_principal,
                           "; close one first"));
  }
  ++mine;
  ++open_;
  return absl::OkStatus();
}

void CallLimits::Release(const std::string& principal) {
  absl::MutexLock lock(&mu_);
  --open_;
  auto it = open_by_principal_.find(principal);
  if (it != open_by_principal_.end() && --it->second <= 0) {
    open_by_principal_.erase(it);
  }
}

void CallLimits::Pace(const std::string& principal) {
  for (;;) {
    absl::Duration wait = messages_.Take(principal, absl::Now());
    if (wait == absl::ZeroDuration()) return;
    absl::SleepFor(wait);
  }
}

void CallLimits::PacedByReactor(std::string method) {
  paced_by_reactor_.insert(std::move(method));
}

absl::Duration CallLimits::TakeMessage(const std::string& principal) {
  return messages_.Take(principal, absl::Now());
}

int CallLimits::open_streams() const {
  absl::MutexLock lock(&mu_);
  return open_;
}

}  // namespace internal
}  // namespace hub
