// Opening a RocksDbStore: the write-ahead log check that picks the recovery
// mode, the read-only open on a full disk, and RocksDB's options.
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "hub/store/internal/open_plan.h"
#include "hub/store/internal/wal_scan.h"
#include "hub/store/rocksdb_store.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/table.h"

namespace hub {
namespace internal {

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  std::string msg = absl::StrCat(what, ": ", s.ToString());
  if (s.IsNotFound()) return absl::NotFoundError(msg);
  if (s.IsCorruption()) return absl::DataLossError(msg);
  if (s.IsIOError() || s.IsBusy() || s.IsTryAgain()) {
    return absl::UnavailableError(msg);
  }
  return absl::InternalError(msg);
}

absl::StatusOr<std::shared_ptr<RocksDbStore::Instance>> OpenInstance(
    const std::string& path, const OpenPlan& plan, bool read_only) {
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, plan.cf_options);
  for (int i = 0; i < kNumColumns; ++i) {
    descriptors.emplace_back(ColumnName(static_cast<Column>(i)),
                             plan.cf_options);
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      read_only ? rocksdb::DB::OpenForReadOnly(plan.db_options, path,
                                               descriptors, &handles, &raw)
                : rocksdb::DB::Open(plan.db_options, path, descriptors,
                                    &handles, &raw);
  if (!s.ok()) return FromRocks(s, absl::StrCat("open ", path));
  auto in = std::make_shared<RocksDbStore::Instance>();
  in->db.reset(raw);
  in->read_only = read_only;
  in->db->DestroyColumnFamilyHandle(handles[0]);  // default family: unused
  handles.erase(handles.begin());
  in->handles = std::move(handles);
  return in;
}

namespace {

rocksdb::ColumnFamilyOptions ColumnOptions(const RocksDbOptions& options) {
  rocksdb::ColumnFamilyOptions cf;
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  cf.compression = rocksdb::kNoCompression;
  if (options.write_buffer_bytes > 0) {
    cf.write_buffer_size = options.write_buffer_bytes;
  }
  return cf;
}

const char* ModeName(rocksdb::WALRecoveryMode mode) {
  switch (mode) {
    case rocksdb::WALRecoveryMode::kAbsoluteConsistency:
      return "kAbsoluteConsistency";
    case rocksdb::WALRecoveryMode::kPointInTimeRecovery:
      return "kPointInTimeRecovery";
    case rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords:
      return "kTolerateCorruptedTailRecords";
    case rocksdb::WALRecoveryMode::kSkipAnyCorruptedRecords:
      return "kSkipAnyCorruptedRecords";
  }
  return "unknown";
}

// Chooses the recovery mode from the scan, or refuses (see the header).
absl::StatusOr<rocksdb::WALRecoveryMode> RecoveryMode(
    const WalScan& scan, const RocksDbOptions& options, const std::string& path,
    StoreRecovery* recovery) {
  recovery->wal_files = scan.files.size();
  recovery->wal_bytes = scan.bytes;
  recovery->wal_batches = scan.batches;
  recovery->wal_summary = scan.Describe();
  switch (scan.outcome) {
    case WalScan::Outcome::kClean:
      return rocksdb::WALRecoveryMode::kAbsoluteConsistency;
    case WalScan::Outcome::kTornTail:
      recovery->torn_tail = true;
      recovery->dropped_bytes = scan.dropped_bytes;
      return rocksdb::WALRecoveryMode::kPointInTimeRecovery;
    case WalScan::Outcome::kDamaged:
      break;
  }
  if (options.wal_recovery != WalRecovery::kSalvage) {
    return absl::DataLossError(absl::StrCat(
        "refusing to open the store at ", path, ": ", scan.Describe(),
        ". Nothing was changed. To keep the log up to the damage and drop "
        "the rest, restart with --wal_recovery=salvage; or restore a "
        "backup"));
  }
  recovery->salvaged = true;
  recovery->dropped_bytes = scan.dropped_bytes;
  recovery->dropped_batches = scan.batches_after;
  return rocksdb::WALRecoveryMode::kPointInTimeRecovery;
}

std::unique_ptr<OpenPlan> MakePlan(const std::string& path,
                                   const RocksDbOptions& options) {
  auto plan = std::make_unique<OpenPlan>();
  plan->base_fs = options.file_system ? options.file_system
                                      : rocksdb::FileSystem::Default();
  auto on_wait = [warn = options.on_warning](const std::string& file,
                                             uint64_t bytes) {
    if (warn) {
      warn(absl::StrCat("disk full: a write of ", bytes, " bytes to ", file,
                        " waits for space to be freed"));
    }
  };
  plan->fs = std::make_shared<SpaceWaitFileSystem>(plan->base_fs, on_wait);
  plan->env = rocksdb::NewCompositeEnv(plan->fs);
  plan->info_log = std::make_shared<InfoLogger>(path + "/LOG");
  plan->statistics = rocksdb::CreateDBStatistics();
  rocksdb::DBOptions& db = plan->db_options;
  db.create_if_missing = true;
  db.create_missing_column_families = true;
  db.paranoid_checks = true;
  db.max_background_jobs = 2;
  db.max_total_wal_size = options.max_total_wal_bytes;
  db.max_open_files = -1;  // a read-only open keeps every table open
  db.env = plan->env.get();
  db.info_log = plan->info_log;
  db.statistics = plan->statistics;
  plan->cf_options = ColumnOptions(options);
  return plan;
}

}  // namespace
}  // namespace internal

absl::StatusOr<std::unique_ptr<RocksDbStore>> RocksDbStore::Open(
    const std::string& path, const RocksDbOptions& options) {
  const absl::Time start = absl::Now();
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  std::unique_ptr<internal::OpenPlan> plan = internal::MakePlan(path, options);
  StoreRecovery recovery;
  absl::StatusOr<internal::WalScan> scan = internal::ScanWal(path);
  if (!scan.ok()) return scan.status();
  absl::StatusOr<rocksdb::WALRecoveryMode> mode =
      internal::RecoveryMode(*scan, options, path, &recovery);
  if (!mode.ok()) return mode.status();
  plan->db_options.wal_recovery_mode = *mode;
  recovery.recovery_mode = internal::ModeName(*mode);

  std::unique_ptr<RocksDbStore> store(
      new RocksDbStore(path, options, std::move(plan)));
  absl::Status space = store->CheckWritable();
  const bool exists = std::filesystem::exists(path + "/CURRENT", ec);
  if (!space.ok() && !exists) return space;
  recovery.read_only = !space.ok();
  absl::StatusOr<std::shared_ptr<Instance>> in = internal::OpenInstance(
      path, *store->plan_, /*read_only=*/recovery.read_only);
  recovery.rocksdb_messages = store->plan_->info_log->StopCapture();
  if (!in.ok()) return in.status();
  {
    absl::MutexLock lock(&store->mu_);
    store->instance_ = *std::move(in);
  }
  recovery.open_time = absl::Now() - start;
  store->recovery_ = std::move(recovery);
  return store;
}

absl::StatusOr<std::unique_ptr<Store>> OpenRocksDbStore(
    const std::string& path) {
  absl::StatusOr<std::unique_ptr<RocksDbStore>> store =
      RocksDbStore::Open(path);
  if (!store.ok()) return store.status();
  return std::unique_ptr<Store>(*std::move(store));
}

}  // namespace hub
