// RocksDbStore: the Store on an embedded RocksDB, one column family per
// Column, with what an operator needs beyond the Store interface: how the
// store recovered when it opened, whether the disk has room for writes,
// RocksDB's statistics, and the live database for backups.
//
// Durability and recovery (DESIGN.md section 6; issue 13):
//  * Before RocksDB opens, the write-ahead log is scanned
//    (internal/wal_scan.h). A clean log opens with RocksDB's
//    kAbsoluteConsistency; a log ending in an incomplete write (cut off by a
//    crash, never acknowledged) opens with kPointInTimeRecovery, which drops
//    that write. Damage in the middle of the log, with intact acknowledged
//    writes after it, refuses to open (DataLoss naming the file, offset and
//    what would be lost) unless the operator chose WalRecovery::kSalvage,
//    which keeps the consistent prefix before the damage and drops the rest.
//    recovery() says which of these happened, with the lines RocksDB logged.
//  * Disk full: Write() is refused with ResourceExhausted ("disk full at
//    <path>: N bytes free ...") while the file system has fewer free bytes
//    than the reserve, before RocksDB is touched; reads keep working, and
//    writes resume by themselves once space is freed. On a full disk the
//    store opens read-only (when it exists) and becomes writable at the first
//    write after space was freed. Appends RocksDB has already started wait
//    for space instead of failing (internal/space_wait_fs.h).
//  * The write-ahead log is bounded: past max_total_wal_bytes RocksDB flushes
//    the column families that hold the oldest log (the small meta and catalog
//    families included), so old logs are deleted and a restart replays at
//    most about that much.
//
// Thread safety: all methods may be called concurrently.
#ifndef HUB_STORE_ROCKSDB_STORE_H_
#define HUB_STORE_ROCKSDB_STORE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "hub/store/store.h"

namespace rocksdb {
class DB;
class Env;
class FileSystem;
class Statistics;
}  // namespace rocksdb

namespace hub {

namespace internal {
struct OpenPlan;
}  // namespace internal

enum class WalRecovery {
  // Refuse to open when the write-ahead log is damaged before its end;
  // tolerate only an incomplete final write. The default.
  kStrict,
  // Open anyway, keeping the log up to the first damaged record and dropping
  // everything after it (RocksDB's kPointInTimeRecovery). An operator's
  // explicit choice, after reading what would be lost.
  kSalvage,
};

struct RocksDbOptions {
  WalRecovery wal_recovery = WalRecovery::kStrict;
  // Writes are refused while the file system has fewer free bytes.
  uint64_t disk_reserve_bytes = uint64_t{256} << 20;
  // Total write-ahead log size past which the oldest log's column families
  // are flushed (RocksDB's max_total_wal_size).
  uint64_t max_total_wal_bytes = uint64_t{64} << 20;
  // Memtable size per column family; 0 keeps RocksDB's default (64 MiB).
  uint64_t write_buffer_bytes = 0;
  // The file system under the store; null is the local one. Tests pass a
  // fault-injecting one (hub/store/testing/power_loss_fs.h).
  std::shared_ptr<rocksdb::FileSystem> file_system;
  // Receives operator-worthy messages from the store's own threads (an
  // append waiting for disk space). May be empty.
  std::function<void(const std::string& message)> on_warning;
};

// What happened when the store opened.
struct StoreRecovery {
  // Write-ahead log as scanned before opening.
  uint64_t wal_files = 0;
  uint64_t wal_bytes = 0;
  uint64_t wal_batches = 0;  // intact write batches replayed
  bool torn_tail = false;    // an incomplete final write was dropped
  bool salvaged = false;     // damage was dropped under kSalvage
  uint64_t dropped_bytes = 0;
  uint64_t dropped_batches = 0;  // intact batches after the damage, dropped
  std::string wal_summary;       // one line, for the operator's log
  std::string recovery_mode;     // the RocksDB WALRecoveryMode used
  // Warnings and recovery lines RocksDB logged while opening.
  std::vector<std::string> rocksdb_messages;
  bool read_only = false;  // opened read-only on a full disk
  absl::Duration open_time;
};

// A RocksDB statistic or property, for metrics.
struct StoreStatistic {
  std::string name;  // e.g. "wal_synced_total", "live_wal_bytes"
  std::string help;
  bool counter = false;  // false: a gauge
  double value = 0;
};

class RocksDbStore final : public Store {
 public:
  // Opens (creating if missing) the store in directory path. DataLoss when
  // the write-ahead log is damaged before its end (see above);
  // ResourceExhausted when there is no store yet and the disk is full.
  static absl::StatusOr<std::unique_ptr<RocksDbStore>> Open(
      const std::string& path, const RocksDbOptions& options = {});
  ~RocksDbStore() override;

  absl::Status Get(Column column, absl::string_view key,
                   std::string* value) const override;
  // ResourceExhausted without writing when the disk is full.
  absl::Status Write(const WriteBatch& batch, bool sync) override;
  std::unique_ptr<Iterator> NewIterator(Column column) const override;
  std::shared_ptr<const Snapshot> NewSnapshot() const override;

  const std::string& path() const { return path_; }
  const StoreRecovery& recovery() const { return recovery_; }
  uint64_t disk_reserve_bytes() const { return options_.disk_reserve_bytes; }

  // Free bytes on the store's file system (0 when unknown).
  uint64_t FreeBytes() const;
  // OK when a write would be attempted now; ResourceExhausted naming the
  // path and the free bytes when the disk is full.
  absl::Status CheckWritable() const;
  bool read_only() const;
  // Appends that waited for disk space since opening.
  uint64_t space_waits() const;

  // Key RocksDB tickers and properties.
  std::vector<StoreStatistic> Statistics() const;

  // Flushes every memtable to disk (so a restart replays no log); for a
  // clean shutdown.
  absl::Status Flush();

  // Runs fn with the live database, borrowed for the call (hub/backup).
  // While the store is read-only that is a read-only database.
  absl::Status WithDatabase(
      const std::function<absl::Status(rocksdb::DB* db)>& fn) const;

  struct Instance;  // one opened RocksDB (internal)

 private:
  RocksDbStore(std::string path, RocksDbOptions options,
               std::unique_ptr<internal::OpenPlan> plan);
  std::shared_ptr<Instance> Current() const;
  // The writable instance, reopening a read-only one.
  absl::StatusOr<std::shared_ptr<Instance>> Writable();
  absl::Status DiskFull(uint64_t free_bytes) const;

  const std::string path_;
  const RocksDbOptions options_;
  // File system, env, info log, statistics and options of every open.
  const std::unique_ptr<internal::OpenPlan> plan_;
  StoreRecovery recovery_;
  absl::Mutex reopen_mu_;  // one reopen at a time
  mutable absl::Mutex mu_;
  std::shared_ptr<Instance> instance_ ABSL_GUARDED_BY(mu_);
};

}  // namespace hub

#endif  // HUB_STORE_ROCKSDB_STORE_H_
