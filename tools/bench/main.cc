// hub_bench: the hub's performance against the machine's limits, measured
// in one run (issue 14). Every scenario runs against a real hubd over gRPC,
// driven by this tool's own C++ load generator, and against its baselines
// in the same run: a bare gRPC echo server of the same messages, raw
// RocksDB with the hub's options doing the same storage work, and (with
// --postgres) PostgreSQL 15 doing the same work through
// tools/bench/pg_baseline.sh. It prints the medians of --runs runs as a
// Markdown table, with the ratios.
//
//   build/tools/bench/hub_bench --scenarios=ingest,reads,audit,memory,postgres
//   build/tools/bench/hub_bench --scenarios=ingest --shapes=8x64,2x512 --runs=3
//
// Benchmarks are not tests: nothing here asserts a timing.
#include <cstdio>
#include <filesystem>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "tools/bench/echo_server.h"
#include "tools/bench/scenarios.h"

ABSL_FLAG(std::string, hubd, "",
          "hubd binary (default: build/hub/server/hubd "
          "beside this tool's build directory)");
ABSL_FLAG(std::string, catalog, "",
          "catalog directory (default tools/catalog)");
ABSL_FLAG(std::string, scenarios, "ingest,reads,audit",
          "comma-separated: ingest, reads, audit, memory, postgres");
ABSL_FLAG(std::string, shapes,
          "1x1,1x64,1x512,2x1,2x64,2x512,8x1,8x64,8x512,16x1,16x64,16x512",
          "ingest shapes CLIENTSxINFLIGHT");
ABSL_FLAG(std::string, kinds, "stream,unary", "ingest kinds: stream, unary");
ABSL_FLAG(int, runs, 3, "runs per scenario; figures are their medians");
ABSL_FLAG(double, seconds, 3, "measured window per ingest or read run");
ABSL_FLAG(double, warmup, 1, "warm-up before each window");
ABSL_FLAG(uint64_t, audit_events, 1000000, "log size of the audit scenario");
ABSL_FLAG(std::string, memory_records, "1000000",
          "merged-record counts of the memory scenario");
ABSL_FLAG(std::string, hubd_flag, "",
          "extra hubd flags, comma-separated (threading experiments)");
ABSL_FLAG(std::string, work_dir, "",
          "where data directories go (default: a "
          "new temporary directory, removed at the end)");
ABSL_FLAG(std::string, port_file, "", "echo-server and raw-resident modes");
ABSL_FLAG(std::string, dir, "", "raw-resident mode: the data directory");

namespace hub {
namespace bench {
namespace {

std::vector<Shape> ParseShapes(const std::string& text) {
  std::vector<Shape> shapes;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    std::vector<std::string> ab = absl::StrSplit(part, 'x');
    Shape s;
    if (ab.size() == 2 && absl::SimpleAtoi(ab[0], &s.clients) &&
        absl::SimpleAtoi(ab[1], &s.inflight)) {
      shapes.push_back(s);
    } else {
      fprintf(stderr, "hub_bench: bad shape %s\n", std::string(part).c_str());
    }
  }
  return shapes;
}

std::string RepoPath(const std::string& rel) {
  // build/tools/bench/hub_bench -> the repository root.
  std::filesystem::path self = SelfPath();
  return (self.parent_path() / "../../.." / rel).lexically_normal().string();
}

int Main(const std::vector<std::string>& scenarios) {
  Config config;
  config.hubd = absl::GetFlag(FLAGS_hubd).empty()
                    ? (std::filesystem::path(SelfPath()).parent_path() /
                       "../../hub/server/hubd")
                          .lexically_normal()
                          .string()
                    : absl::GetFlag(FLAGS_hubd);
  config.catalog_dir = absl::GetFlag(FLAGS_catalog).empty()
                           ? RepoPath("tools/catalog")
                           : absl::GetFlag(FLAGS_catalog);
  config.pg_script = RepoPath("tools/bench/pg_baseline.sh");
  config.runs = absl::GetFlag(FLAGS_runs);
  config.seconds = absl::GetFlag(FLAGS_seconds);
  config.warmup = absl::GetFlag(FLAGS_warmup);
  config.shapes = ParseShapes(absl::GetFlag(FLAGS_shapes));
  const std::string kinds = absl::GetFlag(FLAGS_kinds);
  config.stream = kinds.find("stream") != std::string::npos;
  config.unary = kinds.find("unary") != std::string::npos;
  config.audit_events = absl::GetFlag(FLAGS_audit_events);
  for (absl::string_view n : absl::StrSplit(absl::GetFlag(FLAGS_memory_records),
                                            ',', absl::SkipEmpty())) {
    uint64_t v = 0;
    if (absl::SimpleAtoi(n, &v)) config.memory_records.push_back(v);
  }
  for (absl::string_view f :
       absl::StrSplit(absl::GetFlag(FLAGS_hubd_flag), ',', absl::SkipEmpty())) {
    config.hubd_flags.emplace_back(f);
  }
  const bool own_dir = absl::GetFlag(FLAGS_work_dir).empty();
  config.work_dir =
      own_dir ? MakeTempDir("", "hub_bench") : absl::GetFlag(FLAGS_work_dir);
  std::filesystem::create_directories(config.work_dir);
  fprintf(stderr, "hub_bench: hubd %s, data in %s\n", config.hubd.c_str(),
          config.work_dir.c_str());
  Report report;
  for (const std::string& s : scenarios) {
    if (s == "ingest")
      RunIngest(config, &report);
    else if (s == "reads")
      RunReads(config, &report);
    else if (s == "audit")
      RunAudit(config, &report);
    else if (s == "memory")
      RunMemory(config, &report);
    else if (s == "postgres")
      RunPostgres(config, &report);
    else
      fprintf(stderr, "hub_bench: unknown scenario %s\n", s.c_str());
  }
  report.AddRatio("hub /s", "pg /s", "hub/pg");
  printf("%s", report.Markdown().c_str());
  if (own_dir) std::filesystem::remove_all(config.work_dir);
  return 0;
}

}  // namespace
}  // namespace bench
}  // namespace hub

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "hub_bench [echo-server|raw-resident] [--flags]: the hub against the "
      "machine's limits");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() > 1 && std::string(args[1]) == "echo-server") {
    return hub::bench::RunEchoServer(absl::GetFlag(FLAGS_port_file));
  }
  if (args.size() > 1 && std::string(args[1]) == "raw-resident") {
    uint64_t records = 0;
    if (!absl::SimpleAtoi(absl::GetFlag(FLAGS_memory_records), &records)) {
      return 2;
    }
    return hub::bench::RunRawResident(absl::GetFlag(FLAGS_dir), records);
  }
  std::vector<std::string> scenarios =
      absl::StrSplit(absl::GetFlag(FLAGS_scenarios), ',', absl::SkipEmpty());
  return hub::bench::Main(scenarios);
}
