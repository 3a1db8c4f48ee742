// HubServer: serves a Hub over gRPC, with the standard health service and
// server reflection. Each call is authenticated once, as it arrives
// (auth.h); the services then only convert, delegate to the Hub, and convert
// back (after Arrow Flight's transport layer).
#ifndef HUB_SERVER_SERVER_H_
#define HUB_SERVER_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "adapters/registry.h"
#include "hub/engine/hub.h"

namespace grpc {
class Server;
}

namespace hub {

struct ServerOptions {
  // REQUIRED: the department adapters the adapter services translate with
  // (the composition root builds the registry).
  std::shared_ptr<const adapters::AdapterRegistry> adapters;
  std::string listen_address = "127.0.0.1:50051";  // port 0: pick one
  // Mutual TLS: server certificate and key, and the CA that signs client
  // certificates. The client certificate's common name is the principal.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  // Local demo only: no TLS; the principal is the "x-hub-principal" header.
  bool insecure_demo_auth = false;
  // Private key (PEM) signing the log's checkpoints, of the hub's log
  // crypto's algorithm (Ed25519 or SM2); created with its public key at
  // audit_key_file + ".pub" when missing. Empty: a key held only in memory
  // for this run.
  std::string audit_key_file;
  // SubmissionService on gRPC's callback API (no thread per call in
  // flight) rather than the synchronous one.
  bool callback_submissions = true;
};

class HubServer {
 public:
  // Starts serving hub (borrowed; must outlive the server). InvalidArgument
  // without options.adapters or with contradictory TLS options, Unavailable
  // when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<HubServer>> Start(
      Hub* hub, const ServerOptions& options);
  ~HubServer();

  int port() const { return port_; }
  // Stops accepting calls, finishes those in flight (up to the deadline).
  void Shutdown();
  void Wait();

 private:
  HubServer() = default;
  struct Services;
  std::unique_ptr<Services> services_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace hub

#endif  // HUB_SERVER_SERVER_H_
