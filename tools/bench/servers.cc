// Servers and the side calls of the scenarios.
#include <filesystem>
#include <set>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "hub/v1/audit.grpc.pb.h"
#include "hub/v1/hub_service.grpc.pb.h"
#include "tools/bench/bench_echo.grpc.pb.h"
#include "tools/bench/scenarios.h"
#include "tools/bench/workload.h"

namespace hub {
namespace bench {
namespace {

std::shared_ptr<grpc::Channel> Channel(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(256 << 20);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(),
                                   args);
}

absl::Status FromGrpc(const grpc::Status& s, const std::string& what) {
  if (s.ok()) return absl::OkStatus();
  return absl::UnavailableError(absl::StrCat(what, ": ", s.error_message()));
}

void As(grpc::ClientContext* ctx, const char* principal) {
  ctx->AddMetadata("x-hub-principal", principal);
}

}  // namespace

absl::Status Servers::StartEcho() {
  if (!echo_address_.empty()) return absl::OkStatus();
  const std::string dir = config_.work_dir;
  absl::Status s = echo_.Start({SelfPath(), "echo-server"}, dir + "/echo.port",
                               dir + "/echo.log");
  if (s.ok()) echo_address_ = echo_.address();
  return s;
}

absl::Status Servers::StartFreshHub(
    const std::vector<v1::Region>& extra_regions) {
  if (absl::Status s = StartEcho(); !s.ok()) return s;
  hub_data_ = MakeTempDir(config_.work_dir, "hub");
  if (absl::Status s = RestartHub(); !s.ok()) return s;
  if (catalog_.regions().empty()) {
    auto catalog = ReadCatalogDir(config_.catalog_dir);
    if (!catalog.ok()) return catalog.status();
    catalog_ = *catalog;
  }
  v1::UpdateCatalogRequest request;
  *request.mutable_catalog() = catalog_;
  for (const v1::Region& r : extra_regions) {
    *request.mutable_catalog()->add_regions() = r;
  }
  v1::UpdateCatalogResponse response;
  grpc::ClientContext ctx;
  As(&ctx, kReformOffice);
  return FromGrpc(v1::CatalogService::Stub(Channel(hub_address_))
                      .UpdateCatalog(&ctx, request, &response),
                  "loading the catalog");
}

absl::Status Servers::RestartHub() {
  StopHub();
  std::vector<std::string> argv = {config_.hubd, "--data_dir=" + hub_data_,
                                   "--listen=127.0.0.1:0",
                                   "--insecure_demo_auth"};
  // The load comes from one principal per scenario, far above hubd's
  // default per-principal limits (200 calls/s, 5,000 streamed messages/s,
  // 8 streams), which would measure the limits, not the hub; and its calls
  // carry no deadline. BENCHMARKS.md names these flags; --hubd_flag
  // (appended after them) overrides any.
  for (const char* f : kBenchLimitFlags) argv.push_back(f);
  for (const std::string& f : config_.hubd_flags) argv.push_back(f);
  absl::Status s = hubd_.Start(argv, hub_data_ + ".port", hub_data_ + ".log");
  if (s.ok()) hub_address_ = hubd_.address();
  return s;
}

void Servers::StopHub() {
  if (hubd_.pid() > 0) hubd_.Stop();
}

void Servers::RemoveHubData() {
  std::error_code ec;
  std::filesystem::remove_all(hub_data_, ec);
}

absl::StatusOr<uint64_t> HeadSequence(const std::string& address) {
  grpc::ClientContext ctx;
  As(&ctx, kAuditor);
  v1::ListEventsRequest request;
  request.set_after_sequence(~uint64_t{0} >> 1);
  request.set_page_size(1);
  v1::ListEventsResponse response;
  grpc::Status s = v1::LogService::Stub(Channel(address))
                       .ListEvents(&ctx, request, &response);
  if (!s.ok()) return FromGrpc(s, "ListEvents");
  return response.last_sequence();
}

absl::StatusOr<double> SubmissionsPerGroup(const std::string& address,
                                           uint64_t after) {
  grpc::ClientContext ctx;
  As(&ctx, kAuditor);
  v1::ReplayRequest request;
  request.set_after_sequence(after);
  request.mutable_filter()->add_kinds(v1::EVENT_KIND_SUBMISSION_ACCEPTED);
  auto reader = v1::AuditService::Stub(Channel(address)).Replay(&ctx, request);
  v1::ReplayResponse response;
  uint64_t submissions = 0;
  std::set<int64_t> times;
  while (reader->Read(&response)) {
    if (response.has_event()) {
      ++submissions;
      times.insert(response.event().time_micros());
    }
  }
  if (absl::Status s = FromGrpc(reader->Finish(), "Replay"); !s.ok()) return s;
  return times.empty() ? 0.0 : static_cast<double>(submissions) / times.size();
}

absl::Status Prime(const std::string& echo_address,
                   const v1::SubmitResponse* submit,
                   const v1::MergedRecord* record,
                   const v1::ListRecordsResponse* records,
                   const std::vector<v1::ReplayResponse>* replay,
                   uint64_t replay_messages) {
  PrimeRequest request;
  if (submit != nullptr) *request.mutable_submit() = *submit;
  if (record != nullptr) *request.mutable_record() = *record;
  if (records != nullptr) *request.mutable_records() = *records;
  if (replay != nullptr) {
    for (const auto& r : *replay) *request.add_replay() = r;
  }
  request.set_replay_messages(replay_messages);
  grpc::ClientContext ctx;
  PrimeResponse response;
  return FromGrpc(
      Echo::Stub(Channel(echo_address)).Prime(&ctx, request, &response),
      "priming the echo server");
}

}  // namespace bench
}  // namespace hub
