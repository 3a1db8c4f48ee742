// Internal to hub/views: the builders of each view, from a checked request
// and the records of one moment (views.cc checks and takes the readers).
#ifndef HUB_VIEWS_INTERNAL_BUILD_H_
#define HUB_VIEWS_INTERNAL_BUILD_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/repeated_field.h"
#include "hub/catalog/catalog.h"
#include "hub/common/period.h"
#include "hub/v1/views.pb.h"
#include "hub/views/internal/record_cache.h"

namespace hub {
namespace views_internal {

// REQUIRES for each: the request checked (RequestCheck), region known and
// within the caller's jurisdiction.

absl::StatusOr<google::protobuf::RepeatedPtrField<v1::Rollup>> BuildRollups(
    const Catalog& catalog, const std::string& region,
    const v1::RollupRequest& request, RecordCache* records,
    google::protobuf::RepeatedPtrField<v1::SkippedIndicator>* skipped);

absl::StatusOr<v1::AttainmentReport> BuildAttainment(
    const Catalog& catalog, const std::string& region, const Period& period,
    const v1::AttainmentRequest& request, int page_size, RecordCache* records);

// plan: nullptr for every plan covering region.
absl::StatusOr<v1::ReportingReport> BuildReporting(
    const Catalog& catalog, const std::string& region, const v1::Plan* plan,
    const v1::ReportingRequest& request, int page_size, absl::Time now,
    RecordCache* records);

absl::StatusOr<v1::LedgerResponse> BuildLedger(const Catalog& catalog,
                                               const v1::Plan& plan,
                                               const std::string& region,
                                               const v1::LedgerRequest& request,
                                               int page_size, absl::Time now,
                                               RecordCache* records);

absl::StatusOr<v1::LaggardsResponse> BuildLaggards(
    const Catalog& catalog, const v1::Plan& plan, const std::string& region,
    const v1::LaggardsRequest& request, absl::Time now, RecordCache* records);

}  // namespace views_internal
}  // namespace hub

#endif  // HUB_VIEWS_INTERNAL_BUILD_H_
