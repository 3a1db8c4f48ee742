// Audit: Replay over gRPC against an echo stream of the same messages and a
// raw scan of the log; Rebuild against a raw scan plus put of every event;
// the first checkpoint after a restart, and the memory it takes.
#include <chrono>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "hub/v1/audit.grpc.pb.h"
#include "tools/bench/raw.h"
#include "tools/bench/scenarios.h"
#include "tools/bench/workload.h"

namespace hub {
namespace bench {
namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

constexpr int kItems = 10;  // values per submission: 11 events each

v1::AuditService::Stub AuditStub(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(256 << 20);
  return v1::AuditService::Stub(grpc::CreateCustomChannel(
      address, grpc::InsecureChannelCredentials(), args));
}

// Seconds a GetCheckpoint of the whole log takes; negative on failure.
double TimeCheckpoint(const std::string& hub) {
  auto stub = AuditStub(hub);
  grpc::ClientContext ctx;
  ctx.AddMetadata("x-hub-principal", kAuditor);
  v1::GetCheckpointRequest request;
  v1::SignedCheckpoint response;
  Clock::time_point start = Clock::now();
  grpc::Status s = stub.GetCheckpoint(&ctx, request, &response);
  return s.ok() ? Since(start) : -1;
}

// Seconds a Rebuild takes; negative on failure or a difference.
double TimeRebuild(const std::string& hub, uint64_t* events) {
  auto stub = AuditStub(hub);
  grpc::ClientContext ctx;
  ctx.AddMetadata("x-hub-principal", kAuditor);
  v1::RebuildRequest request;
  v1::RebuildResponse response;
  Clock::time_point start = Clock::now();
  grpc::Status s = stub.Rebuild(&ctx, request, &response);
  *events = response.events_replayed();
  if (!s.ok()) fprintf(stderr, "  rebuild: %s\n", s.error_message().c_str());
  if (s.ok() && !response.identical()) fprintf(stderr, "  rebuild differs\n");
  return s.ok() && response.identical() ? Since(start) : -1;
}

// Replay of the whole log with batch_size events per message (0: one per
// message, the first clients' form), against an echo of the same messages.
void ReplayShape(const Servers& servers, uint32_t batch_size,
                 const std::string& name, Report* report) {
  v1::ReplayRequest all;
  all.set_batch_size(batch_size);
  std::vector<v1::ReplayResponse> sample;
  ReplayResult hub =
      RunReplay(Server::kHub, servers.hub(), kAuditor, all, &sample, 64);
  (void)Prime(servers.echo(), nullptr, nullptr, nullptr, &sample, hub.messages);
  ReplayResult echo = RunReplay(Server::kEcho, servers.echo(), kAuditor, all);
  const double hub_rate = hub.events / hub.seconds;
  const double echo_rate = echo.events / echo.seconds;
  fprintf(stderr, "  %s: hub %.0f events/s (%llu messages%s%s), echo %.0f/s\n",
          name.c_str(), hub_rate, static_cast<unsigned long long>(hub.messages),
          hub.error.empty() ? "" : ", ", hub.error.c_str(), echo_rate);
  report->Add(name, "hub", hub_rate);
  report->Add(name, "echo", echo_rate);
  report->Add(name, "hub/echo", hub_rate / echo_rate);
  report->Add(name, "events", hub.events);
  report->Add(name, "messages", hub.messages);
}

void Replays(const Servers& servers, Report* report) {
  ReplayShape(servers, 1000, "Replay over gRPC (events/s)", report);
  ReplayShape(servers, 0, "Replay over gRPC, 1 event/message (events/s)",
              report);
  v1::ReplayRequest filtered;
  filtered.set_batch_size(1000);
  filtered.mutable_filter()->set_region_code("350424");
  filtered.mutable_filter()->set_period("2020-06");
  filtered.mutable_filter()->add_kinds(v1::EVENT_KIND_RECORD_CHANGED);
  ReplayResult hub_filtered =
      RunReplay(Server::kHub, servers.hub(), kAuditor, filtered);
  const double events = report->Get("Replay over gRPC (events/s)", "events");
  report->Add("Replay filtered (events considered/s)", "hub",
              events / hub_filtered.seconds);
  report->Add("Replay filtered (events considered/s)", "matching events",
              hub_filtered.events);
}

}  // namespace

void RunAudit(const Config& config, Report* report) {
  Servers servers(config);
  absl::Status s = servers.StartFreshHub();
  if (!s.ok()) {
    fprintf(stderr, "audit: %s\n", s.ToString().c_str());
    return;
  }
  IngestWorkload workload("audit", kItems);
  const uint64_t submissions = config.audit_events / (kItems + 1) + 1;
  fprintf(stderr, "audit: filling %llu submissions\n",
          static_cast<unsigned long long>(submissions));
  LoadResult fill = FillHub(servers.hub(), kSubmitter, 2, 64, submissions,
                            [&](uint64_t n) { return workload.At(n); });
  fprintf(stderr, "audit: filled in %.1f s (%llu errors %s)\n", fill.seconds,
          static_cast<unsigned long long>(fill.errors),
          fill.first_error.c_str());
  for (int run = 0; run < config.runs; ++run) {
    fprintf(stderr, "audit run %d of %d\n", run + 1, config.runs);
    Replays(servers, report);
    uint64_t events = 0;
    double rebuild = TimeRebuild(servers.hub(), &events);
    if (rebuild > 0) report->Add("Rebuild (events/s)", "hub", events / rebuild);
    if (!servers.RestartHub().ok()) return;
    const int64_t before = ResidentKiB(servers.hub_pid());
    double first = TimeCheckpoint(servers.hub());
    const int64_t after = ResidentKiB(servers.hub_pid());
    report->Add("first checkpoint after restart", "seconds", first);
    report->Add("first checkpoint after restart", "RSS growth MiB",
                (after - before) / 1024.0);
    report->Add("first checkpoint after restart", "RSS MiB", after / 1024.0);
    report->Add("first checkpoint after restart", "events", events);
    servers.StopHub();
    auto store = OpenRocksDbStore(servers.hub_data());
    if (!store.ok()) return;
    ScanResult scan = RawFullScan(**store, Column::kLog);
    ScanResult put = RawScanAndPut(**store, Column::kLog);
    store->reset();
    report->Add("Replay over gRPC (events/s)", "raw scan",
                scan.entries / scan.seconds);
    report->Add("Replay over gRPC (events/s)", "hub/raw scan",
                report->Get("Replay over gRPC (events/s)", "hub") /
                    (scan.entries / scan.seconds));
    report->Add("Rebuild (events/s)", "raw scan + put",
                put.entries / put.seconds);
    if (rebuild > 0) {
      report->Add("Rebuild (events/s)", "hub/raw",
                  events / rebuild / (put.entries / put.seconds));
    }
    if (!servers.RestartHub().ok()) return;
  }
  servers.StopHub();
  servers.RemoveHubData();
}

}  // namespace bench
}  // namespace hub
