// The requests hub_bench sends: the seed catalog, and submissions shaped as
// the comparison counts them (one value each: the submission, the
// merged record it updates and its two change events).
#ifndef HUB_TOOLS_BENCH_WORKLOAD_H_
#define HUB_TOOLS_BENCH_WORKLOAD_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "hub/v1/hub_service.pb.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace bench {

// The catalog in dir (tools/catalog/*.json), merged in file name order, as
// `hubctl catalog load` reads it.
absl::StatusOr<v1::Catalog> ReadCatalogDir(const std::string& dir);

// The principal of the ingest submissions and of the reform office.
inline constexpr char kSubmitter[] = "health_commission@350400";
inline constexpr char kReformOffice[] = "reform_office@350400";
inline constexpr char kAuditor[] = "auditor@350000";
inline constexpr char kAnalyst[] = "analyst@350400";

// Ingest submissions: one monthly primary-care visit share (Sanming's 2024
// target indicator) of one of Sanming's 11 counties, months 2015-01 to
// 2024-12, so that the 1,320 records are updated over and over as a
// department's corrections update them. Ids are unique per tag. Thread
// safe.
class IngestWorkload {
 public:
  // items values per submission (1 for the ingest scenarios: the issue's
  // comparison counts one value per submission).
  explicit IngestWorkload(std::string tag, int items = 1)
      : tag_(std::move(tag)), items_(items) {}
  v1::SubmitRequest Next() { return At(next_.fetch_add(1)); }
  // Submission n of this tag.
  v1::SubmitRequest At(uint64_t n) const;
  // The record key of submission n (every key is one of 1,320).
  static v1::RecordKey KeyOf(uint64_t n);
  uint64_t issued() const { return next_.load(); }

 private:
  const std::string tag_;
  const int items_;
  std::atomic<uint64_t> next_{0};
};

// Regions to add to the seed catalog so that `records` distinct records of
// primary_care_visit_share fit (665 periods per region: every month,
// quarter, half, year and year to date from 1990 to 2024). The seed catalog
// has 43 regions; synthetic counties 9xxxxx under 福建省 (350000) are
// added, which is not a GB/T 2260 code range (marked as a benchmark's).
std::vector<v1::Region> SyntheticRegions(uint64_t records);

// Submission n of the memory scenario: items_per_submission values, each
// for a record no earlier submission touched (record index n * items + i),
// by health_commission@350000.
v1::SubmitRequest MemorySubmission(uint64_t n, int items_per_submission,
                                   const std::vector<std::string>& regions);
inline constexpr char kProvinceSubmitter[] = "health_commission@350000";

}  // namespace bench
}  // namespace hub

#endif  // HUB_TOOLS_BENCH_WORKLOAD_H_
