#include "hub/server/stewardship_service.h"

#include "grpcpp/grpcpp.h"
#include "hub/transport/grpc_status.h"

namespace hub {
namespace internal {
namespace {

ResolveRequest ToResolveRequest(const v1::ResolveRecordRequest& r) {
  ResolveRequest out;
  out.key = r.key();
  out.etag = r.etag();
  out.chosen_department = r.chosen_department();
  out.value = r.value();
  out.reason = r.reason();
  return out;
}

}  // namespace

grpc::Status StewardshipServiceImpl::ListConflicts(
    grpc::ServerContext* ctx, const v1::ListRecordsRequest* request,
    v1::ListRecordsResponse* response) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  auto page = hub_->ListConflicts(*principal, ToFilter(*request),
                                  request->page_size(), request->page_token());
  if (!page.ok()) return Fail(ctx, *principal, *request, page.status());
  for (auto& r : page->records) *response->add_records() = std::move(r);
  response->set_next_page_token(page->next_page_token);
  return grpc::Status::OK;
}

grpc::Status StewardshipServiceImpl::ResolveRecord(
    grpc::ServerContext* ctx, const v1::ResolveRecordRequest* request,
    v1::MergedRecord* response) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  return Reply(ctx, *principal, *request,
               hub_->Resolve(*principal, ToResolveRequest(*request)), response);
}

grpc::Status StewardshipServiceImpl::ApprovePeriod(
    grpc::ServerContext* ctx, const v1::PeriodRequest* request,
    v1::PeriodLock* response) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  return Reply(ctx, *principal, *request,
               hub_->ApprovePeriod(*principal, request->region_code(),
                                   request->period(), request->reason()),
               response);
}

grpc::Status StewardshipServiceImpl::LockPeriod(
    grpc::ServerContext* ctx, const v1::PeriodRequest* request,
    v1::PeriodLock* response) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  return Reply(ctx, *principal, *request,
               hub_->LockPeriod(*principal, request->region_code(),
                                request->period(), request->reason()),
               response);
}

grpc::Status StewardshipServiceImpl::UnlockPeriod(
    grpc::ServerContext* ctx, const v1::PeriodRequest* request,
    v1::PeriodLock* response) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  return Reply(ctx, *principal, *request,
               hub_->UnlockPeriod(*principal, request->region_code(),
                                  request->period(), request->reason()),
               response);
}

grpc::Status StewardshipServiceImpl::ListLocks(
    grpc::ServerContext* ctx, const v1::ListLocksRequest* request,
    v1::ListLocksResponse* response) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  auto locks = hub_->ListLocks(*principal);
  if (!locks.ok()) return Fail(ctx, *principal, *request, locks.status());
  for (auto& l : *locks) *response->add_locks() = std::move(l);
  return grpc::Status::OK;
}

}  // namespace internal
}  // namespace hub
