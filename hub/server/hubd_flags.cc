#include "hub/server/hubd_flags.h"

#include <filesystem>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

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
ABSL_FLAG(bool, demo_clock, false,
          "LOCAL DEMO ONLY, needs --insecure_demo_auth: a call's "
          "x-hub-demo-time header (UTC microseconds) sets the hub's "
          "transaction time for that call");
ABSL_FLAG(bool, sync, true, "sync the write-ahead log before acknowledging");
ABSL_FLAG(std::string, log_crypto, "",
          "crypto suite of the verifiable log: sha256-ed25519 or sm3-sm2 "
          "(SM3 hash chain and Merkle tree, SM2-signed checkpoints). Chosen "
          "when the hub is created and recorded in its store; empty: the "
          "recorded suite, or sha256-ed25519 for a new hub. Another suite "
          "than the recorded one is refused on a non-empty log");
ABSL_FLAG(bool, callback_submissions, true,
          "serve SubmissionService on gRPC's callback API (false: the "
          "synchronous API, a thread per call in flight)");
ABSL_FLAG(std::string, audit_key, "",
          "private key (PEM) signing log checkpoints, of the log crypto's "
          "algorithm; default <data_dir>-keys/audit_<ed25519|sm2>.pem, "
          "created with a .pub beside it: outside the data directory, so "
          "that copies of the data do not carry it");

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
ABSL_FLAG(bool, backup_signing_key, false,
          "copy the private signing key into every backup (the public key "
          "always goes); off by default: keep the key apart from the data");
ABSL_FLAG(std::string, restore_from, "",
          "restore the newest backup (or --restore_backup_id) in this "
          "directory into --data_dir (new or empty), verify its chain, exit");
ABSL_FLAG(uint32_t, restore_backup_id, 0, "with --restore_from: which backup");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(5),
          "on SIGTERM, how long calls in flight may take before cancelled");

// --- Limits (issue 12: bounded abuse) -----------------------------------
// What one caller, and all callers together, may ask of hubd. The defaults
// suit a province's hub on one machine; every refusal they cause is cheap
// (the rate limit and the stream caps answer RESOURCE_EXHAUSTED before any
// work, and are not logged in the change log).
ABSL_FLAG(double, rate_limit_qps, 200,
          "calls a second per principal; beyond it RESOURCE_EXHAUSTED with a "
          "retry delay");
ABSL_FLAG(int, rate_limit_burst, 400, "calls above the rate, per principal");
ABSL_FLAG(double, stream_rate_limit, 5000,
          "messages a second per principal in its submission streams; a "
          "stream over it is slowed down, not failed");
ABSL_FLAG(int, stream_rate_burst, 10000,
          "streamed messages above that rate, per principal");
ABSL_FLAG(int, max_streams_per_principal, 8,
          "open streaming calls (live replays, submission streams) per "
          "principal");
ABSL_FLAG(int, max_streams, 64, "open streaming calls in all");
ABSL_FLAG(bool, require_deadline, true,
          "refuse unary calls without a deadline (INVALID_ARGUMENT naming "
          "grpc-timeout)");
ABSL_FLAG(absl::Duration, max_deadline, absl::Minutes(10),
          "longest deadline a unary call may ask for");
ABSL_FLAG(int, max_message_bytes, 16 << 20,
          "largest request accepted; larger ones are refused "
          "RESOURCE_EXHAUSTED by gRPC before they are read");
ABSL_FLAG(
    int, max_threads, 128,
    "threads serving calls; beyond, calls are refused RESOURCE_EXHAUSTED");
ABSL_FLAG(int64_t, max_page_bytes, 4 << 20,
          "bytes of events or records in one ListEvents or ListRecords page "
          "(a page has at least one)");
ABSL_FLAG(int64_t, refusal_body_bytes, 4096,
          "a refused submission or call is logged with its body only up to "
          "this size (its size and hash always)");
ABSL_FLAG(int, refusal_fields, 20,
          "field violations kept in the record of a refusal");
ABSL_FLAG(absl::Duration, keepalive_time, absl::Minutes(2),
          "ping a connection idle this long; drop it without an answer within "
          "--keepalive_timeout");
ABSL_FLAG(absl::Duration, keepalive_timeout, absl::Seconds(20),
          "wait for a keepalive answer this long");
ABSL_FLAG(absl::Duration, min_ping_interval, absl::Seconds(30),
          "a client pinging more often than this is sent away (GOAWAY)");
ABSL_FLAG(absl::Duration, max_connection_idle, absl::Minutes(15),
          "close a connection without calls for this long");
ABSL_FLAG(absl::Duration, max_connection_age, absl::Hours(1),
          "close a connection this old (a live replay resumes on a new one)");
ABSL_FLAG(absl::Duration, max_connection_age_grace, absl::Minutes(1),
          "calls in flight on a connection closed for age get this long");

