// Internal to hubd: the operator's log lines about start-up: how the store
// recovered, and what the rollback guard found.
#ifndef HUB_SERVER_STARTUP_LOG_H_
#define HUB_SERVER_STARTUP_LOG_H_

#include "hub/rollback/rollback_guard.h"
#include "hub/store/rocksdb_store.h"

namespace hub {
namespace internal {

// "recovery": the write-ahead log as scanned, what was dropped, the mode
// RocksDB recovered with, the time it took; one "rocksdb" line per message
// RocksDB logged while opening; "disk_full" when the store opened read-only.
void LogRecovery(const RocksDbStore& store);

// "rollback_check": the log against the newest checkpoint kept on disk
// (an error line, with what the operator may do, when writes are refused).
void LogRollbackCheck(const RollbackCheck& check);

}  // namespace internal
}  // namespace hub

#endif  // HUB_SERVER_STARTUP_LOG_H_
