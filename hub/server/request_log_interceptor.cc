// The request log interceptor (interceptors.h).
#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "hub/oplog/oplog.h"
#include "hub/server/interceptors.h"

namespace hub {
namespace internal {
namespace {

using grpc::experimental::InterceptionHookPoints;

constexpr size_t kMaxRequestId = 128;

// A client's request id, when it is one: printable ASCII, not too long.
bool UsableRequestId(grpc::string_ref id) {
  if (id.empty() || id.size() > kMaxRequestId) return false;
  for (char c : id) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

std::string NewRequestId() {
  static absl::Mutex mu(absl::kConstInit);
  static absl::BitGen* gen = new absl::BitGen();
  absl::MutexLock lock(&mu);
  return absl::StrCat(
      absl::Hex(absl::Uniform<uint64_t>(*gen), absl::kZeroPad16));
}

class RequestLog : public grpc::experimental::Interceptor {
 public:
  RequestLog(grpc::experimental::ServerRpcInfo* info, const Authenticator* auth,
             RpcCounts* counts)
      : info_(info), auth_(auth), counts_(counts), start_(absl::Now()) {
    counts_->in_flight.fetch_add(1);
  }
  ~RequestLog() override {
    counts_->in_flight.fetch_sub(1);
    counts_->finished.fetch_add(1);
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* m) override {
    if (m->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      m->GetSendInitialMetadata()->emplace("x-request-id", RequestId());
    }
    if (m->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      Log(m->GetSendStatus());
    }
    m->Proceed();
  }

 private:
  const std::string& RequestId() {
    if (!request_id_.empty()) return request_id_;
    const auto& md = info_->server_context()->client_metadata();
    auto it = md.find("x-request-id");
    request_id_ = it != md.end() && UsableRequestId(it->second)
                      ? std::string(it->second.data(), it->second.size())
                      : NewRequestId();
    return request_id_;
  }

  void Log(const grpc::Status& status) {
    const double ms = absl::ToDoubleMilliseconds(absl::Now() - start_);
    // As the auth interceptor (registered before this one, and alive until
    // the call is over) found it.
    absl::StatusOr<Principal> who = auth_->Caller(info_->server_context());
    const absl::Status s(static_cast<absl::StatusCode>(status.error_code()),
                         status.error_message());
    const auto code = s.code();
    oplog::Level level = s.ok() ? oplog::Level::kInfo
                         : code == absl::StatusCode::kInternal ||
                                 code == absl::StatusCode::kUnknown ||
                                 code == absl::StatusCode::kDataLoss
                             ? oplog::Level::kError
                             : oplog::Level::kWarn;
    oplog::Entry e(level, "rpc");
    e.Str("method", info_->method())
        .Str("principal", who.ok() ? who->ToString() : "unauthenticated")
        .Str("request_id", RequestId())
        .Str("code", oplog::CodeName(code))
        .Str("outcome", s.ok() ? "ok" : "refused")
        .Num("duration_ms", ms);
    if (!s.ok()) {
      e.Str("reason", oplog::Reason(s))
          .Str("message", s.message().substr(0, 500));
    }
  }

  grpc::experimental::ServerRpcInfo* const info_;
  const Authenticator* const auth_;
  RpcCounts* const counts_;
  const absl::Time start_;
  std::string request_id_;
};

class RequestLogFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  RequestLogFactory(const Authenticator* auth, RpcCounts* counts)
      : auth_(auth), counts_(counts) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RequestLog(info, auth_, counts_);
  }

 private:
  const Authenticator* const auth_;
  RpcCounts* const counts_;
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewRequestLogFactory(const Authenticator* auth, RpcCounts* counts) {
  return std::make_unique<RequestLogFactory>(auth, counts);
}

}  // namespace internal
}  // namespace hub
