// Restart time, backup and restore on a store of a million log events
// (issue 13), against a raw RocksDB open of the same store in the same run.
//
//   build/hub/backup/ops_benchmark [--events=1000000]
//   [--dir=/tmp/hub_ops_bench]
//
// For two stores made the same way by the engine (health-commission
// submissions of ten monthly values: about eleven events each) it measures
// the write-ahead log left behind and the time to open the store again
// (raw rocksdb::DB::Open, then RocksDbStore::Open + Hub::Open, which also
// scans the log): one store with the write-ahead log unbounded, as before
// issue 13 (max_total_wal_size 0: RocksDB's default, 4x the memtables of
// every column family), one bounded (64 MiB, hubd's default). On the bounded
// one it then takes a full backup, adds 10,000 events, takes an incremental
// one, and restores the newest into a new directory, opening it and
// verifying its chain: the recovery time. Prints a Markdown table.
#include <atomic>
#include <filesystem>
#include <iostream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "hub/backup/backup.h"
#include "hub/engine/internal/test_fixtures.h"
#include "rocksdb/db.h"

ABSL_FLAG(uint64_t, events, 1000000, "log events in each store");
ABSL_FLAG(std::string, dir, "/tmp/hub_ops_bench", "work directory (removed)");

namespace hub {
namespace {

namespace fs = std::filesystem;

Principal P(const char* text) { return *Principal::Parse(text); }

v1::Submission Batch(uint64_t n) {
  static const char* kRegions[] = {"350404", "350424"};
  v1::Submission s;
  s.set_submission_id(absl::StrCat("bench-", n));
  s.set_department("health_commission");
  for (int i = 0; i < 10; ++i) {
    uint64_t k = (n * 10 + i) % 240;  // 2 regions x 120 months
    auto* v = s.add_items()->mutable_indicator_value();
    v->set_indicator_code("primary_care_visit_share");
    v->set_region_code(kRegions[k % 2]);
    int month = static_cast<int>(k / 2);
    v->set_period(
        absl::StrFormat("%d-%02d", 2015 + month / 12, month % 12 + 1));
    v->set_numerator(absl::StrCat(60000 + (n * 7 + i) % 5000));
    v->set_denominator("100000");
    v->set_unit("%");
  }
  return s;
}

void Fill(Hub* hub, uint64_t want, std::atomic<uint64_t>* next) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      Principal hc = P("health_commission@350400");
      while (hub->head().sequence < want) {
        (void)hub->Submit(hc, Batch((*next)++), false);
      }
    });
  }
  for (auto& t : threads) t.join();
}

uint64_t Bytes(const std::string& dir, const std::string& ext = "") {
  uint64_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && (ext.empty() || e.path().extension() == ext)) {
      n += e.file_size();
    }
  }
  return n;
}

double Seconds(absl::Time start) {
  return absl::ToDoubleSeconds(absl::Now() - start);
}

double RawOpenSeconds(const std::string& dir) {
  std::vector<std::string> names;
  rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &names);
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const auto& n : names)
    cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  rocksdb::DBOptions o;
  o.avoid_flush_during_recovery = true;  // replay only: do not rewrite
  const absl::Time start = absl::Now();
  rocksdb::Status s = rocksdb::DB::OpenForReadOnly(o, dir, cfs, &handles, &db);
  const double t = Seconds(start);
  if (!s.ok()) std::cerr << "raw open: " << s.ToString() << "\n";
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
  return t;
}

HubOptions WithRules() {
  HubOptions options;
  options.rules = *NewBuiltinRuleRegistry();
  return options;
}

struct Made {
  uint64_t events = 0;
  uint64_t wal_bytes = 0;
  uint64_t store_bytes = 0;
  double fill_seconds = 0;
};

Made MakeStore(const std::string& dir, uint64_t max_wal, uint64_t events) {
  fs::remove_all(dir);
  RocksDbOptions o;
  o.disk_reserve_bytes = 0;
  o.max_total_wal_bytes = max_wal;
  HubOptions ho = WithRules();
  ho.sync = false;  // building the store; the WAL is written all the same
  auto hub = *Hub::Open(*RocksDbStore::Open(dir, o), ho);
  (void)hub->UpdateCatalog(P("reform_office@350400"),
                           testing::SanmingTestCatalog());
  std::atomic<uint64_t> next{0};
  const absl::Time start = absl::Now();
  Fill(hub.get(), events, &next);
  Made m;
  m.fill_seconds = Seconds(start);
  m.events = hub->head().sequence;
  hub.reset();  // closes without flushing: what a restart finds
  m.wal_bytes = Bytes(dir, ".log");
  m.store_bytes = Bytes(dir);
  return m;
}

