#include "hub/server/server.h"

#include <algorithm>
#include <fstream>
#include <limits>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "hub/common/file_util.h"
#include "hub/server/adapter_services.h"
#include "hub/server/admin_service.h"
#include "hub/server/audit_service.h"
#include "hub/server/auth.h"
#include "hub/server/export_service.h"
#include "hub/server/interceptors.h"
#include "hub/server/limits.h"
#include "hub/server/malformed.h"
#include "hub/server/services_internal.h"
#include "hub/server/stewardship_service.h"
#include "hub/server/submission_service.h"
#include "hub/server/view_service.h"

namespace hub {

struct HubServer::Services {
  Services(Hub* hub, const ServerOptions& options,
           std::unique_ptr<Auditor> owned_auditor,
           internal::AdminTargets admin_targets)
      : auth(options.insecure_demo_auth),
        limits(options.limits, &auth),
        submission(hub, &auth),
        callback_submission(hub, &auth, &limits),
        record(hub, &auth),
        log(hub, &auth),
        catalog(hub, &auth),
        adapters(hub, &auth, options.adapters),
        stewardship(hub, &auth),
        owned(std::move(owned_auditor)),
        auditor(options.auditor != nullptr ? options.auditor : owned.get()),
        audit(hub, auditor, &auth),
        exports(hub, &auth),
        admin(admin_targets, &auth),
        views(hub, &auth) {}
  internal::Authenticator auth;           // who is calling, once per call
  internal::CallLimits limits;            // how much each may ask (after auth)
  internal::MalformedRequests malformed;  // requests that do not parse
  internal::SubmissionServiceImpl submission;
  internal::CallbackSubmissionService callback_submission;
  internal::RecordServiceImpl record;
  internal::LogServiceImpl log;
  internal::CatalogServiceImpl catalog;
  internal::AdapterServices adapters;
  internal::StewardshipServiceImpl stewardship;
  std::unique_ptr<Auditor> owned;
  Auditor* auditor;
  internal::AuditServiceImpl audit;
  internal::ExportServiceImpl exports;
  internal::AdminServiceImpl admin;
  internal::ViewServiceImpl views;
  internal::RpcCounts counts;
};

namespace {

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(
    const ServerOptions& options) {
  bool any_tls = !options.tls_cert_file.empty() ||
                 !options.tls_key_file.empty() ||
                 !options.tls_client_ca_file.empty();
  if (options.insecure_demo_auth) {
    if (any_tls) {
      return absl::InvalidArgumentError(
          "--insecure_demo_auth cannot be combined with TLS flags");
    }
    return grpc::InsecureServerCredentials();
  }
  if (options.tls_cert_file.empty() || options.tls_key_file.empty() ||
      options.tls_client_ca_file.empty()) {
    return absl::InvalidArgumentError(
        "mutual TLS needs --tls_cert, --tls_key and --tls_client_ca; for a "
        "local demo only, pass --insecure_demo_auth");
  }
  grpc::SslServerCredentialsOptions ssl(
      GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  auto cert = ReadFileToString(options.tls_cert_file);
  auto key = ReadFileToString(options.tls_key_file);
  auto ca = ReadFileToString(options.tls_client_ca_file);
  for (const auto* f : {&cert, &key, &ca}) {
    if (!f->ok()) return f->status();
  }
  ssl.pem_root_certs = *ca;
  ssl.pem_key_cert_pairs.push_back({*key, *cert});
  return grpc::SslServerCredentials(ssl);
}

int Millis(absl::Duration d) {
  return static_cast<int>(std::min<int64_t>(absl::ToInt64Milliseconds(d),
                                            std::numeric_limits<int>::max()));
}

// Keepalive enforcement, connection age and idleness, and the threads that
// serve calls (beyond max_threads a call is refused RESOURCE_EXHAUSTED by
// gRPC, instead of a thread per call).
void ApplyConnectionLimits(const ServerOptions& o, grpc::ServerBuilder* b) {
  b->AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, Millis(o.keepalive_time));
  b->AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                        Millis(o.keepalive_timeout));
  b->AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                        Millis(o.min_ping_interval));
  b->AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2);
  b->AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS,
                        Millis(o.max_connection_idle));
  b->AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                        Millis(o.max_connection_age));
  b->AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                        Millis(o.max_connection_age_grace));
  grpc::ResourceQuota quota("hubd");
  quota.SetMaxThreads(o.max_threads);
  b->SetResourceQuota(quota);
}

}  // namespace

