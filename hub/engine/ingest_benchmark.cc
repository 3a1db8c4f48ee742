// Ingest throughput: hub submissions (validated, merged, logged, synced)
// against raw RocksDB writes of comparable batches, in the same run.
//
//   build/hub/engine/ingest_benchmark --benchmark_counters_tabular=true
//
// BM_RawRocksDbWrite/sync:1 is the floor for "one sync per acknowledgement";
// BM_HubSubmit with several client threads shows group commit sharing syncs
// (the ops_per_sync counter).
#include <atomic>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "hub/engine/hub.h"
#include "hub/engine/internal/test_fixtures.h"

namespace hub {
namespace {

std::string TempDir(const char* name) {
  std::string dir = std::filesystem::temp_directory_path() /
                    absl::StrCat("hub_bench_", name, "_", getpid());
  std::filesystem::remove_all(dir);
  return dir;
}

struct HubEnv {
  HubEnv() {
    auto store = OpenRocksDbStore(TempDir("hub"));
    HubOptions options;
    options.rules = *NewBuiltinRuleRegistry();
    hub = *Hub::Open(*std::move(store), options);
    (void)hub->UpdateCatalog(*Principal::Parse("reform_office@350400"),
                             testing::SanmingTestCatalog());
  }
  std::unique_ptr<Hub> hub;
  std::atomic<uint64_t> next{0};
};

HubEnv& Env() {
  static HubEnv* env = new HubEnv();
  return *env;
}

v1::Submission ShareSubmission(uint64_t n) {
  static const char* kRegions[] = {"350404", "350424"};
  v1::Submission s;
  s.set_submission_id(absl::StrCat("bench-", n));
  s.set_department("health_commission");
  auto* v = s.add_items()->mutable_indicator_value();
  v->set_indicator_code("primary_care_visit_share");
  v->set_region_code(kRegions[n % 2]);
  v->set_period(
      absl::StrCat("2024-", (n / 2) % 9 + 1 < 10 ? "0" : "", (n / 2) % 9 + 1));
  v->set_numerator(absl::StrCat(60000 + n % 5000));
  v->set_denominator("100000");
  v->set_unit("%");
  return s;
}

void BM_HubSubmit(benchmark::State& state) {
  HubEnv& env = Env();
  Principal hc = *Principal::Parse("health_commission@350400");
  uint64_t groups_before = env.hub->commit_groups();
  for (auto _ : state) {
    auto r = env.hub->Submit(hc, ShareSubmission(env.next.fetch_add(1)), false);
    if (!r.ok()) state.SkipWithError(std::string(r.status().message()).c_str());
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    double groups =
        static_cast<double>(env.hub->commit_groups() - groups_before);
    state.counters["ops_per_sync"] = benchmark::Counter(
        static_cast<double>(state.iterations() * state.threads()) /
        std::max(groups, 1.0));
  }
}
BENCHMARK(BM_HubSubmit)->Threads(1)->Threads(4)->Threads(16)->UseRealTime();

// A batch shaped like one submission's: the stored submission, two log
// events, the record and three index entries, synced or not.
void BM_RawRocksDbWrite(benchmark::State& state) {
  static Store* store = OpenRocksDbStore(TempDir("raw"))->release();
  static std::atomic<uint64_t> next{0};
  const bool sync = state.range(0) != 0;
  const std::string value(400, 'x');
  for (auto _ : state) {
    uint64_t n = next.fetch_add(1);
    WriteBatch batch;
    batch.Put(Column::kSubmissions, absl::StrCat("s/", n), value);
    batch.Put(Column::kLog, absl::StrCat("l/", 2 * n), value);
    batch.Put(Column::kLog, absl::StrCat("l/", 2 * n + 1), value + value);
    batch.Put(Column::kRecords, absl::StrCat("r/", n % 18), value);
    for (int i = 0; i < 3; ++i)
      batch.Put(Column::kIndex, absl::StrCat(i, "/", n % 18), "");
    absl::Status s = store->Write(batch, sync);
    if (!s.ok()) state.SkipWithError(std::string(s.message()).c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RawRocksDbWrite)
    ->ArgName("sync")
    ->Arg(1)
    ->Arg(0)
    ->Threads(1)
    ->UseRealTime();
BENCHMARK(BM_RawRocksDbWrite)
    ->ArgName("sync")
    ->Arg(1)
    ->Threads(16)
    ->UseRealTime();

}  // namespace
}  // namespace hub

BENCHMARK_MAIN();