void Row(const std::string& what, const std::string& value,
         const std::string& note) {
  std::cout << "| " << what << " | " << value << " | " << note << " |\n";
}

void Restart(const std::string& name, const std::string& dir, uint64_t max_wal,
             uint64_t events) {
  Made m = MakeStore(dir, max_wal, events);
  const double raw = RawOpenSeconds(dir);
  RocksDbOptions o;
  o.disk_reserve_bytes = 0;
  o.max_total_wal_bytes = max_wal;
  const absl::Time start = absl::Now();
  auto hub = Hub::Open(*RocksDbStore::Open(dir, o), WithRules());
  const double hub_open = Seconds(start);
  Row(name + ": store made", absl::StrFormat("%d events", m.events),
      absl::StrFormat("%.1f s, %.0f MiB, of which write-ahead log %.0f MiB",
                      m.fill_seconds, m.store_bytes / 1048576.0,
                      m.wal_bytes / 1048576.0));
  Row(name + ": raw rocksdb::DB::Open (read-only replay)",
      absl::StrFormat("%.2f s", raw), "baseline, same store");
  Row(name + ": hub restart (RocksDbStore::Open + Hub::Open)",
      absl::StrFormat("%.2f s", hub_open),
      absl::StrFormat("log head %d", (*hub)->head().sequence));
}

void BackupAndRestore(const std::string& base) {
  const std::string dir = base + "/bounded";
  RocksDbOptions o;
  o.disk_reserve_bytes = 0;
  auto store = *RocksDbStore::Open(dir, o);
  RocksDbStore* rocks = store.get();
  auto hub = *Hub::Open(std::move(store), WithRules());
  BackupOptions bo;
  bo.dir = base + "/backups";
  BackupKeeper keeper(rocks, hub.get(), bo);
  absl::StatusOr<BackupInfo> full = keeper.Create();
  if (!full.ok()) {
    std::cerr << full.status() << "\n";
    return;
  }
  Row("full backup", absl::StrFormat("%.2f s", full->seconds),
      absl::StrFormat("%d files, %.0f MiB, log head %d", full->files,
                      full->bytes / 1048576.0, full->log_head_at_start));
  std::atomic<uint64_t> next{1u << 30};
  const uint64_t more = hub->head().sequence + 10000;
  Fill(hub.get(), more, &next);
  absl::StatusOr<BackupInfo> inc = keeper.Create();
  Row("incremental backup after 10,000 more events",
      absl::StrFormat("%.2f s", inc.ok() ? inc->seconds : -1),
      "only new table files and the live log are copied");
  const uint64_t source_head = hub->head().sequence;
  hub.reset();
  const absl::Time start = absl::Now();
  absl::StatusOr<RestoreResult> r =
      RestoreBackup(bo.dir, 0, base + "/restored");
  if (!r.ok()) {
    std::cerr << r.status() << "\n";
    return;
  }
  const double restore = Seconds(start);
  const absl::Time open_start = absl::Now();
  auto restored =
      Hub::Open(*RocksDbStore::Open(base + "/restored", o), WithRules());
  const double open = Seconds(open_start);
  const absl::Time verify_start = absl::Now();
  auto v = VerifyChain((*restored)->NewReaders().log, (*restored)->log_crypto(),
                       0, 0);
  const double verify = Seconds(verify_start);
  Row("restore (checksums verified, files copied)",
      absl::StrFormat("%.2f s", restore), "");
  Row("open the restored hub", absl::StrFormat("%.2f s", open),
      absl::StrFormat("log head %d of the source's %d",
                      (*restored)->head().sequence, source_head));
  Row("verify the restored chain", absl::StrFormat("%.2f s", verify),
      v.ok() && v->ok ? absl::StrFormat("ok, %d events", v->events_checked)
                      : "FAILED");
  Row("recovery time (restore + open + verify)",
      absl::StrFormat("%.2f s", restore + open + verify), "");
}

}  // namespace
}  // namespace hub

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string base = absl::GetFlag(FLAGS_dir);
  const uint64_t events = absl::GetFlag(FLAGS_events);
  std::filesystem::remove_all(base);
  std::cout << "| measurement | figure | note |\n| --- | --- | --- |\n";
  hub::Restart("unbounded WAL (before)", base + "/unbounded", 0, events);
  std::filesystem::remove_all(base + "/unbounded");
  hub::Restart("bounded WAL, 64 MiB (hubd default)", base + "/bounded",
               uint64_t{64} << 20, events);
  hub::BackupAndRestore(base);
  std::filesystem::remove_all(base);
  return 0;
}
