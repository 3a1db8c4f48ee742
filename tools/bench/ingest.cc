// Durable ingest: StreamSubmit and unary Submit against hubd, the echo
// server and raw synced RocksDB groups of the same writes, per shape.
#include <cstdio>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "hub/v1/hub_service.grpc.pb.h"
#include "tools/bench/raw.h"
#include "tools/bench/scenarios.h"
#include "tools/bench/workload.h"

namespace hub {
namespace bench {
namespace {

std::string ShapeName(const char* kind, const Shape& s) {
  return absl::StrCat(kind, " ", s.clients, "x", s.inflight);
}

// One real receipt, for the echo server to answer with.
absl::StatusOr<v1::SubmitResponse> SampleResponse(const std::string& hub) {
  IngestWorkload workload("sample");
  v1::SubmitRequest request = workload.Next();
  v1::SubmitResponse response;
  grpc::ClientContext ctx;
  ctx.AddMetadata("x-hub-principal", kSubmitter);
  grpc::Status s =
      v1::SubmissionService::Stub(
          grpc::CreateChannel(hub, grpc::InsecureChannelCredentials()))
          .Submit(&ctx, request, &response);
  if (!s.ok()) return absl::UnavailableError(s.error_message());
  return response;
}

void Note(const std::string& row, const LoadResult& r, const char* who) {
  fprintf(stderr, "  %-18s %-5s %9.0f/s p50 %7.0f us p99 %8.0f us%s%s\n",
          row.c_str(), who, r.rate(), r.latency->Percentile(50),
          r.latency->Percentile(99), r.errors ? " ERRORS: " : "",
          r.errors ? r.first_error.c_str() : "");
}

void OneShape(const Config& config, Servers* servers,
              const std::vector<WriteBatch::Op>& ops, const char* kind,
              const Shape& shape, int run, Report* report) {
  const bool stream = std::string(kind) == "stream";
  const std::string row = ShapeName(kind, shape);
  auto run_load = stream ? RunStreamSubmit : RunUnarySubmit;
  IngestWorkload workload(
      absl::StrCat(kind, run, "-", shape.clients, "x", shape.inflight));
  RequestSource next = [&workload] { return workload.Next(); };
  auto head = HeadSequence(servers->hub());
  const double cpu_before = CpuSeconds(servers->hub_pid());
  LoadResult hub =
      run_load(Server::kHub, servers->hub(), kSubmitter, shape, next);
  const double cpu = CpuSeconds(servers->hub_pid()) - cpu_before;
  auto per_group = SubmissionsPerGroup(servers->hub(), head.ok() ? *head : 0);
  LoadResult echo =
      run_load(Server::kEcho, servers->echo(), kSubmitter, shape, next);
  const std::string raw_dir = MakeTempDir(config.work_dir, "raw");
  LoadResult raw = RawSyncedGroups(raw_dir, ops, shape);
  std::filesystem::remove_all(raw_dir);
  Note(row, hub, "hub");
  Note(row, echo, "echo");
  Note(row, raw, "raw");
  report->Add(row, "hub /s", hub.rate());
  report->Add(row, "per sync", per_group.ok() ? *per_group : 0);
  report->Add(row, "hub CPU us", hub.total > 0 ? cpu * 1e6 / hub.total : 0);
  report->Add(row, "hub p50 us", hub.latency->Percentile(50));
  report->Add(row, "hub p99 us", hub.latency->Percentile(99));
  report->Add(row, "raw /s", raw.rate());
  report->Add(row, "echo /s", echo.rate());
  report->Add(row, "echo p99 us", echo.latency->Percentile(99));
  report->Add(row, "hub/raw", raw.rate() > 0 ? hub.rate() / raw.rate() : 0);
  report->Add(row, "hub/echo", echo.rate() > 0 ? hub.rate() / echo.rate() : 0);
  report->Add(row, "errors", static_cast<double>(hub.errors));
}

}  // namespace

void RunIngest(const Config& config, Report* report) {
  Servers servers(config);
  auto catalog = ReadCatalogDir(config.catalog_dir);
  if (!catalog.ok()) {
    fprintf(stderr, "ingest: %s\n", catalog.status().ToString().c_str());
    return;
  }
  auto ops = CaptureSubmissionWrites(*catalog);
  if (!ops.ok()) {
    fprintf(stderr, "ingest: %s\n", ops.status().ToString().c_str());
    return;
  }
  for (int run = 0; run < config.runs; ++run) {
    fprintf(stderr, "ingest run %d of %d\n", run + 1, config.runs);
    if (absl::Status s = servers.StartFreshHub(); !s.ok()) {
      fprintf(stderr, "ingest: %s\n", s.ToString().c_str());
      return;
    }
    auto sample = SampleResponse(servers.hub());
    if (sample.ok())
      (void)Prime(servers.echo(), &*sample, nullptr, nullptr, nullptr, 0);
    const std::string fsync_dir = MakeTempDir(config.work_dir, "fsync");
    LoadResult fsync = RawFsync(fsync_dir, 1.5);
    std::filesystem::remove_all(fsync_dir);
    report->Add("raw fsync (1 synced write)", "hub p50 us",
                fsync.latency->Percentile(50));
    report->Add("raw fsync (1 synced write)", "hub p99 us",
                fsync.latency->Percentile(99));
    for (const Shape& base : config.shapes) {
      Shape shape = base;
      shape.seconds = config.seconds;
      shape.warmup_seconds = config.warmup;
      if (config.stream)
        OneShape(config, &servers, *ops, "stream", shape, run, report);
      if (config.unary)
        OneShape(config, &servers, *ops, "unary", shape, run, report);
    }
    servers.StopHub();
    servers.RemoveHubData();
  }
}

}  // namespace bench
}  // namespace hub
