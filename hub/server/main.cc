// hubd: the reform data-exchange hub server.
//
//   hubd --data_dir=./hub-data --listen=127.0.0.1:50051 \
//        --tls_cert=server.pem --tls_key=server.key --tls_client_ca=ca.pem
//   hubd --insecure_demo_auth   # local demo: principal from x-hub-principal
//
// Logs one JSON object per line on stderr (hub/oplog): start-up, how the
// store recovered, every call, refusals, shutdown. Stops cleanly on SIGTERM
// or SIGINT: stops taking calls, finishes those in flight and the commits
// they queued, keeps a last checkpoint, flushes the store, and says so.
//
//   hubd --restore_from=BACKUP_DIR --data_dir=NEW_DIR   # restore, verify, exit
#include <signal.h>

#include <cstdio>
#include <fstream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "adapters/builtin.h"
#include "adapters/registry.h"
#include "hub/backup/backup.h"
#include "hub/engine/hub.h"
#include "hub/metrics/metrics.h"
#include "hub/oplog/hub_listener.h"
#include "hub/oplog/oplog.h"
#include "hub/reconcile/rule.h"
#include "hub/rollback/rollback_guard.h"
#include "hub/server/server.h"
#include "hub/server/startup_log.h"
#include "hub/store/rocksdb_store.h"

ABSL_FLAG(std::string, data_dir, "./hub-data", "RocksDB data directory");
ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "address to listen on; port 0 picks a free port");
ABSL_FLAG(std::string, port_file, "",
          "if set, write the bound port to this file once serving");
ABSL_FLAG(std::string, tls_cert, "", "server certificate (PEM)");
ABSL_FLAG(std::string, tls_key, "", "server private key (PEM)");
ABSL_FLAG(std::string, tls_client_ca, "", "CA of client certificates (PEM)");
ABSL_FLAG(bool, insecure_demo_auth, false,
          "LOCAL DEMO ONLY: no TLS; trust the x-hub-principal header");
ABSL_FLAG(bool, sync, true, "sync the write-ahead log before acknowledging");
ABSL_FLAG(std::string, audit_key, "",
          "Ed25519 key (PEM) signing log checkpoints; default "
          "<data_dir>/audit_ed25519.pem, created with a .pub beside it");

// --- Operations (issue 13) ---------------------------------------------
ABSL_FLAG(std::string, wal_recovery, "strict",
          "strict: refuse to open when the write-ahead log is damaged before "
          "its end; salvage: keep the log up to the damage, drop the rest");
ABSL_FLAG(bool, accept_log_rollback, false,
          "go on from the change log as it is when it went backwards against "
          "the newest checkpoint kept on disk (the old one is archived)");
ABSL_FLAG(std::string, checkpoint_dir, "",
          "where the newest signed checkpoint is kept, outside the store; "
          "default <data_dir>/checkpoints");
ABSL_FLAG(absl::Duration, checkpoint_interval, absl::Seconds(1),
          "how often the kept checkpoint follows the log");
ABSL_FLAG(uint64_t, disk_reserve_mb, 256,
          "writes are refused while the disk has fewer free MiB");
ABSL_FLAG(uint64_t, max_total_wal_mb, 64,
          "flush column families once the write-ahead logs exceed this many "
          "MiB, so old logs are deleted and restarts stay short");
ABSL_FLAG(std::string, metrics_listen, "",
          "serve Prometheus metrics on this address (e.g. 127.0.0.1:9464; "
          "port 0 picks one); empty: no metrics");
ABSL_FLAG(std::string, metrics_port_file, "",
          "if set, write the metrics port to this file");
ABSL_FLAG(std::string, backup_dir, "",
          "where online backups go (hubctl backup); empty: no backups");
ABSL_FLAG(absl::Duration, backup_interval, absl::ZeroDuration(),
          "take a backup this often (0: only when asked)");
ABSL_FLAG(int, backup_keep, 0, "newest backups to keep (0: all)");
ABSL_FLAG(std::string, restore_from, "",
          "restore the newest backup (or --restore_backup_id) in this "
          "directory into --data_dir (new or empty), verify its chain, exit");
