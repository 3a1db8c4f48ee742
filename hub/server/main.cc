// hubd: the reform data-exchange hub server.
//
//   hubd --data_dir=./hub-data --listen=127.0.0.1:50051 \
//        --tls_cert=server.pem --tls_key=server.key --tls_client_ca=ca.pem
//   hubd --insecure_demo_auth   # local demo: principal from x-hub-principal
//
// Stops cleanly on SIGTERM or SIGINT: finishes calls in flight, closes the
// store.
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/time/time.h"
#include "adapters/builtin.h"
#include "adapters/registry.h"
#include "hub/engine/hub.h"
#include "hub/reconcile/rule.h"
#include "hub/server/server.h"

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
          "Ed25519 key (PEM) signing log checkpoints, created with a .pub "
          "beside it when missing; default <data_dir>-keys/audit_ed25519.pem, "
          "outside the data directory so that its backups do not carry it");

// --- Limits (issue 12: bounded abuse) ---------------------------------------
// What one caller, and all callers together, may ask of hubd. The defaults
// suit a province's hub on one machine; every refusal they cause is cheap
// (the rate limit and the stream caps answer RESOURCE_EXHAUSTED before any
// work, and are not logged).
ABSL_FLAG(double, rate_limit_qps, 200,
          "calls a second per principal; beyond it RESOURCE_EXHAUSTED with a "
          "retry delay (streamed messages are slowed to it instead)");
ABSL_FLAG(int, rate_limit_burst, 400, "calls above the rate, per principal");
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
          "this size (its size and SHA-256 always)");
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

// The signing key's path: --audit_key, or beside the data directory (never
// in it: a backup of the data must not carry the key that signs it).
std::string AuditKeyFile() {
  if (!absl::GetFlag(FLAGS_audit_key).empty()) {
    return absl::GetFlag(FLAGS_audit_key);
  }
  std::string data = absl::GetFlag(FLAGS_data_dir);
  while (data.size() > 1 && data.back() == '/') data.pop_back();
  const std::string dir = data + "-keys";
  std::filesystem::create_directories(dir);
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all);
  return dir + "/audit_ed25519.pem";
}

void ApplyLimitFlags(hub::ServerOptions* o) {
  o->limits.calls_per_second = absl::GetFlag(FLAGS_rate_limit_qps);
  o->limits.burst = absl::GetFlag(FLAGS_rate_limit_burst);
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
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("reform data-exchange hub server");
  absl::ParseCommandLine(argc, argv);

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  absl::StatusOr<PlugIns> plugins = RegisterPlugIns();
  if (!plugins.ok()) {
    fprintf(stderr, "hubd: registering plug-ins: %s\n",
            plugins.status().ToString().c_str());
    return 1;
  }
  auto store = hub::OpenRocksDbStore(absl::GetFlag(FLAGS_data_dir));
  if (!store.ok()) {
    fprintf(stderr, "hubd: %s\n", store.status().ToString().c_str());
    return 1;
  }
  hub::HubOptions hub_options;
  hub_options.rules = plugins->rules;
  hub_options.sync = absl::GetFlag(FLAGS_sync);
  hub_options.max_page_bytes = absl::GetFlag(FLAGS_max_page_bytes);
  hub_options.refusals.body_bytes = absl::GetFlag(FLAGS_refusal_body_bytes);
  hub_options.refusals.fields = absl::GetFlag(FLAGS_refusal_fields);
  auto hub = hub::Hub::Open(*std::move(store), hub_options);
  if (!hub.ok()) {
    fprintf(stderr, "hubd: %s\n", hub.status().ToString().c_str());
    return 1;
  }
  hub::ServerOptions options;
  options.adapters = plugins->adapters;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.tls_cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.tls_key_file = absl::GetFlag(FLAGS_tls_key);
  options.tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
  options.insecure_demo_auth = absl::GetFlag(FLAGS_insecure_demo_auth);
  options.audit_key_file = AuditKeyFile();
  ApplyLimitFlags(&options);
  auto server = hub::HubServer::Start(hub->get(), options);
  if (!server.ok()) {
    fprintf(stderr, "hubd: %s\n", server.status().ToString().c_str());
    return 1;
  }
  const std::string port_file = absl::GetFlag(FLAGS_port_file);
  if (!port_file.empty()) {
    std::ofstream(port_file + ".tmp") << (*server)->port() << "\n";
    std::rename((port_file + ".tmp").c_str(), port_file.c_str());
  }
  fprintf(stderr, "hubd: serving on port %d, data in %s%s\n", (*server)->port(),
          absl::GetFlag(FLAGS_data_dir).c_str(),
          options.insecure_demo_auth ? " (INSECURE DEMO AUTH)" : "");

  int sig = 0;
  sigwait(&stop, &sig);
  fprintf(stderr, "hubd: signal %d, shutting down\n", sig);
  (*server)->Shutdown();
  (*server)->Wait();
  server->reset();
  hub->reset();
  fprintf(stderr, "hubd: stopped\n");
  return 0;
}
