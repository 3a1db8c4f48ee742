#include "hub/server/hubd.h"

#include <cstdio>
#include <fstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "adapters/builtin.h"
#include "hub/oplog/oplog.h"
#include "hub/server/hubd_store.h"
#include "hub/server/startup_log.h"

namespace hub {
namespace hubd {
namespace {

bool Fail(absl::string_view what, const absl::Status& status) {
  oplog::Error("start_refused").Str("stage", what).Status(status);
  return false;
}

void WritePortFile(const std::string& path, int port) {
  if (path.empty()) return;
  std::ofstream(path + ".tmp") << port << "\n";
  std::rename((path + ".tmp").c_str(), path.c_str());
}

}  // namespace

absl::StatusOr<PlugIns> RegisterPlugIns() {
  auto rules = std::make_shared<RuleRegistry>();
  absl::Status s = RegisterBuiltinRules(rules.get());
  if (!s.ok()) return s;
  auto adapters = std::make_shared<adapters::AdapterRegistry>();
  s = adapters::RegisterBuiltinAdapters(adapters.get());
  if (!s.ok()) return s;
  return PlugIns{std::move(rules), std::move(adapters)};
}

int Restore(const PlugIns& plugins, const HubdConfig& config) {
  HubOptions hub_options = config.hub;
  hub_options.rules = plugins.rules;
  auto r =
      RestoreAndVerify(config.restore_from, config.restore_backup_id,
                       config.data_dir, hub_options, KeyDir(config.data_dir));
  if (!r.ok()) {
    Fail("restore", r.status());
    return 1;
  }
  oplog::Entry(r->chain_ok ? oplog::Level::kInfo : oplog::Level::kError,
               "restored")
      .Str("backup_dir", config.restore_from)
      .Uint("backup_id", r->restore.backup.id)
      .Str("data_dir", config.data_dir)
      .Str("log_crypto", r->log_crypto)
      .Uint("log_head", r->log_head)
      .Str("log_head_hash", absl::BytesToHexString(r->log_head_hash))
      .Bool("chain_ok", r->chain_ok)
      .Uint("events_checked", r->events_checked)
      .Str("chain_problem", r->chain_problem)
      .Num("restore_seconds", r->restore.seconds)
      .Num("verify_seconds", r->verify_seconds)
      .Uint("extra_files", r->restore.extra_files.size())
      .Str("next", "start hubd with --data_dir=" + config.data_dir);
  return r->chain_ok ? 0 : 1;
}

Hubd::Hubd(PlugIns plugins, HubdConfig config)
    : plugins_(std::move(plugins)), config_(std::move(config)) {}

Hubd::~Hubd() = default;

bool Hubd::OpenHub() {
  auto store = OpenHubdStore(config_);
  if (!store.ok()) return Fail("store", store.status());
  rocks_ = store->rocks;
  sequencer_ = std::move(store->sequencer);
  store_description_ = store->description;
  if (rocks_ != nullptr) internal::LogRecovery(*rocks_);
  if (!config_.metrics_listen.empty()) {
    auto m = HubMetrics::Start(config_.metrics_listen);
    if (!m.ok()) return Fail("metrics", m.status());
    metrics_ = *std::move(m);
    WritePortFile(config_.metrics_port_file, metrics_->port());
  }
  HubOptions options = config_.hub;
  options.rules = plugins_.rules;
  if (config_.demo_clock) {
    demo_clock_ = std::make_unique<DemoClock>();
    DemoClock* clock = demo_clock_.get();
    options.clock = [clock] { return clock->Now(); };
    oplog::Warn("demo_clock")
        .Str("warning",
             "DEMO CLOCK: any caller may set the transaction time of its "
             "call with the x-hub-demo-time header; for a local demo only, "
             "never for real data");
  }
  options.listeners.push_back(&oplog_listener_);
  if (metrics_) options.listeners.push_back(metrics_.get());
  auto h = Hub::Open(std::move(store->store), options);
  if (!h.ok()) return Fail("hub", h.status());
  hub_ = *std::move(h);
  return true;
}

bool Hubd::OpenOperations() {
  AuditorOptions audit_options;
  audit_key_ = AuditKeyFile(config_, hub_->log_crypto());
  audit_options.key_file = audit_key_;
  auto a = Auditor::Open(hub_.get(), audit_options);
  if (!a.ok()) return Fail("auditor", a.status());
  auditor_ = *std::move(a);
  auto opened =
      RollbackGuard::Open(hub_.get(), auditor_.get(), config_.rollback);
  if (!opened.ok()) return Fail("rollback guard", opened.status());
  guard_ = *std::move(opened);
  internal::LogRollbackCheck(guard_->check());
  if (!hub_->write_refusal().ok() && config_.accept_log_rollback) {
    auto accepted = guard_->AcceptRollback(
        "hubd --accept_log_rollback",
        "operator restarted hubd with --accept_log_rollback");
    if (!accepted.ok()) return Fail("accept rollback", accepted.status());
  }
  if (!config_.backup.dir.empty()) {
    BackupOptions b = config_.backup;
    b.extra_files = {audit_key_ + ".pub"};
    if (config_.backup_signing_key) b.extra_files.push_back(audit_key_);
    backups_ = std::make_unique<BackupKeeper>(rocks_, hub_.get(), b);
  }
  if (metrics_) metrics_->SetSources(hub_.get(), rocks_);
  return true;
}

bool Hubd::Serve(absl::Time started) {
  ServerOptions options = config_.server;
  options.adapters = plugins_.adapters;
  options.audit_key_file = audit_key_;
  options.auditor = auditor_.get();
  options.store = rocks_;
  options.rollback = guard_.get();
  options.backups = backups_.get();
  options.metrics = metrics_.get();
  options.demo_clock = demo_clock_.get();
  auto s = HubServer::Start(hub_.get(), options);
  if (!s.ok()) return Fail("server", s.status());
  server_ = *std::move(s);
  WritePortFile(config_.port_file, server_->port());
  if (sequencer_ != nullptr) {
    sequencer_->Run(hub_.get(),
                    AdvertisedAddress(config_.pg.advertise,
                                      options.listen_address, server_->port()));
  }
  oplog::Info("serving")
      .Int("port", server_->port())
      .Int("metrics_port", metrics_ ? metrics_->port() : 0)
      .Str("data_dir", config_.data_dir)
      .Str("store", store_description_)
      .Str("log_crypto", hub_->log_crypto().Name())
      .Str("audit_key", audit_key_)
      .Uint("log_head", hub_->head().sequence)
      .Bool("writes_refused", !hub_->write_refusal().ok())
      .Bool("read_only", rocks_ != nullptr && rocks_->read_only())
      .Num("start_ms", absl::ToDoubleMilliseconds(absl::Now() - started))
      .Str("auth",
           options.insecure_demo_auth ? "INSECURE DEMO AUTH" : "mutual TLS");
  return true;
}

void Hubd::Stop(int sig) {
  const absl::Time t0 = absl::Now();
  const int64_t in_flight = server_->calls_in_flight();
  const uint64_t finished_before = server_->calls_finished();
  oplog::Info("shutdown_started")
      .Int("signal", sig)
      .Int("calls_in_flight", in_flight);
  server_->Shutdown(config_.shutdown_grace);
  server_->Wait();
  const uint64_t finished = server_->calls_finished() - finished_before;
  const size_t commits_waited = hub_->Close();
  backups_.reset();
  auto checkpoint = guard_->WriteNow();
  // Releases the lease: a standby takes over at once.
  if (sequencer_ != nullptr) sequencer_->Stop();
  absl::Status flushed = absl::OkStatus();
  if (rocks_ != nullptr) flushed = rocks_->CheckWritable();
  if (rocks_ != nullptr && flushed.ok()) flushed = rocks_->Flush();
  if (metrics_) metrics_->SetSources(nullptr, nullptr);
  const uint64_t head = hub_->head().sequence;
  server_.reset();
  guard_.reset();
  auditor_.reset();
  hub_.reset();
  sequencer_.reset();
  oplog::Entry done(flushed.ok() ? oplog::Level::kInfo : oplog::Level::kWarn,
                    "shutdown");
  done.Int("signal", sig)
      .Int("calls_in_flight_at_signal", in_flight)
      .Uint("calls_finished_during_shutdown", finished)
      .Uint("commits_finished_after_calls", commits_waited)
      .Uint("log_head", head)
      .Uint("checkpoint_size", checkpoint.ok() ? *checkpoint : 0)
      .Bool("memtables_flushed", rocks_ != nullptr && flushed.ok())
      .Num("duration_ms", absl::ToDoubleMilliseconds(absl::Now() - t0));
  if (!flushed.ok()) done.Str("not_flushed", flushed.message());
}

}  // namespace hubd
}  // namespace hub
