// Internal to hub/metrics: the metric families HubMetrics updates as events
// happen, and the collector that reads gauges at scrape time.
#ifndef HUB_METRICS_INTERNAL_COLLECTOR_H_
#define HUB_METRICS_INTERNAL_COLLECTOR_H_

#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "hub/engine/hub.h"
#include "hub/store/rocksdb_store.h"
#include "prometheus/collectable.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace hub {
namespace internal {

class MetricFamilies {
 public:
  explicit MetricFamilies(prometheus::Registry& registry);

  prometheus::Family<prometheus::Counter>& submissions;
  prometheus::Family<prometheus::Counter>& refusals;
  prometheus::Family<prometheus::Counter>& rpcs;
  prometheus::Family<prometheus::Histogram>& rpc_duration;
  prometheus::Histogram& group_size;
  prometheus::Histogram& wal_sync;
  prometheus::Histogram& commit;
};

// Gauges read when Prometheus scrapes: the log head, open conflicts, disk
// space, write refusals and RocksDB's statistics.
class ScrapeCollector : public prometheus::Collectable {
 public:
  void SetSources(const Hub* hub, const RocksDbStore* store);
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  mutable absl::Mutex mu_;
  const Hub* hub_ ABSL_GUARDED_BY(mu_) = nullptr;
  const RocksDbStore* store_ ABSL_GUARDED_BY(mu_) = nullptr;
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_METRICS_INTERNAL_COLLECTOR_H_
