// hubd: the reform data-exchange hub server.
//
//   hubd --data_dir=./hub-data --listen=127.0.0.1:50051 \
//        --tls_cert=server.pem --tls_key=server.key --tls_client_ca=ca.pem
//   hubd --insecure_demo_auth   # local demo: principal from x-hub-principal
//   hubd --log_crypto=sm3-sm2   # a new hub whose log uses SM3 and SM2
//   hubd --insecure_demo_auth --demo_clock   # ... and transaction times
//                                            # from x-hub-demo-time
//   hubd --store=postgresql://db1,db2/hub?target_session_attrs=read-write
//        # PostgreSQL shared with other hubds: one commits, the others are
//        # standbys (docs/DEPLOYMENT.md)
//
// Logs one JSON object per line on stderr (hub/oplog): start-up, how the
// store recovered, every call, refusals, shutdown. Stops cleanly on SIGTERM
// or SIGINT: stops taking calls, finishes those in flight and the commits
// they queued, keeps a last checkpoint, flushes the store, and says so.
//
//   hubd --restore_from=BACKUP_DIR --data_dir=NEW_DIR   # restore, verify, exit
//
// The flags are in hubd_flags.cc, the composition root in hubd.h.
#include <signal.h>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/time/clock.h"
#include "hub/oplog/oplog.h"
#include "hub/server/hubd.h"
#include "hub/server/hubd_flags.h"

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("reform data-exchange hub server");
  absl::ParseCommandLine(argc, argv);
  const absl::Time started = absl::Now();

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  absl::StatusOr<hub::hubd::HubdConfig> config =
      hub::hubd::HubdConfigFromFlags();
  if (!config.ok()) {
    hub::oplog::Error("start_refused")
        .Str("stage", "flags")
        .Status(config.status());
    return 1;
  }
  absl::StatusOr<hub::hubd::PlugIns> plugins = hub::hubd::RegisterPlugIns();
  if (!plugins.ok()) {
    hub::oplog::Error("start_refused")
        .Str("stage", "plug-ins")
        .Status(plugins.status());
    return 1;
  }
  if (!config->restore_from.empty()) {
    return hub::hubd::Restore(*plugins, *config);
  }
  hub::oplog::Info("start")
      .Str("data_dir", config->data_dir)
      .Str("listen", config->server.listen_address)
      .Str("store", config->pg.conninfo.empty() ? "rocksdb" : "postgresql")
      .Bool("insecure_demo_auth", config->server.insecure_demo_auth)
      .Bool("demo_clock", config->demo_clock)
      .Bool("sync", config->hub.sync)
      .Str("log_crypto", config->hub.log_crypto != nullptr
                             ? config->hub.log_crypto->Name()
                             : "as recorded")
      .Str("wal_recovery",
           hub::hubd::WalRecoveryName(config->store.wal_recovery))
      .Uint("disk_reserve_mb", config->store.disk_reserve_bytes >> 20)
      .Uint("max_total_wal_mb", config->store.max_total_wal_bytes >> 20);
  hub::hubd::Hubd hubd(*std::move(plugins), *std::move(config));
  if (!hubd.OpenHub() || !hubd.OpenOperations() || !hubd.Serve(started)) {
    return 1;
  }
  int sig = 0;
  sigwait(&stop, &sig);
  hubd.Stop(sig);
  hub::oplog::Info("stopped");
  return 0;
}
