// hubd: the reform data-exchange hub server.
//
//   hubd --data_dir=./hub-data --listen=127.0.0.1:50051 \
//        --tls_cert=server.pem --tls_key=server.key --tls_client_ca=ca.pem
//   hubd --insecure_demo_auth   # local demo: principal from x-hub-principal
//   hubd --log_crypto=sm3-sm2   # a new hub whose log uses SM3 and SM2
//
// Stops cleanly on SIGTERM or SIGINT: finishes calls in flight, closes the
// store.
#include <signal.h>

#include <cstdio>
#include <fstream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "adapters/builtin.h"
#include "adapters/registry.h"
#include "hub/crypto/log_crypto.h"
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
          "algorithm; default <data_dir>/audit_<ed25519|sm2>.pem, created "
          "with a .pub beside it");

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

// The hub's options: InvalidArgument naming --log_crypto for a suite this
// hub does not know.
absl::StatusOr<hub::HubOptions> HubOptionsFromFlags(const PlugIns& plugins) {
  hub::HubOptions options;
  options.rules = plugins.rules;
  options.sync = absl::GetFlag(FLAGS_sync);
  if (!absl::GetFlag(FLAGS_log_crypto).empty()) {
    auto crypto = hub::FindLogCrypto(absl::GetFlag(FLAGS_log_crypto));
    if (!crypto.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--log_crypto: ", crypto.status().message()));
    }
    options.log_crypto = *crypto;
  }
  return options;
}

// The server's options; the checkpoint key's default file follows the
// algorithm of the log's suite.
hub::ServerOptions ServerOptionsFromFlags(const PlugIns& plugins,
                                          const hub::LogCrypto& log_crypto) {
  hub::ServerOptions options;
  options.adapters = plugins.adapters;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.tls_cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.tls_key_file = absl::GetFlag(FLAGS_tls_key);
  options.tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
  options.insecure_demo_auth = absl::GetFlag(FLAGS_insecure_demo_auth);
  options.audit_key_file = absl::GetFlag(FLAGS_audit_key);
  options.callback_submissions = absl::GetFlag(FLAGS_callback_submissions);
  if (options.audit_key_file.empty()) {
    options.audit_key_file =
        absl::StrCat(absl::GetFlag(FLAGS_data_dir), "/audit_",
                     log_crypto.SignatureName(), ".pem");
  }
  return options;
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
  absl::StatusOr<hub::HubOptions> hub_options = HubOptionsFromFlags(*plugins);
  if (!hub_options.ok()) {
    fprintf(stderr, "hubd: %s\n",
            std::string(hub_options.status().message()).c_str());
    return 1;
  }
  auto hub = hub::Hub::Open(*std::move(store), *hub_options);
  if (!hub.ok()) {
    fprintf(stderr, "hubd: %s\n", hub.status().ToString().c_str());
    return 1;
  }
  const hub::LogCrypto& log_crypto = (*hub)->log_crypto();
  const hub::ServerOptions options =
      ServerOptionsFromFlags(*plugins, log_crypto);
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
  fprintf(stderr, "hubd: serving on port %d, data in %s, log crypto %s%s\n",
          (*server)->port(), absl::GetFlag(FLAGS_data_dir).c_str(),
          log_crypto.Name(),
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