// --- PostgreSQL and the sequencer (issue 15) ---------------------------
ABSL_FLAG(std::string, store, "",
          "where the hub keeps its data: empty for the embedded RocksDB in "
          "--data_dir; a PostgreSQL connection string (postgresql://host1,"
          "host2/db?target_session_attrs=read-write, or key=value) for a "
          "database several hubds share, one of them committing at a time");
ABSL_FLAG(std::string, pg_schema, "hub",
          "with --store=postgresql: the schema holding the hub's tables");
ABSL_FLAG(absl::Duration, lease, absl::Seconds(5),
          "with --store=postgresql: the active hubd's lease; a standby takes "
          "over once it expires (at once after a clean stop, sooner after a "
          "crash)");
ABSL_FLAG(std::string, advertise, "",
          "with --store=postgresql: the address clients reach this hubd at, "
          "which standbys name in their refusals; default the --listen host "
          "(this machine's name for 0.0.0.0) with the bound port");

namespace hub {
namespace hubd {
namespace {

absl::Status LimitsFromFlags(HubOptions* hub, ServerOptions* o) {
  hub->max_page_bytes = absl::GetFlag(FLAGS_max_page_bytes);
  hub->refusals.body_bytes = absl::GetFlag(FLAGS_refusal_body_bytes);
  hub->refusals.fields = absl::GetFlag(FLAGS_refusal_fields);
  o->limits.calls_per_second = absl::GetFlag(FLAGS_rate_limit_qps);
  o->limits.burst = absl::GetFlag(FLAGS_rate_limit_burst);
  o->limits.messages_per_second = absl::GetFlag(FLAGS_stream_rate_limit);
  o->limits.message_burst = absl::GetFlag(FLAGS_stream_rate_burst);
  o->limits.streams_per_principal =
      absl::GetFlag(FLAGS_max_streams_per_principal);
  o->limits.streams = absl::GetFlag(FLAGS_max_streams);
  o->limits.require_deadline = absl::GetFlag(FLAGS_require_deadline);
  o->limits.max_deadline = absl::GetFlag(FLAGS_max_deadline);
  o->max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  o->max_threads = absl::GetFlag(FLAGS_max_threads);
  o->keepalive_time = absl::GetFlag(FLAGS_keepalive_time);
  o->keepalive_timeout = absl::GetFlag(FLAGS_keepalive_timeout);
  o->min_ping_interval = absl::GetFlag(FLAGS_min_ping_interval);
  o->max_connection_idle = absl::GetFlag(FLAGS_max_connection_idle);
  o->max_connection_age = absl::GetFlag(FLAGS_max_connection_age);
  o->max_connection_age_grace = absl::GetFlag(FLAGS_max_connection_age_grace);
  const struct {
    const char* flag;
    double value;
  } rates[] = {{"--rate_limit_qps", o->limits.calls_per_second},
               {"--rate_limit_burst", double(o->limits.burst)},
               {"--stream_rate_limit", o->limits.messages_per_second},
               {"--stream_rate_burst", double(o->limits.message_burst)}};
  for (const auto& r : rates) {
    if (!(r.value > 0)) {
      return absl::InvalidArgumentError(
          absl::StrCat(r.flag, ": ", r.value, " is not above 0"));
    }
  }
  return absl::OkStatus();
}

// --store, --pg_schema, --lease, --advertise; and the RocksDB-only flags,
// which a PostgreSQL hub refuses, naming what takes their place.
absl::Status PostgresFromFlags(const RocksDbOptions& rocks, PgConfig* pg) {
  pg->conninfo = absl::GetFlag(FLAGS_store);
  pg->schema = absl::GetFlag(FLAGS_pg_schema);
  pg->lease = absl::GetFlag(FLAGS_lease);
  pg->advertise = absl::GetFlag(FLAGS_advertise);
  if (pg->conninfo.empty()) return absl::OkStatus();
  if (!absl::StartsWith(pg->conninfo, "postgresql://") &&
      !absl::StartsWith(pg->conninfo, "postgres://") &&
      !absl::StrContains(pg->conninfo, "=")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--store: \"", pg->conninfo,
        "\" is not a PostgreSQL connection string (postgresql://... or "
        "host=... dbname=...); leave it empty for RocksDB in --data_dir"));
  }
  if (pg->lease < absl::Seconds(1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--lease: ", absl::FormatDuration(pg->lease), " is shorter than 1s"));
  }
  const char* kDatabase =
      " is for the embedded RocksDB store; with --store=postgresql the "
      "database does this: ";
  const RocksDbOptions defaults;
  if (rocks.wal_recovery != defaults.wal_recovery) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--wal_recovery", kDatabase,
        "PostgreSQL replays its own WAL at start-up and refuses to start on "
        "a damaged one; fail over to the standby instead"));
  }
  if (rocks.disk_reserve_bytes != defaults.disk_reserve_bytes ||
      rocks.max_total_wal_bytes != defaults.max_total_wal_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        rocks.disk_reserve_bytes != defaults.disk_reserve_bytes
            ? "--disk_reserve_mb"
            : "--max_total_wal_mb",
        kDatabase,
        "the server refuses writes on a full disk (hubd answers them with "
        "RESOURCE_EXHAUSTED and resumes once space is freed) and bounds its "
        "WAL with max_wal_size"));
  }
  if (!absl::GetFlag(FLAGS_backup_dir).empty() ||
      !absl::GetFlag(FLAGS_restore_from).empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        absl::GetFlag(FLAGS_backup_dir).empty() ? "--restore_from"
                                                : "--backup_dir",
        kDatabase,
        "back it up with pg_basebackup (Patroni's replicas are copies too) "
        "and restore with PostgreSQL's tools (docs/DEPLOYMENT.md)"));
  }
  return absl::OkStatus();
}

