// Memory: hubd's resident memory with 1M (or more) merged records, after
// loading them and after a restart (checkpoint, record reads), against a
// raw RocksDB process with the hub's options reading the same records.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "hub/schema/schema.h"
#include "hub/v1/audit.grpc.pb.h"
#include "hub/v1/hub_service.grpc.pb.h"
#include "tools/bench/scenarios.h"
#include "tools/bench/workload.h"

namespace hub {
namespace bench {
namespace {

constexpr int kItems = 100;        // values per submission
constexpr int kSampleKeys = 1000;  // records read after the restart

std::vector<std::string> RegionCodes(const std::vector<v1::Region>& regions) {
  std::vector<std::string> codes;
  for (const auto& r : regions) codes.push_back(r.code());
  return codes;
}

// The record key of every (records / kSampleKeys)-th record.
std::vector<v1::RecordKey> SampleKeys(uint64_t records,
                                      const std::vector<std::string>& regions) {
  std::vector<v1::RecordKey> keys;
  for (int i = 0; i < kSampleKeys; ++i) {
    uint64_t record = records / kSampleKeys * i;
    v1::SubmitRequest r = MemorySubmission(record / kItems, kItems, regions);
    const auto& v = r.submission().items(record % kItems).indicator_value();
    v1::RecordKey key;
    key.set_kind(v1::SUBJECT_KIND_INDICATOR);
    key.set_code(v.indicator_code());
    key.set_region_code(v.region_code());
    key.set_period(v.period());
    keys.push_back(std::move(key));
  }
  return keys;
}

// What a restarted hub is asked: a checkpoint, then the sample records.
void Touch(const std::string& hub, const std::vector<v1::RecordKey>& keys) {
  auto channel = grpc::CreateChannel(hub, grpc::InsecureChannelCredentials());
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata("x-hub-principal", kAuditor);
    v1::SignedCheckpoint cp;
    (void)v1::AuditService::Stub(channel).GetCheckpoint(
        &ctx, v1::GetCheckpointRequest(), &cp);
  }
  v1::RecordService::Stub records(channel);
  for (const v1::RecordKey& key : keys) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("x-hub-principal", "analyst@350000");
    v1::GetRecordRequest request;
    *request.mutable_key() = key;
    v1::MergedRecord record;
    (void)records.GetRecord(&ctx, request, &record);
  }
}

// Runs `hub_bench raw-resident` on dir; its resident KiB.
int64_t RawResident(const std::string& dir, uint64_t records,
                    const std::vector<std::string>& regions) {
  std::string cmd = absl::StrCat(SelfPath(), " raw-resident --dir=", dir,
                                 " --memory_records=", records);
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return 0;
  long long kib = 0;
  if (fscanf(p, "%lld", &kib) != 1) kib = 0;
  pclose(p);
  return kib;
}

}  // namespace

void RunMemory(const Config& config, Report* report) {
  for (uint64_t records : config.memory_records) {
    Servers servers(config);
    const std::vector<v1::Region> extra = SyntheticRegions(records);
    const std::vector<std::string> regions = RegionCodes(extra);
    absl::Status s = servers.StartFreshHub(extra);
    if (!s.ok()) {
      fprintf(stderr, "memory: %s\n", s.ToString().c_str());
      return;
    }
    const uint64_t submissions = (records + kItems - 1) / kItems;
    LoadResult fill = FillHub(
        servers.hub(), kProvinceSubmitter, 2, 16, submissions,
        [&](uint64_t n) { return MemorySubmission(n, kItems, regions); });
    fprintf(stderr, "memory: %llu records in %.1f s (%llu errors %s)\n",
            static_cast<unsigned long long>(records), fill.seconds,
            static_cast<unsigned long long>(fill.errors),
            fill.first_error.c_str());
    const std::string row = absl::StrCat("RSS, ", records, " records (MiB)");
    const std::vector<v1::RecordKey> keys = SampleKeys(records, regions);
    report->Add(row, "hub after load", ResidentKiB(servers.hub_pid()) / 1024.0);
    report->Add(row, "hub peak", PeakResidentKiB(servers.hub_pid()) / 1024.0);
    if (!servers.RestartHub().ok()) return;
    Touch(servers.hub(), keys);
    const double hub = ResidentKiB(servers.hub_pid()) / 1024.0;
    report->Add(row, "hub restarted", hub);
    servers.StopHub();
    const double raw =
        RawResident(servers.hub_data(), records, regions) / 1024.0;
    report->Add(row, "raw RocksDB", raw);
    report->Add(row, "hub/raw", raw > 0 ? hub / raw : 0);
    report->Add(row, "load s", fill.seconds);
    servers.RemoveHubData();
  }
}

int RunRawResident(const std::string& dir, uint64_t records) {
  auto store = OpenRocksDbStore(dir);
  if (!store.ok()) {
    fprintf(stderr, "raw-resident: %s\n", store.status().ToString().c_str());
    return 1;
  }
  // The same reads as Touch(): the log head and the sample records.
  std::string value;
  (void)(*store)->Get(Column::kMeta, LogHeadKey(), &value);
  const std::vector<std::string> regions =
      RegionCodes(SyntheticRegions(records));
  for (const v1::RecordKey& key : SampleKeys(records, regions)) {
    (void)(*store)->Get(Column::kRecords, EncodeRecordKey(key), &value);
  }
  printf("%lld\n", static_cast<long long>(ResidentKiB(getpid())));
  return 0;
}

}  // namespace bench
}  // namespace hub
