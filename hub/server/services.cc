// The generated-service adapters. Each method does the same three steps:
// authenticate and convert the request, call the Hub, convert the result.
#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "hub/server/grpc_status.h"
#include "hub/server/services_internal.h"

namespace hub {
namespace internal {
namespace {

// A principal that does not parse is an authentication failure.
absl::StatusOr<Principal> AsUnauthenticated(absl::StatusOr<Principal> p) {
  if (p.ok()) return p;
  return absl::UnauthenticatedError(p.status().message());
}

}  // namespace

absl::StatusOr<Principal> Authenticate(const grpc::ServerContextBase* ctx,
                                       bool insecure_demo_auth) {
  if (insecure_demo_auth) {
    auto it = ctx->client_metadata().find("x-hub-principal");
    if (it == ctx->client_metadata().end()) {
      return absl::UnauthenticatedError(
          "missing x-hub-principal header (demo server without TLS)");
    }
    return AsUnauthenticated(
        Principal::Parse(std::string(it->second.data(), it->second.size())));
  }
  std::shared_ptr<const grpc::AuthContext> auth = ctx->auth_context();
  std::vector<grpc::string_ref> cn =
      auth ? auth->FindPropertyValues("x509_common_name")
           : std::vector<grpc::string_ref>();
  if (cn.empty()) {
    return absl::UnauthenticatedError("no client certificate common name");
  }
  return AsUnauthenticated(
      Principal::Parse(std::string(cn[0].data(), cn[0].size())));
}

RecordFilter ToFilter(const v1::ListRecordsRequest& r) {
  RecordFilter f;
  f.region_code = r.region_code();
  f.period = r.period();
  f.indicator_code = r.indicator_code();
  f.task_code = r.task_code();
  f.department = r.department();
  f.state = r.state();
  f.kind = r.kind();
  return f;
}

grpc::Status SubmissionServiceImpl::Submit(grpc::ServerContext* ctx,
                                           const v1::SubmitRequest* request,
                                           v1::SubmitResponse* response) {
  HUB_AUTHENTICATE(ctx, principal);
  auto receipt =
      hub_->Submit(*principal, request->submission(), request->dry_run());
  if (!receipt.ok()) return ToGrpcStatus(receipt.status());
  response->set_submission_id(request->submission().submission_id());
  *response->mutable_receipt() = *std::move(receipt);
  return grpc::Status::OK;
}

grpc::Status SubmissionServiceImpl::StreamSubmit(
    grpc::ServerContext* ctx,
    grpc::ServerReaderWriter<v1::SubmitResponse, v1::SubmitRequest>* stream) {
  HUB_AUTHENTICATE(ctx, principal);
  v1::SubmitRequest request;
  while (stream->Read(&request)) {
    v1::SubmitResponse response;
    response.set_submission_id(request.submission().submission_id());
    auto receipt =
        hub_->Submit(*principal, request.submission(), request.dry_run());
    if (receipt.ok()) {
      *response.mutable_receipt() = *std::move(receipt);
    } else {
      *response.mutable_error() = ToRpcStatus(receipt.status());
    }
    if (!stream->Write(response)) break;
  }
  return grpc::Status::OK;
}

grpc::Status RecordServiceImpl::GetRecord(grpc::ServerContext* ctx,
                                          const v1::GetRecordRequest* request,
                                          v1::MergedRecord* response) {
  HUB_AUTHENTICATE(ctx, principal);
  auto record = hub_->GetRecord(*principal, request->key());
  if (!record.ok()) return ToGrpcStatus(record.status());
  *response = *std::move(record);
  return grpc::Status::OK;
}

grpc::Status RecordServiceImpl::ListRecords(
    grpc::ServerContext* ctx, const v1::ListRecordsRequest* request,
    v1::ListRecordsResponse* response) {
  HUB_AUTHENTICATE(ctx, principal);
  auto page = hub_->ListRecords(*principal, ToFilter(*request),
                                request->page_size(), request->page_token());
  if (!page.ok()) return ToGrpcStatus(page.status());
  for (auto& r : page->records) *response->add_records() = std::move(r);
  response->set_next_page_token(page->next_page_token);
  return grpc::Status::OK;
}

grpc::Status LogServiceImpl::ListEvents(grpc::ServerContext* ctx,
                                        const v1::ListEventsRequest* request,
                                        v1::ListEventsResponse* response) {
  HUB_AUTHENTICATE(ctx, principal);
  std::vector<v1::ChangeEvent> events;
  uint64_t last = 0;
  absl::Status s = hub_->ListEvents(*principal, request->after_sequence(),
                                    request->page_size(), &events, &last);
  if (!s.ok()) return ToGrpcStatus(s);
  for (auto& e : events) *response->add_events() = std::move(e);
  response->set_last_sequence(last);
  return grpc::Status::OK;
}

grpc::Status LogServiceImpl::VerifyChain(grpc::ServerContext* ctx,
                                         const v1::VerifyChainRequest* request,
                                         v1::VerifyChainResponse* response) {
  HUB_AUTHENTICATE(ctx, principal);
  auto v = hub_->VerifyChain(*principal, request->from_sequence(),
                             request->to_sequence());
  if (!v.ok()) return ToGrpcStatus(v.status());
  response->set_ok(v->ok);
  response->set_events_checked(v->events_checked);
  response->set_first_bad_sequence(v->first_bad_sequence);
  response->set_reason(v->reason);
  response->set_head_hash(v->head_hash);
  return grpc::Status::OK;
}

grpc::Status CatalogServiceImpl::UpdateCatalog(
    grpc::ServerContext* ctx, const v1::UpdateCatalogRequest* request,
    v1::UpdateCatalogResponse* response) {
  HUB_AUTHENTICATE(ctx, principal);
  auto result = hub_->UpdateCatalog(*principal, request->catalog());
  if (!result.ok()) return ToGrpcStatus(result.status());
  response->set_sequence(result->sequence);
  *response->mutable_change() = result->change;
  return grpc::Status::OK;
}

grpc::Status CatalogServiceImpl::GetCatalog(grpc::ServerContext* ctx,
                                            const v1::GetCatalogRequest*,
                                            v1::Catalog* response) {
  HUB_AUTHENTICATE(ctx, principal);
  *response = hub_->catalog()->proto();
  return grpc::Status::OK;
}

}  // namespace internal
}  // namespace hub
