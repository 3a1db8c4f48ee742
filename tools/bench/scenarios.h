// The scenarios of hub_bench. Each runs against hubd over gRPC and, in the
// same run, against its baselines (the echo server, raw RocksDB,
// PostgreSQL), and adds its figures to the report.
#ifndef HUB_TOOLS_BENCH_SCENARIOS_H_
#define HUB_TOOLS_BENCH_SCENARIOS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "hub/v1/model.pb.h"
#include "tools/bench/child.h"
#include "tools/bench/load.h"
#include "tools/bench/stats.h"

namespace hub {
namespace bench {

// The hubd limits (issue 12) the bench runs under, always: the default
// per-principal rates and stream caps lifted far above the load one
// principal generates, and no deadline required (the bench's calls carry
// none). The rest of the limits (message size, threads, page bytes,
// connection age) are hubd's defaults. BENCHMARKS.md quotes this list.
inline constexpr const char* kBenchLimitFlags[] = {
    "--rate_limit_qps=1000000",         "--rate_limit_burst=1000000",
    "--stream_rate_limit=10000000",     "--stream_rate_burst=10000000",
    "--max_streams_per_principal=1024", "--max_streams=4096",
    "--require_deadline=false",
};

struct Config {
  std::string hubd;         // path of hubd
  std::string catalog_dir;  // tools/catalog
  std::string pg_script;    // tools/bench/pg_baseline.sh; empty: no PostgreSQL
  std::string work_dir;     // temporary data directories go here
  std::vector<std::string> hubd_flags;  // extra hubd flags (experiments)
  int runs = 3;
  double seconds = 3;
  double warmup = 1;
  std::vector<Shape> shapes;             // ingest shapes
  bool stream = true, unary = true;      // ingest kinds
  uint64_t audit_events = 1000000;       // log size of the audit scenario
  std::vector<uint64_t> memory_records;  // record counts of the memory runs
};

// The running hubd and echo server of a run, and the calls the scenarios
// make on the side (catalog, priming, counting groups).
class Servers {
 public:
  explicit Servers(const Config& config) : config_(config) {}
  // A fresh hubd in a new data directory with the seed catalog (plus
  // extra_regions) loaded; starts the echo server on first use.
  absl::Status StartFreshHub(const std::vector<v1::Region>& extra_regions = {});
  // Restarts hubd on the same data directory.
  absl::Status RestartHub();
  void StopHub();
  // Removes the data directory (after StopHub()).
  void RemoveHubData();

  const std::string& hub() const { return hub_address_; }
  const std::string& echo() const { return echo_address_; }
  const std::string& hub_data() const { return hub_data_; }
  int hub_pid() const { return hubd_.pid(); }
  const v1::Catalog& catalog() const { return catalog_; }

 private:
  absl::Status StartEcho();
  const Config& config_;
  Child hubd_, echo_;
  std::string hub_address_, echo_address_, hub_data_;
  v1::Catalog catalog_;
};

// The hub's log head (sequence), as the auditor sees it.
absl::StatusOr<uint64_t> HeadSequence(const std::string& address);
// Submissions per commit group among the SUBMISSION_ACCEPTED events after
// `after`: each group commits at one transaction time.
absl::StatusOr<double> SubmissionsPerGroup(const std::string& address,
                                           uint64_t after);
// Primes the echo server with the given canned responses.
absl::Status Prime(const std::string& echo_address,
                   const v1::SubmitResponse* submit,
                   const v1::MergedRecord* record,
                   const v1::ListRecordsResponse* records,
                   const std::vector<v1::ReplayResponse>* replay,
                   uint64_t replay_messages);

void RunIngest(const Config& config, Report* report);
void RunReads(const Config& config, Report* report);
void RunAudit(const Config& config, Report* report);
void RunMemory(const Config& config, Report* report);
void RunPostgres(const Config& config, Report* report);

// The raw side of the memory scenario, in a process of its own
// (`hub_bench raw-resident`): opens dir with the hub's RocksDB options,
// reads what the hub's restart scenario reads, and prints its resident KiB.
int RunRawResident(const std::string& dir, uint64_t records);

}  // namespace bench
}  // namespace hub

#endif  // HUB_TOOLS_BENCH_SCENARIOS_H_
