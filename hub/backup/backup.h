// Online backup and restore of the hub's store, with RocksDB's BackupEngine.
//
// A backup is taken while the hub keeps writing: RocksDB copies the table
// files (shared between backups, so each backup after the first copies only
// what is new) and the live write-ahead log, each checksummed, so the
// backup holds every write committed when it started and possibly some
// later ones: a consistent point of the log. Restoring it gives a store
// whose log ends at that point and verifies.
//
// Besides RocksDB's files, a backup copies extra_files (hubd: the audit
// public key, and the private key only when the operator asks, with
// --backup_signing_key, so a restored hub signs with the key auditors
// pinned) into <dir>/extra/, restored beside the store.
//
// Thread safe: BackupKeeper serializes backups.
#ifndef HUB_BACKUP_BACKUP_H_
#define HUB_BACKUP_BACKUP_H_

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "hub/engine/hub.h"
#include "hub/store/rocksdb_store.h"

namespace hub {

struct BackupInfo {
  uint32_t id = 0;
  int64_t time_micros = 0;  // when it was taken
  uint64_t bytes = 0;       // the files it holds (shared ones included)
  uint32_t files = 0;
  uint64_t log_head_at_start = 0;  // the backup holds at least these events
  double seconds = 0;              // how long it took (0 when listed)
};

struct BackupOptions {
  std::string dir;                       // where backups live
  int keep = 0;                          // newest backups kept; 0: all
  std::vector<std::string> extra_files;  // copied with every backup
  absl::Duration interval;               // > 0: a backup every interval
};

class BackupKeeper {
 public:
  // store and hub are borrowed and must outlive the keeper.
  BackupKeeper(RocksDbStore* store, const Hub* hub, BackupOptions options);
  ~BackupKeeper();  // stops the periodic backups

  const std::string& dir() const { return options_.dir; }

  // Takes a backup now. FailedPrecondition while the store is read-only (a
  // full disk), Unavailable when the backup cannot be written.
  absl::StatusOr<BackupInfo> Create();

 private:
  void Periodic();

  RocksDbStore* const store_;
  const Hub* const hub_;
  const BackupOptions options_;
  absl::Mutex mu_;  // one backup at a time
  absl::Notification stop_;
  std::thread periodic_;
};

// The backups in dir, oldest first. NotFound when dir holds none.
absl::StatusOr<std::vector<BackupInfo>> ListBackups(const std::string& dir);

struct RestoreResult {
  BackupInfo backup;
  double seconds = 0;
  std::vector<std::string> extra_files;  // restored beside the store
};

// Restores backup id (0: the newest) from backup_dir into data_dir, which
// must not exist or be empty (FailedPrecondition otherwise), after
// checking the backup's checksums (DataLoss when they fail). extra_dir
// receives the extra files (empty: data_dir).
absl::StatusOr<RestoreResult> RestoreBackup(const std::string& backup_dir,
                                            uint32_t id,
                                            const std::string& data_dir,
                                            const std::string& extra_dir = "");

struct VerifiedRestore {
  RestoreResult restore;
  std::string log_crypto;  // the restored log's suite, e.g. "sm3-sm2"
  uint64_t log_head = 0;
  std::string log_head_hash;  // raw bytes
  bool chain_ok = false;
  uint64_t events_checked = 0;
  std::string chain_problem;  // when !chain_ok
  double verify_seconds = 0;
};

// RestoreBackup(), then opens the restored store and a hub on it with
// hub_options (the composition root's, rules included: the hub opens as
// hubd will open it) and verifies the whole chain, with the suite the
// restored log records, through the hub's log reader: what `hubd
// --restore_from` does before the operator starts hubd on data_dir. The
// extra files go to extra_dir (empty: data_dir), as in RestoreBackup().
absl::StatusOr<VerifiedRestore> RestoreAndVerify(
    const std::string& backup_dir, uint32_t id, const std::string& data_dir,
    const HubOptions& hub_options, const std::string& extra_dir = "");

}  // namespace hub

#endif  // HUB_BACKUP_BACKUP_H_
