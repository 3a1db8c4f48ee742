// Auditor: rebuild every merged record from the log and compare.
#include "hub/audit/internal/rebuild.h"

#include "absl/cleanup/cleanup.h"
#include "hub/access/access_policy.h"
#include "hub/audit/auditor.h"
#include "hub/audit/internal/versions.h"
#include "hub/common/status_macros.h"

namespace hub {

absl::StatusOr<v1::RebuildResponse> Auditor::Rebuild(
    const Principal& principal, int max_differences) const {
  std::shared_ptr<const Catalog> catalog = hub_->catalog();
  const access::AccessPolicy policy(*catalog);
  HUB_RETURN_IF_ERROR(policy.Check(principal, access::Action::kRebuild));
  if (!rebuild_mu_.TryLock()) {
    return absl::ResourceExhaustedError(
        "a rebuild is running already: one at a time; try again when it is "
        "done");
  }
  absl::Cleanup unlock = [this] { rebuild_mu_.Unlock(); };
  if (max_differences <= 0) max_differences = 100;
  v1::RebuildResponse response;
  HUB_RETURN_IF_ERROR(internal::RebuildAndCompare(
      hub_->NewReaders(), hub_->options().rules, crypto_,
      [&](const v1::RecordKey& key) {
        return policy.InJurisdiction(principal, key.region_code());
      },
      max_differences, &response));
  return response;
}

}  // namespace hub
