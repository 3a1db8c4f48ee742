// HubMetrics: the hub's metrics in Prometheus exposition format, served by
// prometheus-cpp on their own HTTP port (GET /metrics), apart from gRPC.
//
// What it measures (issue 13):
//   hub_submissions_total{department,outcome}  outcome: accepted, replayed,
//       dry_run, or the refusal reason (invalid_argument, permission_denied,
//       failed_precondition, resource_exhausted, ...)
//   hub_refusals_total{reason}     refused submissions (each one, streams
//       included) and refused calls of every other method
//   hub_open_conflicts             merged records in conflict
//   hub_log_head_sequence          the change log's head
//   hub_commit_group_size          operations per group commit (histogram)
//   hub_wal_sync_seconds           the write and sync of a group (histogram)
//   hub_commit_seconds             one write from queueing to durable
//   hub_rpc_duration_seconds{method}, hub_rpc_total{method,code}
//   hub_disk_free_bytes, hub_disk_reserve_bytes, hub_store_read_only,
//   hub_writes_refused, hub_disk_space_waits
//   hub_rocksdb_*                  RocksDB's key tickers and properties
//
// It is a HubListener: pass it in HubOptions::listeners, then, once the hub
// is open, SetSources() for the gauges read at scrape time.
//
// Thread safe.
#ifndef HUB_METRICS_METRICS_H_
#define HUB_METRICS_METRICS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hub/engine/hub.h"
#include "hub/engine/listener.h"
#include "hub/store/rocksdb_store.h"

namespace prometheus {
class Exposer;
class Registry;
}  // namespace prometheus

namespace hub {

namespace internal {
class MetricFamilies;
class ScrapeCollector;
}  // namespace internal

class HubMetrics : public HubListener {
 public:
  // Serves /metrics on listen ("127.0.0.1:9464"; port 0 picks a free one).
  // Unavailable when it cannot listen there.
  static absl::StatusOr<std::unique_ptr<HubMetrics>> Start(
      const std::string& listen);
  ~HubMetrics() override;

  // The bound port.
  int port() const { return port_; }

  // Borrowed; must outlive this object (or be replaced by null first).
  // store may be null (a store that is not RocksDB).
  void SetSources(const Hub* hub, const RocksDbStore* store);

  // One finished RPC: method is the full gRPC name, code the canonical code.
  void ObserveRpc(absl::string_view method, absl::StatusCode code,
                  double seconds);

  // HubListener.
  void OnSubmitted(const Principal& principal, const v1::Submission& submission,
                   bool dry_run,
                   const absl::StatusOr<v1::Receipt>& result) override;
  void OnGroupCommitted(const CommitGroupInfo& info) override;
  void OnOperationDone(int64_t micros, const absl::Status& status) override;

 private:
  HubMetrics();

  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<internal::MetricFamilies> families_;
  std::shared_ptr<internal::ScrapeCollector> collector_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_ = 0;
};

}  // namespace hub

#endif  // HUB_METRICS_METRICS_H_