ABSL_FLAG(uint32_t, restore_backup_id, 0, "with --restore_from: which backup");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(5),
          "on SIGTERM, how long calls in flight may take before cancelled");

namespace {

// The composition root: every plug-in the hub runs with is registered here,
// and a registration error stops the server before it opens anything.
struct PlugIns {
  std::shared_ptr<const hub::RuleRegistry> rules;
  std::shared_ptr<const hub::adapters::AdapterRegistry> adapters;
};

absl::StatusOr<PlugIns> RegisterPlugIns() {
  auto rules = std::make_shared<hub::RuleRegistry>();
  absl::Status s = hub::RegisterBuiltinRules(rules.get());
  if (!s.ok()) return s;
  auto adapters = std::make_shared<hub::adapters::AdapterRegistry>();
  s = hub::adapters::RegisterBuiltinAdapters(adapters.get());
  if (!s.ok()) return s;
  return PlugIns{std::move(rules), std::move(adapters)};
}

bool Fail(absl::string_view what, const absl::Status& status) {
  hub::oplog::Error("start_refused").Str("stage", what).Status(status);
  return false;
}

void WritePortFile(const std::string& path, int port) {
  if (path.empty()) return;
  std::ofstream(path + ".tmp") << port << "\n";
  std::rename((path + ".tmp").c_str(), path.c_str());
}

absl::StatusOr<hub::RocksDbOptions> StoreOptions() {
  hub::RocksDbOptions o;
  const std::string mode = absl::GetFlag(FLAGS_wal_recovery);
  if (mode == "salvage") {
    o.wal_recovery = hub::WalRecovery::kSalvage;
  } else if (mode != "strict") {
    return absl::InvalidArgumentError(absl::StrCat(
        "--wal_recovery: \"", mode, "\" is neither strict nor salvage"));
  }
  o.disk_reserve_bytes = absl::GetFlag(FLAGS_disk_reserve_mb) << 20;
  o.max_total_wal_bytes = absl::GetFlag(FLAGS_max_total_wal_mb) << 20;
  o.on_warning = [](const std::string& m) {
    hub::oplog::Warn("store").Str("message", m);
  };
  return o;
}

// The hub's options, with the composition root's rules.
hub::HubOptions HubOptionsFromFlags(const PlugIns& plugins) {
  hub::HubOptions options;
  options.rules = plugins.rules;
  options.sync = absl::GetFlag(FLAGS_sync);
  return options;
}

// hubd --restore_from: restores, verifies and says so; the exit code.
int Restore(const PlugIns& plugins, const std::string& data_dir) {
  auto r = hub::RestoreAndVerify(absl::GetFlag(FLAGS_restore_from),
                                 absl::GetFlag(FLAGS_restore_backup_id),
                                 data_dir, HubOptionsFromFlags(plugins));
  if (!r.ok()) {
    Fail("restore", r.status());
    return 1;
  }
  hub::oplog::Entry(
      r->chain_ok ? hub::oplog::Level::kInfo : hub::oplog::Level::kError,
      "restored")
      .Str("backup_dir", absl::GetFlag(FLAGS_restore_from))
      .Uint("backup_id", r->restore.backup.id)
      .Str("data_dir", data_dir)
      .Uint("log_head", r->log_head)
      .Str("log_head_hash", absl::BytesToHexString(r->log_head_hash))
      .Bool("chain_ok", r->chain_ok)
      .Uint("events_checked", r->events_checked)
      .Str("chain_problem", r->chain_problem)
      .Num("restore_seconds", r->restore.seconds)
      .Num("verify_seconds", r->verify_seconds)
      .Uint("extra_files", r->restore.extra_files.size())
      .Str("next", "start hubd with --data_dir=" + data_dir);
  return r->chain_ok ? 0 : 1;
}

// What hubd runs, opened in order and torn down in reverse.
struct Hubd {
  PlugIns plugins;
  std::string data_dir;
  // The RocksDB store this root opened; the hub owns it. Backups, metrics
  // and the admin service get it from here (disk, recovery, the live
  // database for BackupEngine), never through the hub.
  hub::RocksDbStore* rocks = nullptr;
  std::unique_ptr<hub::HubMetrics> metrics;
  hub::OplogListener oplog_listener;
  std::unique_ptr<hub::Hub> hub;
  std::string audit_key;
  std::unique_ptr<hub::Auditor> auditor;
  std::unique_ptr<hub::RollbackGuard> guard;
  std::unique_ptr<hub::BackupKeeper> backups;
  std::unique_ptr<hub::HubServer> server;

