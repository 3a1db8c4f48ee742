// Reads: GetRecord and ListRecords, one call at a time, against the echo
// server answering with the same record or page, plus a raw RocksDB get or
// scan of the same record(s) in the hub's own data directory.
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "hub/schema/schema.h"
#include "hub/v1/hub_service.grpc.pb.h"
#include "tools/bench/raw.h"
#include "tools/bench/scenarios.h"
#include "tools/bench/workload.h"

namespace hub {
namespace bench {
namespace {

// Fills the hub with one submission per record of the ingest workload.
absl::Status Fill(const std::string& hub) {
  IngestWorkload workload("reads");
  Shape shape;
  shape.clients = 2;
  shape.inflight = 64;
  shape.warmup_seconds = 0;
  shape.seconds = 2;
  RequestSource next = [&workload] { return workload.Next(); };
  LoadResult r = RunStreamSubmit(Server::kHub, hub, kSubmitter, shape, next);
  if (r.errors > 0) return absl::InternalError(r.first_error);
  return absl::OkStatus();
}

template <typename Response, typename Request, typename Method>
absl::StatusOr<Response> CallOnce(const std::string& hub,
                                  const Request& request, Method method) {
  v1::RecordService::Stub stub(
      grpc::CreateChannel(hub, grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  ctx.AddMetadata("x-hub-principal", kAnalyst);
  Response response;
  grpc::Status s = (stub.*method)(&ctx, request, &response);
  if (!s.ok()) return absl::UnavailableError(s.error_message());
  return response;
}

void Add(Report* report, const std::string& row, const LoadResult& hub,
         const LoadResult& echo, const LoadResult& raw) {
  const double limit =
      echo.latency->Percentile(50) + raw.latency->Percentile(50);
  report->Add(row, "hub p50 us", hub.latency->Percentile(50));
  report->Add(row, "hub p99 us", hub.latency->Percentile(99));
  report->Add(row, "hub /s", hub.rate());
  report->Add(row, "echo p50 us", echo.latency->Percentile(50));
  report->Add(row, "raw p50 us", raw.latency->Percentile(50));
  report->Add(row, "hub p50 - (echo + raw) us",
              hub.latency->Percentile(50) - limit);
  fprintf(stderr, "  %-12s hub p50 %.0f us, echo %.0f us, raw %.1f us\n",
          row.c_str(), hub.latency->Percentile(50),
          echo.latency->Percentile(50), raw.latency->Percentile(50));
}

}  // namespace

void RunReads(const Config& config, Report* report) {
  Servers servers(config);
  for (int run = 0; run < config.runs; ++run) {
    fprintf(stderr, "reads run %d of %d\n", run + 1, config.runs);
    absl::Status s = servers.StartFreshHub();
    if (s.ok()) s = Fill(servers.hub());
    if (!s.ok()) {
      fprintf(stderr, "reads: %s\n", s.ToString().c_str());
      return;
    }
    const v1::RecordKey key = IngestWorkload::KeyOf(0);
    v1::GetRecordRequest get;
    *get.mutable_key() = key;
    v1::ListRecordsRequest list;
    list.set_region_code("350400");
    list.set_indicator_code(key.code());
    list.set_page_size(50);
    auto record = CallOnce<v1::MergedRecord>(
        servers.hub(), get, &v1::RecordService::Stub::GetRecord);
    auto page = CallOnce<v1::ListRecordsResponse>(
        servers.hub(), list, &v1::RecordService::Stub::ListRecords);
    if (!record.ok() || !page.ok()) {
      fprintf(stderr, "reads: the hub did not answer\n");
      return;
    }
    (void)Prime(servers.echo(), nullptr, &*record, &*page, nullptr, 0);
    LoadResult hub_get = RunGetRecord(Server::kHub, servers.hub(), kAnalyst,
                                      key, config.seconds);
    LoadResult echo_get = RunGetRecord(Server::kEcho, servers.echo(), kAnalyst,
                                       key, config.seconds);
    LoadResult hub_list = RunListRecords(Server::kHub, servers.hub(), kAnalyst,
                                         list, config.seconds);
    LoadResult echo_list = RunListRecords(Server::kEcho, servers.echo(),
                                          kAnalyst, list, config.seconds);
    servers.StopHub();
    auto store = OpenRocksDbStore(servers.hub_data());
    if (!store.ok()) return;
    LoadResult raw_get =
        RawGet(**store, Column::kRecords, EncodeRecordKey(key), config.seconds);
    LoadResult raw_scan =
        RawScan(**store, Column::kRecords,
                SubjectPrefix(key.kind(), key.code()), 50, config.seconds);
    store->reset();
    Add(report, "GetRecord", hub_get, echo_get, raw_get);
    Add(report, "ListRecords 50", hub_list, echo_list, raw_scan);
    servers.RemoveHubData();
  }
}

}  // namespace bench
}  // namespace hub
