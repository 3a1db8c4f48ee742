// hubd: the reform data-exchange hub server.
//
//   hubd --data_dir=./hub-data --listen=127.0.0.1:50051 \
//        --tls_cert=server.pem --tls_key=server.key --tls_client_ca=ca.pem
//   hubd --insecure_demo_auth   # local demo: principal from x-hub-principal
//   hubd --insecure_demo_auth --demo_clock   # ... and transaction times
//                                            # from x-hub-demo-time
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
#include "hub/engine/hub.h"
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
ABSL_FLAG(bool, demo_clock, false,
          "LOCAL DEMO ONLY, needs --insecure_demo_auth: a call's "
          "x-hub-demo-time header (UTC microseconds) sets the hub's "
          "transaction time for that call");
ABSL_FLAG(bool, sync, true, "sync the write-ahead log before acknowledging");
ABSL_FLAG(std::string, audit_key, "",
          "Ed25519 key (PEM) signing log checkpoints; default "
          "<data_dir>/audit_ed25519.pem, created with a .pub beside it");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("reform data-exchange hub server");
  absl::ParseCommandLine(argc, argv);

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  auto store = hub::OpenRocksDbStore(absl::GetFlag(FLAGS_data_dir));
  if (!store.ok()) {
    fprintf(stderr, "hubd: %s\n", store.status().ToString().c_str());
    return 1;
  }
  if (absl::GetFlag(FLAGS_demo_clock) &&
      !absl::GetFlag(FLAGS_insecure_demo_auth)) {
    fprintf(stderr,
            "hubd: --demo_clock lets callers set the hub's transaction time "
            "and is for a local demo only: it needs --insecure_demo_auth\n");
    return 1;
  }
  if (absl::GetFlag(FLAGS_demo_clock)) {
    fprintf(stderr,
            "hubd: WARNING: DEMO CLOCK: any caller may set the transaction "
            "time of its call with the x-hub-demo-time header; for a local "
            "demo only, never for real data\n");
  }
  hub::DemoClock demo_clock;  // outlives the hub and the server
  hub::HubOptions hub_options;
  hub_options.sync = absl::GetFlag(FLAGS_sync);
  if (absl::GetFlag(FLAGS_demo_clock)) {
    hub_options.clock = [&demo_clock] { return demo_clock.Now(); };
  }
  auto hub = hub::Hub::Open(*std::move(store), hub_options);
  if (!hub.ok()) {
    fprintf(stderr, "hubd: %s\n", hub.status().ToString().c_str());
    return 1;
  }
  hub::ServerOptions options;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.tls_cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.tls_key_file = absl::GetFlag(FLAGS_tls_key);
  options.tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
  options.insecure_demo_auth = absl::GetFlag(FLAGS_insecure_demo_auth);
  if (absl::GetFlag(FLAGS_demo_clock)) options.demo_clock = &demo_clock;
  options.audit_key_file =
      absl::GetFlag(FLAGS_audit_key).empty()
          ? absl::GetFlag(FLAGS_data_dir) + "/audit_ed25519.pem"
          : absl::GetFlag(FLAGS_audit_key);
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
  fprintf(stderr, "hubd: serving on port %d, data in %s%s%s\n",
          (*server)->port(), absl::GetFlag(FLAGS_data_dir).c_str(),
          options.insecure_demo_auth ? " (INSECURE DEMO AUTH)" : "",
          options.demo_clock != nullptr ? " (DEMO CLOCK)" : "");

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
