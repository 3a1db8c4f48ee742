// HubClient: hubctl's connection to hubd. Every call carries the caller's
// principal: by client certificate (mutual TLS), or, against a local demo
// server, by the x-hub-principal header.
#ifndef HUB_TOOLS_HUBCTL_CLIENT_H_
#define HUB_TOOLS_HUBCTL_CLIENT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "hub/v1/hub_service.grpc.pb.h"
#include "hub/v1/stewardship.grpc.pb.h"

namespace hub {

struct ClientOptions {
  std::string address = "127.0.0.1:50051";
  std::string principal;      // demo header; required without a certificate
  std::string tls_cert_file;  // client certificate: enables mutual TLS
  std::string tls_key_file;
  std::string tls_ca_file;  // CA of the server certificate
  std::string request_id;   // sent as x-request-id when set
};

class HubClient {
 public:
  static absl::StatusOr<std::unique_ptr<HubClient>> Connect(
      const ClientOptions& options);

  absl::StatusOr<v1::SubmitResponse> Submit(const v1::SubmitRequest& request);
  // Streams requests; responses come back in order, in *responses. Stops at
  // the first transport error and returns it; the responses that came before
  // it are kept (each is a receipt the hub gave).
  absl::Status StreamSubmit(const std::vector<v1::SubmitRequest>& requests,
                            std::vector<v1::SubmitResponse>* responses);
  absl::StatusOr<v1::MergedRecord> GetRecord(const v1::GetRecordRequest& r);
  absl::StatusOr<v1::ListRecordsResponse> ListRecords(
      const v1::ListRecordsRequest& r);
  absl::StatusOr<v1::ListEventsResponse> ListEvents(
      const v1::ListEventsRequest& r);
  absl::StatusOr<v1::VerifyChainResponse> VerifyChain(
      const v1::VerifyChainRequest& r);
  absl::StatusOr<v1::UpdateCatalogResponse> UpdateCatalog(
      const v1::UpdateCatalogRequest& r);
  absl::StatusOr<v1::Catalog> GetCatalog();

  // Stewardship (reform office).
  absl::StatusOr<v1::ListRecordsResponse> ListConflicts(
      const v1::ListRecordsRequest& r);
  absl::StatusOr<v1::MergedRecord> ResolveRecord(
      const v1::ResolveRecordRequest& r);
  absl::StatusOr<v1::PeriodLock> ApprovePeriod(const v1::PeriodRequest& r);
  absl::StatusOr<v1::PeriodLock> LockPeriod(const v1::PeriodRequest& r);
  absl::StatusOr<v1::PeriodLock> UnlockPeriod(const v1::PeriodRequest& r);
  absl::StatusOr<v1::ListLocksResponse> ListLocks();

  // The same connection speaking as another principal (demo header mode).
  void set_principal(std::string principal) {
    principal_ = std::move(principal);
  }

  // The transaction time the next calls ask a demo hub for (hubd
  // --demo_clock honours it; see hub/server/demo_clock.h), as UTC
  // microseconds; 0 for none.
  void set_demo_time_micros(int64_t micros) { demo_time_micros_ = micros; }

  // For further services' stubs (tools/hubctl/commands_audit.cc): the
  // channel, and the principal header and deadline every call carries.
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  void Prepare(grpc::ClientContext* ctx) const;

 private:
  HubClient() = default;

  std::string principal_;
  std::string request_id_;
  bool use_header_ = true;
  int64_t demo_time_micros_ = 0;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::SubmissionService::Stub> submission_;
  std::unique_ptr<v1::RecordService::Stub> record_;
  std::unique_ptr<v1::LogService::Stub> log_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::StewardshipService::Stub> stewardship_;
};

}  // namespace hub

#endif  // HUB_TOOLS_HUBCTL_CLIENT_H_
