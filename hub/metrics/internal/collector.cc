#include "hub/metrics/internal/collector.h"

#include "absl/strings/str_cat.h"

namespace hub {
namespace internal {
namespace {

prometheus::MetricFamily Gauge(const std::string& name, const std::string& help,
                               double value) {
  prometheus::MetricFamily f{name, help, prometheus::MetricType::Gauge, {}};
  prometheus::ClientMetric m;
  m.gauge.value = value;
  f.metric.push_back(std::move(m));
  return f;
}

prometheus::MetricFamily Counter(const std::string& name,
                                 const std::string& help, double value) {
  prometheus::MetricFamily f{name, help, prometheus::MetricType::Counter, {}};
  prometheus::ClientMetric m;
  m.counter.value = value;
  f.metric.push_back(std::move(m));
  return f;
}

std::vector<prometheus::Histogram::BucketBoundaries::value_type> Latency() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,   0.1,     0.25,   0.5,   1,      2.5,   10};
}

}  // namespace

MetricFamilies::MetricFamilies(prometheus::Registry& registry)
    : submissions(prometheus::BuildCounter()
                      .Name("hub_submissions_total")
                      .Help("submissions by department and outcome (accepted, "
                            "replayed, dry_run, or the refusal reason)")
                      .Register(registry)),
      refusals(prometheus::BuildCounter()
                   .Name("hub_refusals_total")
                   .Help("refused submissions and calls, by reason")
                   .Register(registry)),
      rpcs(prometheus::BuildCounter()
               .Name("hub_rpc_total")
               .Help("finished gRPC calls by method and status code")
               .Register(registry)),
      rpc_duration(prometheus::BuildHistogram()
                       .Name("hub_rpc_duration_seconds")
                       .Help("gRPC call duration by method")
                       .Register(registry)),
      group_size(prometheus::BuildHistogram()
                     .Name("hub_commit_group_size")
                     .Help("operations per group commit")
                     .Register(registry)
                     .Add({},
                          prometheus::Histogram::BucketBoundaries{
                              1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024})),
      wal_sync(prometheus::BuildHistogram()
                   .Name("hub_wal_sync_seconds")
                   .Help("writing and syncing one group commit's batch")
                   .Register(registry)
                   .Add({}, Latency())),
      commit(prometheus::BuildHistogram()
                 .Name("hub_commit_seconds")
                 .Help("one write operation from queueing to durable")
                 .Register(registry)
                 .Add({}, Latency())) {}

void ScrapeCollector::SetSources(const Hub* hub, const RocksDbStore* store) {
  absl::MutexLock lock(&mu_);
  hub_ = hub;
  store_ = store;
}

std::vector<prometheus::MetricFamily> ScrapeCollector::Collect() const {
  absl::MutexLock lock(&mu_);
  std::vector<prometheus::MetricFamily> out;
  if (hub_ != nullptr) {
    out.push_back(Gauge("hub_log_head_sequence",
                        "sequence of the last event in the change log",
                        static_cast<double>(hub_->head().sequence)));
    absl::StatusOr<uint64_t> conflicts =
        hub_->NewReaders().records.Count(v1::RECORD_STATE_CONFLICT);
    if (conflicts.ok()) {
      out.push_back(Gauge("hub_open_conflicts",
                          "merged records in conflict, awaiting the reform "
                          "office",
                          static_cast<double>(*conflicts)));
    }
    out.push_back(Gauge("hub_writes_refused",
                        "1 while an operator must decide before writes go on "
                        "(a log that went backwards)",
                        hub_->write_refusal().ok() ? 0 : 1));
  }
  if (store_ != nullptr) {
    out.push_back(Gauge("hub_disk_free_bytes",
                        "free bytes on the store's file system",
                        static_cast<double>(store_->FreeBytes())));
    out.push_back(Gauge("hub_disk_reserve_bytes",
                        "writes are refused below this many free bytes",
                        static_cast<double>(store_->disk_reserve_bytes())));
    out.push_back(Gauge("hub_store_read_only",
                        "1 while the store is open read-only (a full disk)",
                        store_->read_only() ? 1 : 0));
    out.push_back(Counter("hub_disk_space_waits_total",
                          "writes that waited for disk space",
                          static_cast<double>(store_->space_waits())));
    for (const StoreStatistic& s : store_->Statistics()) {
      const std::string name = absl::StrCat("hub_rocksdb_", s.name);
      out.push_back(s.counter ? Counter(name, s.help, s.value)
                              : Gauge(name, s.help, s.value));
    }
  }
  return out;
}

}  // namespace internal
}  // namespace hub
