#include "hub/server/startup_log.h"

#include "absl/strings/match.h"
#include "hub/oplog/oplog.h"

namespace hub {
namespace internal {

void LogRecovery(const RocksDbStore& store) {
  const StoreRecovery& r = store.recovery();
  const oplog::Level level = r.salvaged    ? oplog::Level::kError
                             : r.torn_tail ? oplog::Level::kWarn
                                           : oplog::Level::kInfo;
  oplog::Entry(level, "recovery")
      .Str("data_dir", store.path())
      .Str("summary", r.wal_summary)
      .Uint("wal_files", r.wal_files)
      .Uint("wal_bytes", r.wal_bytes)
      .Uint("wal_batches_replayed", r.wal_batches)
      .Bool("torn_tail_dropped", r.torn_tail)
      .Bool("salvaged", r.salvaged)
      .Uint("dropped_bytes", r.dropped_bytes)
      .Uint("dropped_batches", r.dropped_batches)
      .Str("recovery_mode", r.recovery_mode)
      .Bool("read_only", r.read_only)
      .Num("open_ms", absl::ToDoubleMilliseconds(r.open_time));
  for (const std::string& m : r.rocksdb_messages) {
    const bool loud = absl::StrContains(m, "dropping") ||
                      absl::StrContains(m, "Corruption") ||
                      absl::StrContains(m, " WARN ") ||
                      absl::StrContains(m, " ERROR ");
    oplog::Entry(loud ? oplog::Level::kWarn : oplog::Level::kInfo, "rocksdb")
        .Str("message", m);
  }
  if (r.read_only) {
    oplog::Warn("disk_full")
        .Str("data_dir", store.path())
        .Uint("free_bytes", store.FreeBytes())
        .Uint("reserve_bytes", store.disk_reserve_bytes())
        .Str("message",
             "opened read-only on a full disk: reads are served, writes are "
             "refused until space is freed, then resume by themselves");
  }
}

void LogRollbackCheck(const RollbackCheck& check) {
  const bool refused =
      check.outcome == RollbackCheck::Outcome::kWentBackwards ||
      check.outcome == RollbackCheck::Outcome::kRewritten;
  oplog::Entry(refused ? oplog::Level::kError : oplog::Level::kInfo,
               "rollback_check")
      .Str("outcome", OutcomeName(check.outcome))
      .Uint("checkpoint_size", check.stored_size)
      .Uint("log_head", check.log_head)
      .Bool("writes_refused", refused)
      .Str("message", check.message);
}

}  // namespace internal
}  // namespace hub
