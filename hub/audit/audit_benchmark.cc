// Replay, Merkle and rebuild rates on a log of a million events, against a
// raw RocksDB scan of the same log in the same run, for each log crypto
// suite (argument 0: sha256-ed25519, 1: sm3-sm2; the label names it).
//
//   build/hub/audit/audit_benchmark --benchmark_counters_tabular=true
//
// Each suite's log is made once by the engine itself (health-commission
// submissions of ten monthly values each: one SUBMISSION_ACCEPTED and up to
// ten RECORD_CHANGED events per submission) in $HUB_AUDIT_BENCH_DIR/<suite>
// (default under /tmp/hub_audit_bench), and reused by later runs.
// HUB_AUDIT_BENCH_EVENTS overrides the size (default 1000000), e.g. 200000
// for a shorter run of both suites.
#include <openssl/evp.h>
#include <rocksdb/db.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "hub/audit/auditor.h"
#include "hub/engine/internal/test_fixtures.h"

namespace hub {
namespace {

constexpr int kItems = 10;

Principal P(const char* text) { return *Principal::Parse(text); }

v1::Submission Batch(uint64_t n) {
  static const char* kRegions[] = {"350404", "350424"};
  v1::Submission s;
  s.set_submission_id(absl::StrCat("bench-", n));
  s.set_department("health_commission");
  for (int i = 0; i < kItems; ++i) {
    uint64_t k = (n * kItems + i) % 240;  // 2 regions x 120 months
    auto* v = s.add_items()->mutable_indicator_value();
    v->set_indicator_code("primary_care_visit_share");
    v->set_region_code(kRegions[k % 2]);
    int month = static_cast<int>(k / 2);
    v->set_period(absl::StrCat(2015 + month / 12, "-",
                               month % 12 < 9 ? "0" : "", month % 12 + 1));
    v->set_numerator(absl::StrCat(60000 + (n * 7 + i) % 5000));
    v->set_denominator("100000");
    v->set_unit("%");
  }
  return s;
}

struct Env {
  const LogCrypto& crypto;
  std::string dir;
  uint64_t events = 0;
  std::unique_ptr<Hub> hub;
  std::unique_ptr<Auditor> auditor;

  explicit Env(const LogCrypto& c) : crypto(c) {
    const char* d = std::getenv("HUB_AUDIT_BENCH_DIR");
    const char* n = std::getenv("HUB_AUDIT_BENCH_EVENTS");
    dir = absl::StrCat(d != nullptr ? d : "/tmp/hub_audit_bench", "/",
                       crypto.Name());
    std::filesystem::create_directories(dir);
    uint64_t want = n != nullptr ? std::strtoull(n, nullptr, 10) : 1000000;
    HubOptions options;
    options.rules = *NewBuiltinRuleRegistry();
    options.sync = false;
    options.log_crypto = &crypto;
    hub = *Hub::Open(*OpenRocksDbStore(dir), options);
    if (hub->catalog()->proto().plans().empty()) {
      (void)hub->UpdateCatalog(P("reform_office@350400"),
                               testing::SanmingTestCatalog());
    }
    Fill(want);
    events = hub->head().sequence;
    auditor = *Auditor::Open(hub.get());
  }

  // Submits from four threads (group commit) until the log holds want.
  void Fill(uint64_t want) {
    std::atomic<uint64_t> next{hub->head().sequence};  // unique ids per run
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        Principal hc = P("health_commission@350400");
        while (hub->head().sequence < want) {
          (void)hub->Submit(hc, Batch(next++), false);
        }
      });
    }
    for (auto& t : threads) t.join();
  }
};

// The environment of benchmark argument 0 (sha256-ed25519) or 1 (sm3-sm2).
Env& GetEnv(benchmark::State& state) {
  static Env* envs[2] = {nullptr, nullptr};
  int i = static_cast<int>(state.range(0));
  if (envs[i] == nullptr)
    envs[i] = new Env(i == 0 ? Sha256Ed25519() : Sm3Sm2());
  state.SetLabel(envs[i]->crypto.Name());
  return *envs[i];
}

// Opens the suite's store read-only in RocksDB itself; *log is its log
// column. nullptr when it cannot.
rocksdb::DB* OpenRaw(const Env& env, rocksdb::ColumnFamilyHandle** log,
                     std::vector<rocksdb::ColumnFamilyHandle*>* handles) {
  std::vector<std::string> names;
  rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), env.dir, &names);
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const auto& name : names)
    cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(),
                                                   env.dir, cfs, handles, &db);
  if (!s.ok()) return nullptr;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == "log") *log = (*handles)[i];
  }
  return db;
}

void CloseRaw(rocksdb::DB* db,
              const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
}

void BM_RawRocksDbScan(benchmark::State& state) {
  Env& env = GetEnv(state);
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::ColumnFamilyHandle* log = nullptr;
  rocksdb::DB* db = OpenRaw(env, &log, &handles);
  if (db == nullptr) return state.SkipWithError("cannot open the store");
  uint64_t n = 0, bytes = 0;
  for (auto _ : state) {
    std::unique_ptr<rocksdb::Iterator> it(
        db->NewIterator(rocksdb::ReadOptions(), log));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      bytes += it->key().size() + it->value().size();
      ++n;
    }
  }
  benchmark::DoNotOptimize(bytes);
  state.SetItemsProcessed(static_cast<int64_t>(n));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["events"] = static_cast<double>(env.events);
  CloseRaw(db, handles);
}

