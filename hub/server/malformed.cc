#include "hub/server/malformed.h"

#include <atomic>
#include <mutex>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/message.h"
#include "google/protobuf/stubs/logging.h"
#include "hub/model/errors.h"
#include "hub/transport/grpc_status.h"

namespace hub {
namespace internal {
namespace {

using grpc::experimental::InterceptionHookPoints;

constexpr absl::string_view kUtf8Error = "String field '";

std::atomic<uint64_t> rejected_messages{0};
google::protobuf::LogHandler* previous_handler = nullptr;

// The field protobuf last refused for invalid UTF-8 on this thread (the
// thread that parses a request is the one that runs its interceptors).
thread_local std::string refused_field;

// Takes protobuf's "String field 'hub.v1.X.y' contains invalid UTF-8 data
// when parsing ..." for the interceptor; passes anything else on.
void OnProtobufLog(google::protobuf::LogLevel level, const char* filename,
                   int line, const std::string& message) {
  if (absl::StartsWith(message, kUtf8Error) &&
      absl::StrContains(message, "invalid UTF-8 data when parsing")) {
    size_t end = message.find('\'', kUtf8Error.size());
    refused_field = message.substr(kUtf8Error.size(), end - kUtf8Error.size());
    rejected_messages.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  if (previous_handler != nullptr) {
    previous_handler(level, filename, line, message);
  }
}

bool IsHubMethod(const char* method) {
  return method != nullptr && absl::StartsWith(method, "/hub.v1.");
}

}  // namespace

class MalformedRequests::Interceptor : public grpc::experimental::Interceptor {
 public:
  explicit Interceptor(grpc::experimental::ServerRpcInfo* info)
      : hub_method_(IsHubMethod(info->method())),
        unary_(info->type() == grpc::experimental::ServerRpcInfo::Type::UNARY) {
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (hub_method_ && methods->QueryInterceptionHookPoint(
                           InterceptionHookPoints::POST_RECV_MESSAGE)) {
      OnMessage(methods->GetRecvMessage());
    }
    if (failed_ && methods->QueryInterceptionHookPoint(
                       InterceptionHookPoints::PRE_SEND_STATUS)) {
      methods->ModifySendStatus(ToGrpcStatus(InvalidArgumentWithViolations(
          "request rejected: it does not parse",
          {{field_.empty() ? "request" : field_,
            field_.empty() ? "not a valid request message of this method"
                           : "not valid UTF-8"}})));
    }
    methods->Proceed();
  }

 private:
  void OnMessage(void* message) {
    std::string field;
    field.swap(refused_field);
    if (message != nullptr) {
      // Every hub.v1 request is a protobuf message.
      static_cast<google::protobuf::Message*>(message)->DiscardUnknownFields();
      return;
    }
    // No message: a unary request that did not parse, or a stream's end
    // (a bad stream message is told apart by protobuf's UTF-8 complaint).
    if (unary_ || !field.empty()) {
      failed_ = true;
      field_ = std::move(field);
    }
  }

  const bool hub_method_;
  const bool unary_;
  bool failed_ = false;
  std::string field_;
};

class MalformedRequests::Factory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new Interceptor(info);
  }
};

MalformedRequests::MalformedRequests() {
  static std::once_flag once;
  std::call_once(once, [] {
    previous_handler = google::protobuf::SetLogHandler(&OnProtobufLog);
  });
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MalformedRequests::NewInterceptorFactory() {
  return std::make_unique<Factory>();
}

uint64_t MalformedRequests::RejectedMessages() {
  return rejected_messages.load(std::memory_order_relaxed);
}

}  // namespace internal
}  // namespace hub