absl::StatusOr<std::unique_ptr<HubServer>> HubServer::Start(
    Hub* hub, const ServerOptions& options) {
  if (options.adapters == nullptr) {
    return absl::InvalidArgumentError(
        "ServerOptions::adapters: the server needs the adapter registry");
  }
  if (options.demo_clock != nullptr && !options.insecure_demo_auth) {
    return absl::InvalidArgumentError(
        "--demo_clock lets callers set the hub's transaction time and is for "
        "a local demo only: it needs --insecure_demo_auth");
  }
  auto creds = Credentials(options);
  if (!creds.ok()) return creds.status();
  std::unique_ptr<Auditor> owned;
  if (options.auditor == nullptr) {
    AuditorOptions audit_options;
    audit_options.key_file = options.audit_key_file;
    auto auditor = Auditor::Open(hub, audit_options);
    if (!auditor.ok()) return auditor.status();
    owned = *std::move(auditor);
  }
  std::unique_ptr<HubServer> server(new HubServer());
  server->services_ = std::make_unique<Services>(
      hub, options, std::move(owned),
      internal::AdminTargets{hub, options.store, options.rollback,
                             options.backups});
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // gRPC binds with SO_REUSEPORT by default, which would let a second hubd
  // share the port and take half the connections; one address, one hub.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  ApplyConnectionLimits(options, &builder);
  builder.AddListeningPort(options.listen_address, *creds, &server->port_);
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  // One list (SetInterceptorCreators replaces any earlier one): who is
  // calling first; on a demo hub, the demo clock; then the request log and
  // RPC metrics, which read who is calling (and so see every refusal after
  // them); then the limits (rate, streams, deadlines) and the refusal of
  // requests that do not parse.
  interceptors.push_back(server->services_->auth.NewInterceptorFactory());
  if (options.demo_clock != nullptr) {
    interceptors.push_back(NewDemoTimeInterceptorFactory(options.demo_clock));
  }
  for (auto& i : internal::OperationsInterceptors(&server->services_->auth,
                                                  &server->services_->counts,
                                                  options.metrics)) {
    interceptors.push_back(std::move(i));
  }
  interceptors.push_back(server->services_->limits.NewInterceptorFactory());
  interceptors.push_back(server->services_->malformed.NewInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  if (options.callback_submissions) {
    // Its reactor keeps the message rate itself (a callback thread must not
    // sleep in the interceptor).
    server->services_->limits.PacedByReactor(
        internal::CallbackSubmissionService::kStreamMethod);
    builder.RegisterService(&server->services_->callback_submission);
  } else {
    builder.RegisterService(&server->services_->submission);
  }
  builder.RegisterService(&server->services_->record);
  builder.RegisterService(&server->services_->log);
  builder.RegisterService(&server->services_->catalog);
  server->services_->adapters.RegisterWith(&builder);
  builder.RegisterService(&server->services_->stewardship);
  builder.RegisterService(&server->services_->audit);
  builder.RegisterService(&server->services_->exports);
  builder.RegisterService(&server->services_->admin);
  builder.RegisterService(&server->services_->views);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(64 << 20);
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen_address,
                     " (is another hubd or program using it?)"));
  }
  return server;
}

HubServer::~HubServer() {
  if (server_ != nullptr) Shutdown();
}

void HubServer::Shutdown(absl::Duration grace) {
  server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
}

Auditor* HubServer::auditor() const { return services_->auditor; }
int64_t HubServer::calls_in_flight() const {
  return services_->counts.in_flight.load();
}
uint64_t HubServer::calls_finished() const {
  return services_->counts.finished.load();
}

void HubServer::Wait() { server_->Wait(); }

}  // namespace hub
