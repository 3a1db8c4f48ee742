#include "hub/server/server.h"

#include <fstream>
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
#include "hub/server/services_internal.h"
#include "hub/server/stewardship_service.h"
#include "hub/server/submission_service.h"
#include "hub/server/view_service.h"

namespace hub {

struct HubServer::Services {
  Services(Hub* hub, bool insecure, std::unique_ptr<Auditor> owned_auditor,
           Auditor* auditor_in,
           std::shared_ptr<const adapters::AdapterRegistry> adapter_registry,
           internal::AdminTargets admin_targets)
      : auth(insecure),
        submission(hub, &auth),
        callback_submission(hub, &auth),
        record(hub, &auth),
        log(hub, &auth),
        catalog(hub, &auth),
        adapters(hub, &auth, std::move(adapter_registry)),
        stewardship(hub, &auth),
        owned(std::move(owned_auditor)),
        auditor(auditor_in != nullptr ? auditor_in : owned.get()),
        audit(auditor, &auth),
        exports(hub, &auth),
        admin(admin_targets, &auth),
        views(hub, &auth) {}
  internal::Authenticator auth;  // who is calling, once per call
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
      hub, options.insecure_demo_auth, std::move(owned), options.auditor,
      options.adapters,
      internal::AdminTargets{hub, options.store, options.rollback,
                             options.backups});
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // gRPC binds with SO_REUSEPORT by default, which would let a second hubd
  // share the port and take half the connections; one address, one hub.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddListeningPort(options.listen_address, *creds, &server->port_);
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  // One list (SetInterceptorCreators replaces any earlier one): who is
  // calling first; on a demo hub, the demo clock; then the request log and
  // RPC metrics, which read who is calling.
  interceptors.push_back(server->services_->auth.NewInterceptorFactory());
  if (options.demo_clock != nullptr) {
    interceptors.push_back(NewDemoTimeInterceptorFactory(options.demo_clock));
  }
  for (auto& i : internal::OperationsInterceptors(&server->services_->auth,
                                                  &server->services_->counts,
                                                  options.metrics)) {
    interceptors.push_back(std::move(i));
  }
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  if (options.callback_submissions) {
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
  builder.SetMaxReceiveMessageSize(64 << 20);
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
