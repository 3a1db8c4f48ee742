// The RPC metrics interceptor, and the list of operations interceptors
// (interceptors.h).
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "hub/server/interceptors.h"

namespace hub {
namespace internal {

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewRequestLogFactory(const Authenticator* auth, RpcCounts* counts);

namespace {

using grpc::experimental::InterceptionHookPoints;

class RpcMetrics : public grpc::experimental::Interceptor {
 public:
  RpcMetrics(grpc::experimental::ServerRpcInfo* info, HubMetrics* metrics)
      : method_(info->method()), metrics_(metrics), start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* m) override {
    if (m->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      metrics_->ObserveRpc(
          method_,
          static_cast<absl::StatusCode>(m->GetSendStatus().error_code()),
          absl::ToDoubleSeconds(absl::Now() - start_));
    }
    m->Proceed();
  }

 private:
  const char* const method_;
  HubMetrics* const metrics_;
  const absl::Time start_;
};

class RpcMetricsFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit RpcMetricsFactory(HubMetrics* metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RpcMetrics(info, metrics_);
  }

 private:
  HubMetrics* const metrics_;
};

}  // namespace

InterceptorFactories OperationsInterceptors(const Authenticator* auth,
                                            RpcCounts* counts,
                                            HubMetrics* metrics) {
  InterceptorFactories out;
  out.push_back(NewRequestLogFactory(auth, counts));
  if (metrics != nullptr) {
    out.push_back(std::make_unique<RpcMetricsFactory>(metrics));
  }
  return out;
}

}  // namespace internal
}  // namespace hub
