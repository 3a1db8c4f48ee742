// The generated-service adapters. Each method does the same three steps:
// convert the request (with the principal the call was authenticated as),
// call the Hub, convert the result.
#include <deque>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/grpcpp.h"
#include "hub/server/services_internal.h"
#include "hub/transport/grpc_status.h"

namespace hub {
namespace internal {

grpc::Status Refused(Hub* hub, const Authenticator& auth,
                     const grpc::ServerContextBase* ctx,
                     const Principal& principal,
                     const google::protobuf::Message& request,
                     const absl::Status& status) {
  if (status.code() == absl::StatusCode::kPermissionDenied) {
    // The refusal is the answer even when it cannot be logged.
    (void)hub->LogRefusal(principal, auth.Method(ctx), status,
                          request.SerializeAsString());
  }
  return ToGrpcStatus(status);
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
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
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
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  // A reader thread reads ahead while this one commits what was read so
  // far as one batch (one commit group, one sync) and writes the answers
  // in request order.
  constexpr size_t kReadAhead = 1024;
  absl::Mutex mu;
  std::deque<v1::SubmitRequest> queue;
  bool eof = false, stop = false;
  std::thread reader([&] {
    for (;;) {
      v1::SubmitRequest request;
      {
        absl::MutexLock lock(&mu);
        auto room = [&] { return queue.size() < kReadAhead || stop; };
        mu.Await(absl::Condition(&room));
        if (stop) break;
      }
      bool ok = stream->Read(&request);
      absl::MutexLock lock(&mu);
      if (!ok) break;
      queue.push_back(std::move(request));
    }
    absl::MutexLock lock(&mu);
    eof = true;
  });
  for (;;) {
    std::vector<v1::SubmitRequest> batch;
    {
      absl::MutexLock lock(&mu);
      auto ready = [&] { return !queue.empty() || eof; };
      mu.Await(absl::Condition(&ready));
      if (queue.empty()) break;
      for (auto& r : queue) batch.push_back(std::move(r));
      queue.clear();
    }
    std::vector<BatchItem> items;
    for (const auto& r : batch) items.push_back({&r.submission(), r.dry_run()});
    std::vector<absl::StatusOr<v1::Receipt>> outcomes =
        hub_->SubmitBatch(*principal, items);
    bool written = true;
    for (size_t i = 0; i < batch.size() && written; ++i) {
      v1::SubmitResponse response;
      response.set_submission_id(batch[i].submission().submission_id());
      if (outcomes[i].ok()) {
        *response.mutable_receipt() = *std::move(outcomes[i]);
      } else {
        *response.mutable_error() = ToRpcStatus(outcomes[i].status());
      }
      // (No buffer hint: a sync Write with one does not return until a
      // later write flushes it.)
      written = stream->Write(response);
    }
    if (!written) {
      absl::MutexLock lock(&mu);
      stop = true;
      ctx->TryCancel();  // unblocks the reader
      break;
    }
  }
  reader.join();
  return grpc::Status::OK;
}

grpc::Status RecordServiceImpl::GetRecord(grpc::ServerContext* ctx,
                                          const v1::GetRecordRequest* request,
                                          v1::MergedRecord* response) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  return Reply(ctx, *principal, *request,
               hub_->GetRecord(*principal, request->key()), response);
}

grpc::Status RecordServiceImpl::ListRecords(
    grpc::ServerContext* ctx, const v1::ListRecordsRequest* request,
    v1::ListRecordsResponse* response) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  auto page = hub_->ListRecords(*principal, ToFilter(*request),
                                request->page_size(), request->page_token());
  if (!page.ok()) return Fail(ctx, *principal, *request, page.status());
  for (auto& r : page->records) *response->add_records() = std::move(r);
  response->set_next_page_token(page->next_page_token);
  return grpc::Status::OK;
}

grpc::Status LogServiceImpl::ListEvents(grpc::ServerContext* ctx,
                                        const v1::ListEventsRequest* request,
                                        v1::ListEventsResponse* response) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  auto page = hub_->ListEvents(*principal, request->after_sequence(),
                               request->page_size());
  if (!page.ok()) return Fail(ctx, *principal, *request, page.status());
  for (auto& e : page->events) *response->add_events() = std::move(e);
  response->set_last_sequence(page->last_sequence);
  response->set_resume_after(page->resume_after);
  return grpc::Status::OK;
}

grpc::Status LogServiceImpl::VerifyChain(grpc::ServerContext* ctx,
                                         const v1::VerifyChainRequest* request,
                                         v1::VerifyChainResponse* response) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  auto v = hub_->VerifyChain(*principal, request->from_sequence(),
                             request->to_sequence());
  if (!v.ok()) return Fail(ctx, *principal, *request, v.status());
  response->set_ok(v->ok);
  response->set_events_checked(v->events_checked);
  response->set_first_bad_sequence(v->first_bad_sequence);
  response->set_reason(v->reason);
  response->set_head_hash(v->head_hash);
  response->set_log_crypto(hub_->log_crypto().Name());
  return grpc::Status::OK;
}

grpc::Status CatalogServiceImpl::UpdateCatalog(
    grpc::ServerContext* ctx, const v1::UpdateCatalogRequest* request,
    v1::UpdateCatalogResponse* response) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  auto result = hub_->UpdateCatalog(*principal, request->catalog());
  if (!result.ok()) return Fail(ctx, *principal, *request, result.status());
  response->set_sequence(result->sequence);
  *response->mutable_change() = result->change;
  return grpc::Status::OK;
}

grpc::Status CatalogServiceImpl::GetCatalog(
    grpc::ServerContext* ctx, const v1::GetCatalogRequest* request,
    v1::Catalog* response) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  return Reply(ctx, *principal, *request, hub_->GetCatalog(*principal),
               response);
}

}  // namespace internal
}  // namespace hub
