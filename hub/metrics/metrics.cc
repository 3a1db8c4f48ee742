#include "hub/metrics/metrics.h"

#include <exception>

#include "absl/strings/match.h"
#include "hub/metrics/internal/collector.h"
#include "hub/oplog/oplog.h"
#include "prometheus/exposer.h"

namespace hub {

HubMetrics::HubMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      families_(std::make_unique<internal::MetricFamilies>(*registry_)),
      collector_(std::make_shared<internal::ScrapeCollector>()) {}

HubMetrics::~HubMetrics() {
  exposer_.reset();  // stop serving before the collectables go
}

absl::StatusOr<std::unique_ptr<HubMetrics>> HubMetrics::Start(
    const std::string& listen) {
  std::unique_ptr<HubMetrics> metrics(new HubMetrics());
  try {  // prometheus-cpp reports a failed bind by throwing
    metrics->exposer_ = std::make_unique<prometheus::Exposer>(listen, 2);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("metrics: cannot listen on ", listen, ": ", e.what()));
  }
  metrics->exposer_->RegisterCollectable(metrics->registry_);
  metrics->exposer_->RegisterCollectable(metrics->collector_);
  std::vector<int> ports = metrics->exposer_->GetListeningPorts();
  metrics->port_ = ports.empty() ? 0 : ports[0];
  return metrics;
}

void HubMetrics::SetSources(const Hub* hub, const RocksDbStore* store) {
  collector_->SetSources(hub, store);
}

void HubMetrics::ObserveRpc(absl::string_view method, absl::StatusCode code,
                            double seconds) {
  const std::string m(method);
  families_->rpcs.Add({{"method", m}, {"code", oplog::CodeName(code)}})
      .Increment();
  families_->rpc_duration
      .Add({{"method", m}},
           prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.0025, 0.005,
                                                   0.01, 0.025, 0.05, 0.1, 0.25,
                                                   0.5, 1, 2.5, 10})
      .Observe(seconds);
  // Refused submissions are counted one by one by OnSubmitted (a stream
  // carries many); a call refused before reaching the hub is counted here.
  if (code != absl::StatusCode::kOk &&
      (!absl::StartsWith(method, "/hub.v1.SubmissionService/") ||
       code == absl::StatusCode::kUnauthenticated)) {
    families_->refusals.Add({{"reason", oplog::Reason(absl::Status(code, ""))}})
        .Increment();
  }
}

void HubMetrics::OnSubmitted(const Principal& principal,
                             const v1::Submission& submission, bool dry_run,
                             const absl::StatusOr<v1::Receipt>& result) {
  std::string outcome;
  if (!result.ok()) {
    outcome = oplog::Reason(result.status());
    families_->refusals.Add({{"reason", outcome}}).Increment();
  } else if (dry_run) {
    outcome = "dry_run";
  } else {
    outcome = result->replayed() ? "replayed" : "accepted";
  }
  const std::string department = submission.department().empty()
                                     ? principal.department
                                     : submission.department();
  families_->submissions.Add({{"department", department}, {"outcome", outcome}})
      .Increment();
}

void HubMetrics::OnGroupCommitted(const CommitGroupInfo& info) {
  families_->group_size.Observe(static_cast<double>(info.operations));
  if (info.written) {
    families_->wal_sync.Observe(static_cast<double>(info.write_micros) / 1e6);
  }
}

void HubMetrics::OnOperationDone(int64_t micros, const absl::Status&) {
  families_->commit.Observe(static_cast<double>(micros) / 1e6);
}

}  // namespace hub