absl::Status StoreFromFlags(RocksDbOptions* o) {
  const std::string mode = absl::GetFlag(FLAGS_wal_recovery);
  if (mode == "salvage") {
    o->wal_recovery = WalRecovery::kSalvage;
  } else if (mode != "strict") {
    return absl::InvalidArgumentError(absl::StrCat(
        "--wal_recovery: \"", mode, "\" is neither strict nor salvage"));
  }
  o->disk_reserve_bytes = absl::GetFlag(FLAGS_disk_reserve_mb) << 20;
  o->max_total_wal_bytes = absl::GetFlag(FLAGS_max_total_wal_mb) << 20;
  return absl::OkStatus();
}

absl::Status HubFromFlags(HubOptions* options) {
  options->sync = absl::GetFlag(FLAGS_sync);
  if (absl::GetFlag(FLAGS_log_crypto).empty()) return absl::OkStatus();
  auto crypto = FindLogCrypto(absl::GetFlag(FLAGS_log_crypto));
  if (!crypto.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--log_crypto: ", crypto.status().message()));
  }
  options->log_crypto = *crypto;
  return absl::OkStatus();
}

void ServerFromFlags(ServerOptions* options) {
  options->listen_address = absl::GetFlag(FLAGS_listen);
  options->tls_cert_file = absl::GetFlag(FLAGS_tls_cert);
  options->tls_key_file = absl::GetFlag(FLAGS_tls_key);
  options->tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
  options->insecure_demo_auth = absl::GetFlag(FLAGS_insecure_demo_auth);
  options->callback_submissions = absl::GetFlag(FLAGS_callback_submissions);
}

}  // namespace

absl::StatusOr<HubdConfig> HubdConfigFromFlags() {
  HubdConfig c;
  c.data_dir = absl::GetFlag(FLAGS_data_dir);
  c.port_file = absl::GetFlag(FLAGS_port_file);
  c.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  c.metrics_port_file = absl::GetFlag(FLAGS_metrics_port_file);
  c.accept_log_rollback = absl::GetFlag(FLAGS_accept_log_rollback);
  c.shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace);
  c.restore_from = absl::GetFlag(FLAGS_restore_from);
  c.restore_backup_id = absl::GetFlag(FLAGS_restore_backup_id);
  c.audit_key = absl::GetFlag(FLAGS_audit_key);
  c.demo_clock = absl::GetFlag(FLAGS_demo_clock);
  if (c.demo_clock && !absl::GetFlag(FLAGS_insecure_demo_auth)) {
    return absl::InvalidArgumentError(
        "--demo_clock lets callers set the hub's transaction time and is for "
        "a local demo only: it needs --insecure_demo_auth");
  }
  absl::Status s = StoreFromFlags(&c.store);
  if (s.ok()) s = PostgresFromFlags(c.store, &c.pg);
  if (s.ok()) s = HubFromFlags(&c.hub);
  if (!s.ok()) return s;
  ServerFromFlags(&c.server);
  s = LimitsFromFlags(&c.hub, &c.server);
  if (!s.ok()) return s;
  c.rollback.dir = absl::GetFlag(FLAGS_checkpoint_dir).empty()
                       ? c.data_dir + "/checkpoints"
                       : absl::GetFlag(FLAGS_checkpoint_dir);
  c.rollback.interval = absl::GetFlag(FLAGS_checkpoint_interval);
  c.backup.dir = absl::GetFlag(FLAGS_backup_dir);
  c.backup.keep = absl::GetFlag(FLAGS_backup_keep);
  c.backup.interval = absl::GetFlag(FLAGS_backup_interval);
  c.backup_signing_key = absl::GetFlag(FLAGS_backup_signing_key);
  return c;
}

std::string KeyDir(const std::string& data_dir) {
  std::string data = data_dir;
  while (data.size() > 1 && data.back() == '/') data.pop_back();
  return data + "-keys";
}

std::string AuditKeyFile(const HubdConfig& config, const LogCrypto& crypto) {
  if (!config.audit_key.empty()) return config.audit_key;
  const std::string dir = KeyDir(config.data_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  return absl::StrCat(dir, "/audit_", crypto.SignatureName(), ".pem");
}

const char* WalRecoveryName(WalRecovery mode) {
  return mode == WalRecovery::kSalvage ? "salvage" : "strict";
}

}  // namespace hubd
}  // namespace hub