  // Store, metrics and hub. Returns false (logged) on failure.
  bool OpenHub() {
    absl::StatusOr<hub::RocksDbOptions> store_options = StoreOptions();
    if (!store_options.ok()) return Fail("flags", store_options.status());
    auto store = hub::RocksDbStore::Open(data_dir, *store_options);
    if (!store.ok()) return Fail("store", store.status());
    rocks = store->get();
    hub::internal::LogRecovery(*rocks);
    if (!absl::GetFlag(FLAGS_metrics_listen).empty()) {
      auto m = hub::HubMetrics::Start(absl::GetFlag(FLAGS_metrics_listen));
      if (!m.ok()) return Fail("metrics", m.status());
      metrics = *std::move(m);
      WritePortFile(absl::GetFlag(FLAGS_metrics_port_file), metrics->port());
    }
    hub::HubOptions options = HubOptionsFromFlags(plugins);
    options.listeners.push_back(&oplog_listener);
    if (metrics) options.listeners.push_back(metrics.get());
    auto h = hub::Hub::Open(*std::move(store), options);
    if (!h.ok()) return Fail("hub", h.status());
    hub = *std::move(h);
    return true;
  }

  // Auditor, rollback guard (and the operator's flag), backups.
  bool OpenOperations() {
    hub::AuditorOptions audit_options;
    audit_key = absl::GetFlag(FLAGS_audit_key).empty()
                    ? data_dir + "/audit_ed25519.pem"
                    : absl::GetFlag(FLAGS_audit_key);
    audit_options.key_file = audit_key;
    auto a = hub::Auditor::Open(hub.get(), audit_options);
    if (!a.ok()) return Fail("auditor", a.status());
    auditor = *std::move(a);
    hub::RollbackGuardOptions g;
    g.dir = absl::GetFlag(FLAGS_checkpoint_dir).empty()
                ? data_dir + "/checkpoints"
                : absl::GetFlag(FLAGS_checkpoint_dir);
    g.interval = absl::GetFlag(FLAGS_checkpoint_interval);
    auto opened = hub::RollbackGuard::Open(hub.get(), auditor.get(), g);
    if (!opened.ok()) return Fail("rollback guard", opened.status());
    guard = *std::move(opened);
    hub::internal::LogRollbackCheck(guard->check());
    if (!hub->write_refusal().ok() &&
        absl::GetFlag(FLAGS_accept_log_rollback)) {
      auto accepted = guard->AcceptRollback(
          "hubd --accept_log_rollback",
          "operator restarted hubd with --accept_log_rollback");
      if (!accepted.ok()) return Fail("accept rollback", accepted.status());
    }
    if (!absl::GetFlag(FLAGS_backup_dir).empty()) {
      hub::BackupOptions b;
      b.dir = absl::GetFlag(FLAGS_backup_dir);
      b.keep = absl::GetFlag(FLAGS_backup_keep);
      b.interval = absl::GetFlag(FLAGS_backup_interval);
      b.extra_files = {audit_key, audit_key + ".pub"};
      backups = std::make_unique<hub::BackupKeeper>(rocks, hub.get(), b);
    }
    if (metrics) metrics->SetSources(hub.get(), rocks);
    return true;
  }

