// Auditor: rebuild every merged record from the log and compare.
#include "hub/audit/internal/rebuild.h"

#include "hub/audit/auditor.h"
#include "hub/audit/internal/versions.h"
#include "hub/common/status_macros.h"

namespace hub {

absl::StatusOr<v1::RebuildResponse> Auditor::Rebuild(
    const Principal& principal, int max_differences) const {
  HUB_RETURN_IF_ERROR(internal::RequireAuditor(principal, "rebuilding"));
  if (max_differences <= 0) max_differences = 100;
  v1::RebuildResponse response;
  HUB_RETURN_IF_ERROR(
      internal::RebuildAndCompare(hub_->NewReaders(), hub_->options().rules,
                                  crypto_, max_differences, &response));
  return response;
}

}  // namespace hub