// The raw cost of the suite's hash: the same scan, each event hashed as a
// Merkle leaf (H(0x00 || bytes)) by OpenSSL directly.
void BM_RawScanAndLeafHash(benchmark::State& state) {
  Env& env = GetEnv(state);
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::ColumnFamilyHandle* log = nullptr;
  rocksdb::DB* db = OpenRaw(env, &log, &handles);
  if (db == nullptr) return state.SkipWithError("cannot open the store");
  EVP_MD* md = EVP_MD_fetch(nullptr, env.crypto.HashName(), nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  unsigned char out[EVP_MAX_MD_SIZE], acc = 0;
  uint64_t n = 0;
  for (auto _ : state) {
    std::unique_ptr<rocksdb::Iterator> it(
        db->NewIterator(rocksdb::ReadOptions(), log));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      unsigned int len = 0;
      EVP_DigestInit_ex(ctx, md, nullptr);
      EVP_DigestUpdate(ctx, "\0", 1);
      EVP_DigestUpdate(ctx, it->value().data(), it->value().size());
      EVP_DigestFinal_ex(ctx, out, &len);
      acc ^= out[0];
      ++n;
    }
  }
  benchmark::DoNotOptimize(acc);
  EVP_MD_CTX_free(ctx);
  EVP_MD_free(md);
  state.SetItemsProcessed(static_cast<int64_t>(n));
  state.counters["events"] = static_cast<double>(env.events);
  CloseRaw(db, handles);
}

void RunReplay(benchmark::State& state, const v1::ReplayFilter& filter) {
  Env& env = GetEnv(state);
  uint64_t n = 0, matched = 0;
  ReplayOptions options;
  options.filter = filter;
  for (auto _ : state) {
    absl::Status s =
        env.auditor->Replay(P("auditor@350000"), options,
                            [&](const v1::ChangeEvent* e, uint64_t pos) {
                              if (e != nullptr) ++matched;
                              n = pos;
                              return true;
                            });
    if (!s.ok()) return state.SkipWithError(std::string(s.message()).c_str());
  }
  state.SetItemsProcessed(static_cast<int64_t>(n) * state.iterations());
  state.counters["events"] = static_cast<double>(env.events);
  state.counters["matched"] = static_cast<double>(matched / state.iterations());
}

void BM_Replay(benchmark::State& state) {
  RunReplay(state, v1::ReplayFilter());
}

// The stored events in batches of 1000, as Replay with batch_size sends
// them: no event is parsed.
void BM_ReplayBatched(benchmark::State& state) {
  Env& env = GetEnv(state);
  uint64_t n = 0, matched = 0;
  ReplayOptions options;
  options.max_batch = 1000;
  for (auto _ : state) {
    matched = 0;
    absl::Status s = env.auditor->ReplayBatches(
        P("auditor@350000"), options,
        [&](absl::Span<const std::string> events, uint64_t pos) {
          matched += events.size();
          n = pos;
          return true;
        });
    if (!s.ok()) return state.SkipWithError(std::string(s.message()).c_str());
  }
  state.SetItemsProcessed(static_cast<int64_t>(n) * state.iterations());
  state.counters["events"] = static_cast<double>(env.events);
  state.counters["matched"] = static_cast<double>(matched);
}

void BM_ReplayFiltered(benchmark::State& state) {
  v1::ReplayFilter filter;
  filter.set_region_code("350424");
  filter.set_period("2020-06");
  filter.add_kinds(v1::EVENT_KIND_RECORD_CHANGED);
  RunReplay(state, filter);
}

// A checkpoint from a fresh auditor: the persisted tree's O(log n) nodes.
void BM_MerkleTreeAndCheckpoint(benchmark::State& state) {
  Env& env = GetEnv(state);
  for (auto _ : state) {
    auto fresh = *Auditor::Open(env.hub.get());
    auto cp = fresh->Checkpoint(P("auditor@350000"), 0);
    if (!cp.ok()) return state.SkipWithError("checkpoint failed");
  }
  state.SetItemsProcessed(static_cast<int64_t>(env.events) *
                          state.iterations());
  state.counters["events"] = static_cast<double>(env.events);
}

void BM_Rebuild(benchmark::State& state) {
  Env& env = GetEnv(state);
  v1::RebuildResponse last;
  for (auto _ : state) {
    auto r = env.auditor->Rebuild(P("auditor@350000"), 10);
    if (!r.ok())
      return state.SkipWithError(std::string(r.status().message()).c_str());
    last = *r;
  }
  if (!last.identical())
    state.SkipWithError("rebuild differs from the live store");
  state.SetItemsProcessed(static_cast<int64_t>(last.events_replayed()) *
                          state.iterations());
  state.counters["events"] = static_cast<double>(last.events_replayed());
  state.counters["inputs"] = static_cast<double>(last.inputs_applied());
  state.counters["records"] = static_cast<double>(last.records_compared());
}

// Each benchmark for both suites: argument 0 sha256-ed25519, 1 sm3-sm2.
BENCHMARK(BM_RawRocksDbScan)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
BENCHMARK(BM_RawScanAndLeafHash)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
BENCHMARK(BM_Replay)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
BENCHMARK(BM_ReplayBatched)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
BENCHMARK(BM_ReplayFiltered)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
BENCHMARK(BM_MerkleTreeAndCheckpoint)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(BM_Rebuild)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace
}  // namespace hub

BENCHMARK_MAIN();
