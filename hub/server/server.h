// HubServer: serves a Hub over gRPC, with the standard health service and
// server reflection. Each call is authenticated once, as it arrives
// (auth.h); the services then only convert, delegate to the Hub, and convert
// back (after Arrow Flight's transport layer).
#ifndef HUB_SERVER_SERVER_H_
#define HUB_SERVER_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "adapters/registry.h"
#include "hub/audit/auditor.h"
#include "hub/backup/backup.h"
#include "hub/engine/hub.h"
#include "hub/metrics/metrics.h"
#include "hub/rollback/rollback_guard.h"
#include "hub/server/demo_clock.h"
#include "hub/server/limits.h"
#include "hub/store/rocksdb_store.h"

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
  // Local demo only, and only with insecure_demo_auth: the hub's clock,
  // pinned by each call's x-hub-demo-time (hub/server/demo_clock.h).
  // Borrowed; must outlive the server.
  DemoClock* demo_clock = nullptr;
  // Private key (PEM) signing the log's checkpoints, of the hub's log
  // crypto's algorithm (Ed25519 or SM2); created with its public key at
  // audit_key_file + ".pub" when missing. Empty: a key held only in memory
  // for this run.
  std::string audit_key_file;

  // Bounds (issue 12; hubd's flags of the same names document each).
  LimitOptions limits;               // rate, streams, deadlines
  int max_message_bytes = 16 << 20;  // a request larger is refused
  int max_threads = 128;             // threads serving calls
  // Connections: the server pings an idle one every keepalive_time and
  // drops it if no answer comes within keepalive_timeout; a client pinging
  // more often than min_ping_interval is sent away; a connection idle for
  // max_connection_idle or older than max_connection_age is closed (streams
  // in flight get max_connection_age_grace to finish; a live replay then
  // resumes on a new one).
  absl::Duration keepalive_time = absl::Minutes(2);
  absl::Duration keepalive_timeout = absl::Seconds(20);
  absl::Duration min_ping_interval = absl::Seconds(30);
  absl::Duration max_connection_idle = absl::Minutes(15);
  absl::Duration max_connection_age = absl::Hours(1);
  absl::Duration max_connection_age_grace = absl::Minutes(1);
  // Operations (issue 13), given by the composition root (hubd main);
  // borrowed, must outlive the server, may be null.
  // The server's Auditor (else one opened from audit_key_file).
  Auditor* auditor = nullptr;
  // AdminService: status, backups, the decision after a rollback. store is
  // the RocksDB store the root opened the hub on (the hub owns it): its
  // disk, read-only state and recovery report; the server never reads or
  // writes data through it.
  RocksDbStore* store = nullptr;
  RollbackGuard* rollback = nullptr;
  BackupKeeper* backups = nullptr;
  // RPC latency and codes by method.
  HubMetrics* metrics = nullptr;
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
  // The Auditor serving AuditService (borrowed from the options or owned).
  Auditor* auditor() const;
  // Calls being served now, and finished so far.
  int64_t calls_in_flight() const;
  uint64_t calls_finished() const;
  // Stops accepting calls, finishes those in flight (cancelling those still
  // running after grace).
  void Shutdown(absl::Duration grace = absl::Seconds(5));
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
