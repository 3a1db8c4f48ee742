#include "tools/hubctl/client.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "hub/common/file_util.h"
#include "hub/transport/grpc_status.h"

namespace hub {
namespace {

template <typename Response, typename Call>
absl::StatusOr<Response> Unary(Call call) {
  Response response;
  grpc::Status s = call(&response);
  if (!s.ok()) return FromGrpcStatus(s);
  return response;
}

}  // namespace

absl::StatusOr<std::unique_ptr<HubClient>> HubClient::Connect(
    const ClientOptions& options) {
  std::unique_ptr<HubClient> client(new HubClient());
  client->principal_ = options.principal;
  client->request_id_ = options.request_id;
  std::shared_ptr<grpc::ChannelCredentials> creds;
  if (!options.tls_cert_file.empty()) {
    grpc::SslCredentialsOptions ssl;
    auto cert = ReadFileToString(options.tls_cert_file);
    auto key = ReadFileToString(options.tls_key_file);
    auto ca = ReadFileToString(options.tls_ca_file);
    for (const auto* f : {&cert, &key, &ca}) {
      if (!f->ok()) return f->status();
    }
    ssl.pem_cert_chain = *cert;
    ssl.pem_private_key = *key;
    ssl.pem_root_certs = *ca;
    creds = grpc::SslCredentials(ssl);
    client->use_header_ = false;
  } else {
    creds = grpc::InsecureChannelCredentials();
  }
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  client->channel_ = grpc::CreateCustomChannel(options.address, creds, args);
  client->submission_ = v1::SubmissionService::NewStub(client->channel_);
  client->record_ = v1::RecordService::NewStub(client->channel_);
  client->log_ = v1::LogService::NewStub(client->channel_);
  client->catalog_ = v1::CatalogService::NewStub(client->channel_);
  client->stewardship_ = v1::StewardshipService::NewStub(client->channel_);
  if (!client->channel_->WaitForConnected(std::chrono::system_clock::now() +
                                          std::chrono::seconds(10))) {
    return absl::UnavailableError(absl::StrCat("cannot connect to hubd at ",
                                               options.address,
                                               " (is it running? see README)"));
  }
  return client;
}

void HubClient::Prepare(grpc::ClientContext* ctx) const {
  if (use_header_) ctx->AddMetadata("x-hub-principal", principal_);
  if (demo_time_micros_ != 0) {
    ctx->AddMetadata("x-hub-demo-time", std::to_string(demo_time_micros_));
  }
  if (!request_id_.empty()) ctx->AddMetadata("x-request-id", request_id_);
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(5));
}

#define HUB_UNARY(Response, stub, Method, request) \
  Unary<Response>([&](Response* response) {        \
    grpc::ClientContext ctx;                       \
    Prepare(&ctx);                                 \
    return stub->Method(&ctx, request, response);  \
  })

absl::StatusOr<v1::SubmitResponse> HubClient::Submit(
    const v1::SubmitRequest& r) {
  return HUB_UNARY(v1::SubmitResponse, submission_, Submit, r);
}

absl::Status HubClient::StreamSubmit(
    const std::vector<v1::SubmitRequest>& requests,
    std::vector<v1::SubmitResponse>* out) {
  grpc::ClientContext ctx;
  Prepare(&ctx);
  auto stream = submission_->StreamSubmit(&ctx);
  std::vector<v1::SubmitResponse>& responses = *out;
  responses.clear();
  // Keep at most kWindow requests in flight so neither side's buffers fill.
  constexpr size_t kWindow = 64;
  size_t sent = 0;
  bool writes_done = false;
  bool broken = false;
  while (responses.size() < requests.size() && !broken) {
    while (sent < requests.size() && sent - responses.size() < kWindow) {
      if (!stream->Write(requests[sent])) {
        broken = true;
        break;
      }
      ++sent;
    }
    if (!writes_done && (sent == requests.size() || broken)) {
      stream->WritesDone();
      writes_done = true;
    }
    v1::SubmitResponse response;
    if (!stream->Read(&response)) break;
    responses.push_back(std::move(response));
  }
  if (!writes_done) stream->WritesDone();
  return FromGrpcStatus(stream->Finish());
}

absl::StatusOr<v1::MergedRecord> HubClient::GetRecord(
    const v1::GetRecordRequest& r) {
  return HUB_UNARY(v1::MergedRecord, record_, GetRecord, r);
}
absl::StatusOr<v1::ListRecordsResponse> HubClient::ListRecords(
    const v1::ListRecordsRequest& r) {
  return HUB_UNARY(v1::ListRecordsResponse, record_, ListRecords, r);
}
absl::StatusOr<v1::ListEventsResponse> HubClient::ListEvents(
    const v1::ListEventsRequest& r) {
  return HUB_UNARY(v1::ListEventsResponse, log_, ListEvents, r);
}
absl::StatusOr<v1::VerifyChainResponse> HubClient::VerifyChain(
    const v1::VerifyChainRequest& r) {
  return HUB_UNARY(v1::VerifyChainResponse, log_, VerifyChain, r);
}
absl::StatusOr<v1::UpdateCatalogResponse> HubClient::UpdateCatalog(
    const v1::UpdateCatalogRequest& r) {
  return HUB_UNARY(v1::UpdateCatalogResponse, catalog_, UpdateCatalog, r);
}
absl::StatusOr<v1::Catalog> HubClient::GetCatalog() {
  v1::GetCatalogRequest r;
  return HUB_UNARY(v1::Catalog, catalog_, GetCatalog, r);
}

absl::StatusOr<v1::ListRecordsResponse> HubClient::ListConflicts(
    const v1::ListRecordsRequest& r) {
  return HUB_UNARY(v1::ListRecordsResponse, stewardship_, ListConflicts, r);
}
absl::StatusOr<v1::MergedRecord> HubClient::ResolveRecord(
    const v1::ResolveRecordRequest& r) {
  return HUB_UNARY(v1::MergedRecord, stewardship_, ResolveRecord, r);
}
absl::StatusOr<v1::PeriodLock> HubClient::ApprovePeriod(
    const v1::PeriodRequest& r) {
  return HUB_UNARY(v1::PeriodLock, stewardship_, ApprovePeriod, r);
}
absl::StatusOr<v1::PeriodLock> HubClient::LockPeriod(
    const v1::PeriodRequest& r) {
  return HUB_UNARY(v1::PeriodLock, stewardship_, LockPeriod, r);
}
absl::StatusOr<v1::PeriodLock> HubClient::UnlockPeriod(
    const v1::PeriodRequest& r) {
  return HUB_UNARY(v1::PeriodLock, stewardship_, UnlockPeriod, r);
}
absl::StatusOr<v1::ListLocksResponse> HubClient::ListLocks() {
  v1::ListLocksRequest r;
  return HUB_UNARY(v1::ListLocksResponse, stewardship_, ListLocks, r);
}

}  // namespace hub
