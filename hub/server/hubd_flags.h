// Internal to hubd: its command-line flags, read once into a HubdConfig, so
// a bad flag stops hubd before it opens anything and no other part of hubd
// reads a flag.
#ifndef HUB_SERVER_HUBD_FLAGS_H_
#define HUB_SERVER_HUBD_FLAGS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "hub/backup/backup.h"
#include "hub/crypto/log_crypto.h"
#include "hub/engine/hub.h"
#include "hub/rollback/rollback_guard.h"
#include "hub/server/server.h"
#include "hub/store/rocksdb_store.h"

namespace hub {
namespace hubd {

// --store=postgresql://...: the hub on PostgreSQL, shared by several hubds
// of which one commits (hub/sequencer).
struct PgConfig {
  std::string conninfo;  // empty: the embedded RocksDB in data_dir
  std::string schema;
  absl::Duration lease;
  std::string advertise;  // empty: AdvertisedAddress()'s default
};

// Everything the flags say. The composition root (hubd.h) adds what only
// it has: the rule and adapter registries, the listeners, the operations
// objects it opened.
struct HubdConfig {
  std::string data_dir;           // on PostgreSQL: the key and checkpoints only
  std::string port_file;          // empty: none
  std::string metrics_listen;     // empty: no metrics
  std::string metrics_port_file;  // empty: none
  bool accept_log_rollback = false;
  absl::Duration shutdown_grace;
  // --restore_from: restore backup restore_backup_id (0: newest) from this
  // directory into data_dir, verify, exit.
  std::string restore_from;
  uint32_t restore_backup_id = 0;
  // --audit_key; empty: AuditKeyFile() picks it by the log's suite.
  std::string audit_key;
  // --demo_clock (only with --insecure_demo_auth): each call's
  // x-hub-demo-time header is its transaction time.
  bool demo_clock = false;
  RocksDbOptions store;  // with pg.conninfo empty
  PgConfig pg;
  HubOptions hub;        // log_crypto null: the recorded suite
  ServerOptions server;  // listening, TLS, demo auth
  RollbackGuardOptions rollback;
  BackupOptions backup;  // dir empty: no backups
  // --backup_signing_key: backups carry the private signing key too (the
  // public key always).
  bool backup_signing_key = false;
};

// The flags as parsed; InvalidArgument naming the flag (--wal_recovery,
// --log_crypto, --store) for a value hubd does not know, for --demo_clock
// without --insecure_demo_auth, and for a RocksDB-only flag (--backup_dir,
// --restore_from, --wal_recovery, --disk_reserve_mb, --max_total_wal_mb)
// with --store=postgresql, saying what the database does instead.
absl::StatusOr<HubdConfig> HubdConfigFromFlags();

// Where a hub on data_dir keeps its signing key by default: beside the data
// directory, never in it ("<data_dir>-keys"), so that copies and backups of
// the data do not carry the key that signs it.
std::string KeyDir(const std::string& data_dir);

// The checkpoint signing key: --audit_key, else
// KeyDir(data_dir)/audit_<ed25519|sm2>.pem after the algorithm of the log's
// suite (the directory made, owner-only, when missing).
std::string AuditKeyFile(const HubdConfig& config, const LogCrypto& crypto);

// "strict" or "salvage", for the operator's log.
const char* WalRecoveryName(WalRecovery mode);

}  // namespace hubd
}  // namespace hub

#endif  // HUB_SERVER_HUBD_FLAGS_H_
