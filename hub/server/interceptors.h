// Server interceptors for operations (issue 13), registered in server.cc in
// the one interceptor list, after the authenticator (auth.h):
//   * the request log: every call's method, principal (as the authenticator
//     found it; the call is not authenticated again), outcome, duration
//     and request id on the operator's log (hub/oplog), the request id taken
//     from the client's "x-request-id" metadata when present (else made up)
//     and returned in the response's initial metadata;
//   * RPC metrics: latency and status code by method (hub/metrics);
// and a count of calls in flight, for the shutdown report.
#ifndef HUB_SERVER_INTERCEPTORS_H_
#define HUB_SERVER_INTERCEPTORS_H_

#include <atomic>
#include <memory>
#include <vector>

#include "grpcpp/support/server_interceptor.h"
#include "hub/metrics/metrics.h"
#include "hub/server/auth.h"

namespace hub {
namespace internal {

struct RpcCounts {
  std::atomic<int64_t> in_flight{0};
  std::atomic<uint64_t> finished{0};
};

using InterceptorFactories = std::vector<
    std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>;

// The request log (naming the principal auth found, counting into counts)
// and, when metrics is not null, RPC metrics. All borrowed; they must
// outlive the server. Register them after auth's interceptor.
InterceptorFactories OperationsInterceptors(const Authenticator* auth,
                                            RpcCounts* counts,
                                            HubMetrics* metrics);

}  // namespace internal
}  // namespace hub

#endif  // HUB_SERVER_INTERCEPTORS_H_