  bool Serve(absl::Time started) {
    hub::ServerOptions options;
    options.adapters = plugins.adapters;
    options.listen_address = absl::GetFlag(FLAGS_listen);
    options.tls_cert_file = absl::GetFlag(FLAGS_tls_cert);
    options.tls_key_file = absl::GetFlag(FLAGS_tls_key);
    options.tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
    options.insecure_demo_auth = absl::GetFlag(FLAGS_insecure_demo_auth);
    options.auditor = auditor.get();
    options.store = rocks;
    options.rollback = guard.get();
    options.backups = backups.get();
    options.metrics = metrics.get();
    auto s = hub::HubServer::Start(hub.get(), options);
    if (!s.ok()) return Fail("server", s.status());
    server = *std::move(s);
    WritePortFile(absl::GetFlag(FLAGS_port_file), server->port());
    hub::oplog::Info("serving")
        .Int("port", server->port())
        .Int("metrics_port", metrics ? metrics->port() : 0)
        .Str("data_dir", data_dir)
        .Uint("log_head", hub->head().sequence)
        .Bool("writes_refused", !hub->write_refusal().ok())
        .Bool("read_only", rocks->read_only())
        .Num("start_ms", absl::ToDoubleMilliseconds(absl::Now() - started))
        .Str("auth",
             options.insecure_demo_auth ? "INSECURE DEMO AUTH" : "mutual TLS");
    return true;
  }

  // Graceful shutdown: no new calls; those in flight finish (cancelled
  // after the grace), then the commits they queued; a last checkpoint; the
  // memtables flushed so the next start replays no log (not on a full disk,
  // where a flush could not finish: the log keeps them).
  void Stop(int sig) {
    const absl::Time t0 = absl::Now();
    const int64_t in_flight = server->calls_in_flight();
    const uint64_t finished_before = server->calls_finished();
    hub::oplog::Info("shutdown_started")
        .Int("signal", sig)
        .Int("calls_in_flight", in_flight);
    server->Shutdown(absl::GetFlag(FLAGS_shutdown_grace));
    server->Wait();
    const uint64_t finished = server->calls_finished() - finished_before;
    const size_t commits_waited = hub->Close();
    backups.reset();
    auto checkpoint = guard->WriteNow();
    absl::Status flushed = rocks->CheckWritable();
    if (flushed.ok()) flushed = rocks->Flush();
    if (metrics) metrics->SetSources(nullptr, nullptr);
    const uint64_t head = hub->head().sequence;
    server.reset();
    guard.reset();
    auditor.reset();
    hub.reset();
    hub::oplog::Entry done(
        flushed.ok() ? hub::oplog::Level::kInfo : hub::oplog::Level::kWarn,
        "shutdown");
    done.Int("signal", sig)
        .Int("calls_in_flight_at_signal", in_flight)
        .Uint("calls_finished_during_shutdown", finished)
        .Uint("commits_finished_after_calls", commits_waited)
        .Uint("log_head", head)
        .Uint("checkpoint_size", checkpoint.ok() ? *checkpoint : 0)
        .Bool("memtables_flushed", flushed.ok())
        .Num("duration_ms", absl::ToDoubleMilliseconds(absl::Now() - t0));
    if (!flushed.ok()) done.Str("not_flushed", flushed.message());
  }
};

}  // namespace

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
  absl::StatusOr<PlugIns> plugins = RegisterPlugIns();
  if (!plugins.ok()) {
    Fail("plug-ins", plugins.status());
    return 1;
  }
  if (!absl::GetFlag(FLAGS_restore_from).empty()) {
    return Restore(*plugins, absl::GetFlag(FLAGS_data_dir));
  }
  Hubd hubd;
  hubd.plugins = *std::move(plugins);
  hubd.data_dir = absl::GetFlag(FLAGS_data_dir);
  hub::oplog::Info("start")
      .Str("data_dir", hubd.data_dir)
      .Str("listen", absl::GetFlag(FLAGS_listen))
      .Bool("insecure_demo_auth", absl::GetFlag(FLAGS_insecure_demo_auth))
      .Bool("sync", absl::GetFlag(FLAGS_sync))
      .Str("wal_recovery", absl::GetFlag(FLAGS_wal_recovery))
      .Uint("disk_reserve_mb", absl::GetFlag(FLAGS_disk_reserve_mb))
      .Uint("max_total_wal_mb", absl::GetFlag(FLAGS_max_total_wal_mb));
  if (!hubd.OpenHub() || !hubd.OpenOperations() || !hubd.Serve(started)) {
    return 1;
  }
  int sig = 0;
  sigwait(&stop, &sig);
  hubd.Stop(sig);
  hub::oplog::Info("stopped");
  return 0;
}
