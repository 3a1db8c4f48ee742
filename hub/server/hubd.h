// Internal to hubd: the composition root. Every plug-in the hub runs with
// is registered here (RegisterPlugIns), and Hubd opens, in order, the
// store, metrics, hub, auditor, rollback guard, backups and server, and
// tears them down in reverse. On PostgreSQL (--store) the sequencer decides
// whether this hubd commits; there are no RocksDB operations (recovery
// report, disk space, backups: the database's own). Each step that fails is
// logged on the operator's log (hub/oplog) with its stage and stops hubd.
#ifndef HUB_SERVER_HUBD_H_
#define HUB_SERVER_HUBD_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "adapters/registry.h"
#include "hub/audit/auditor.h"
#include "hub/backup/backup.h"
#include "hub/engine/hub.h"
#include "hub/metrics/metrics.h"
#include "hub/oplog/hub_listener.h"
#include "hub/reconcile/rule.h"
#include "hub/rollback/rollback_guard.h"
#include "hub/sequencer/sequencer.h"
#include "hub/server/hubd_flags.h"
#include "hub/server/server.h"
#include "hub/store/rocksdb_store.h"

namespace hub {
namespace hubd {

struct PlugIns {
  std::shared_ptr<const RuleRegistry> rules;
  std::shared_ptr<const adapters::AdapterRegistry> adapters;
};

// The built-in reconciliation rules and department adapters; a
// registration error stops hubd before it opens anything.
absl::StatusOr<PlugIns> RegisterPlugIns();

// hubd --restore_from: restores, verifies the chain, and says so on the
// operator's log; the exit code.
int Restore(const PlugIns& plugins, const HubdConfig& config);

// What hubd runs.
class Hubd {
 public:
  Hubd(PlugIns plugins, HubdConfig config);
  ~Hubd();

  // Store, metrics and hub.
  bool OpenHub();
  // Auditor (its key after the log's suite), rollback guard (and the
  // operator's --accept_log_rollback), backups.
  bool OpenOperations();
  // The server, and the port file; "serving" on the operator's log.
  bool Serve(absl::Time started);
  // Graceful shutdown after signal sig: no new calls; those in flight
  // finish (cancelled after the grace), then the commits they queued; a
  // last checkpoint; the memtables flushed so the next start replays no
  // log (not on a full disk, where a flush could not finish: the log keeps
  // them).
  void Stop(int sig);

 private:
  const PlugIns plugins_;
  const HubdConfig config_;
  // The RocksDB store this root opened; the hub owns it. Backups, metrics
  // and the admin service get it from here (disk, recovery, the live
  // database for BackupEngine), never through the hub. Null on PostgreSQL.
  RocksDbStore* rocks_ = nullptr;
  // PostgreSQL only: the lease; stopped before the hub closes.
  std::unique_ptr<Sequencer> sequencer_;
  std::string store_description_;
  // With --demo_clock: the hub's clock, pinned per call by the server.
  std::unique_ptr<DemoClock> demo_clock_;
  std::unique_ptr<HubMetrics> metrics_;
  OplogListener oplog_listener_;
  std::unique_ptr<Hub> hub_;
  std::string audit_key_;
  std::unique_ptr<Auditor> auditor_;
  std::unique_ptr<RollbackGuard> guard_;
  std::unique_ptr<BackupKeeper> backups_;
  std::unique_ptr<HubServer> server_;
};

}  // namespace hubd
}  // namespace hub

#endif  // HUB_SERVER_HUBD_H_
