// hub_bench's load generator: gRPC's callback client API driving many
// channels or streams with a fixed number of requests in flight each, over
// a timed window after a warm-up. The same code drives the hub and the echo
// server (bench_echo.proto), so the two differ only in the server.
#ifndef HUB_TOOLS_BENCH_LOAD_H_
#define HUB_TOOLS_BENCH_LOAD_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "hub/v1/audit.pb.h"
#include "hub/v1/hub_service.pb.h"
#include "tools/bench/stats.h"

namespace hub {
namespace bench {

enum class Server { kHub, kEcho };

struct Shape {
  int clients = 1;   // channels (unary) or streams, one connection each
  int inflight = 1;  // requests outstanding per client
  double warmup_seconds = 1;
  double seconds = 3;  // the measured window
};

struct LoadResult {
  uint64_t ok = 0;      // completed in the window
  uint64_t errors = 0;  // failed in the window (status or response error)
  uint64_t total = 0;   // completed over the whole run, warm-up included
  double seconds = 0;
  std::string first_error;
  std::unique_ptr<Latencies> latency = std::make_unique<Latencies>();
  double rate() const { return seconds > 0 ? ok / seconds : 0; }
};

using RequestSource = std::function<v1::SubmitRequest()>;

// Submit, `clients` channels with `inflight` calls each, as principal.
LoadResult RunUnarySubmit(Server server, const std::string& address,
                          const std::string& principal, const Shape& shape,
                          const RequestSource& next);
// StreamSubmit, `clients` streams with `inflight` requests unanswered each.
LoadResult RunStreamSubmit(Server server, const std::string& address,
                           const std::string& principal, const Shape& shape,
                           const RequestSource& next);
// Sends `total` requests of next (called with 0 .. total-1) to the hub
// over `clients` StreamSubmit streams with up to `inflight` unanswered
// each, and waits for every answer (to fill a hub for a scenario).
LoadResult FillHub(const std::string& address, const std::string& principal,
                   int clients, int inflight, uint64_t total,
                   const std::function<v1::SubmitRequest(uint64_t)>& next);

// GetRecord of key, one call at a time.
LoadResult RunGetRecord(Server server, const std::string& address,
                        const std::string& principal, const v1::RecordKey& key,
                        double seconds);
// ListRecords of request, one call at a time.
LoadResult RunListRecords(Server server, const std::string& address,
                          const std::string& principal,
                          const v1::ListRecordsRequest& request,
                          double seconds);

struct ReplayResult {
  uint64_t events = 0;
  uint64_t messages = 0;
  uint64_t bytes = 0;  // serialized responses
  double seconds = 0;
  std::string error;
};
// One Replay of request, read to its end. With keep (not null), the first
// `keep_messages` responses are kept there (to prime the echo server).
ReplayResult RunReplay(Server server, const std::string& address,
                       const std::string& principal,
                       const v1::ReplayRequest& request,
                       std::vector<v1::ReplayResponse>* keep = nullptr,
                       size_t keep_messages = 0);

}  // namespace bench
}  // namespace hub

#endif  // HUB_TOOLS_BENCH_LOAD_H_
