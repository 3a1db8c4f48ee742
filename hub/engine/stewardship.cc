// Hub's stewardship methods: the reform office lists and resolves
// conflicts, approves, locks and unlocks periods.
#include "hub/engine/internal/stewardship.h"

#include "absl/strings/str_cat.h"
#include "hub/access/access_policy.h"
#include "hub/common/period.h"
#include "hub/common/status_macros.h"
#include "hub/engine/hub.h"
#include "hub/engine/internal/committer.h"
#include "hub/engine/internal/locks.h"
#include "hub/engine/internal/text_fields.h"
#include "hub/model/errors.h"

namespace hub {

using access::AccessPolicy;
using access::Action;
using access::Target;

absl::StatusOr<RecordPage> Hub::ListConflicts(
    const Principal& principal, RecordFilter filter, int page_size,
    const std::string& page_token) const {
  HUB_RETURN_IF_ERROR(
      AccessPolicy(*catalog())
          .Check(principal, Action::kListConflicts,
                 Target::Region(filter.region_code, "region_code")));
  filter.state = v1::RECORD_STATE_CONFLICT;
  return ListRecords(principal, filter, page_size, page_token);
}

absl::StatusOr<v1::MergedRecord> Hub::Resolve(const Principal& principal,
                                              const ResolveRequest& request) {
  std::shared_ptr<const Catalog> catalog = this->catalog();
  HUB_RETURN_IF_ERROR(AccessPolicy(*catalog).Check(
      principal, Action::kResolve,
      Target::Region(request.key.region_code(), "key.region_code")));
  HUB_RETURN_IF_ERROR(internal::ValidateResolveRequest(*catalog, request));
  v1::MergedRecord after;
  const std::string actor = principal.ToString();
  HUB_RETURN_IF_ERROR(committer_->Run(
      [&](internal::Transaction* txn) -> absl::Status {
        // The catalog in force at this point of the log (see
        // internal/submit.cc).
        std::shared_ptr<const Catalog> in_force = this->catalog();
        if (in_force != catalog) {
          catalog = in_force;
          HUB_RETURN_IF_ERROR(
              internal::ValidateResolveRequest(*catalog, request));
        }
        HUB_ASSIGN_OR_RETURN(after, internal::ApplyResolution(
                                        *catalog, rules_, actor, request, txn));
        return absl::OkStatus();
      },
      /*discard=*/false));
  return after;
}

absl::StatusOr<v1::PeriodLock> Hub::ChangePeriod(const Principal& principal,
                                                 internal::PeriodAction action,
                                                 const std::string& region,
                                                 const std::string& period,
                                                 const std::string& reason) {
  static constexpr Action kActions[] = {
      Action::kApprovePeriod, Action::kLockPeriod, Action::kUnlockPeriod};
  std::shared_ptr<const Catalog> catalog = this->catalog();
  HUB_RETURN_IF_ERROR(AccessPolicy(*catalog).Check(
      principal, kActions[static_cast<int>(action)],
      Target::Region(region, "region_code")));
  std::vector<FieldViolation> v;
  auto parsed = Period::Parse(period);
  if (!parsed.ok())
    v.push_back(MakeViolation("period", std::string(parsed.status().message()),
                              hub::reason::kInvalidPeriod,
                              {{"value", period}}));
  internal::CheckReason(reason, &v);
  if (!v.empty()) return InvalidArgumentWithViolations("bad request", v);
  v1::PeriodLock lock;
  const std::string actor = principal.ToString();
  HUB_RETURN_IF_ERROR(committer_->Run(
      [&](internal::Transaction* txn) -> absl::Status {
        HUB_ASSIGN_OR_RETURN(
            lock, internal::ApplyPeriodAction(
                      action, region, parsed->ToString(), actor, reason, txn));
        return absl::OkStatus();
      },
      /*discard=*/false));
  return lock;
}

absl::StatusOr<v1::PeriodLock> Hub::ApprovePeriod(const Principal& principal,
                                                  const std::string& region,
                                                  const std::string& period,
                                                  const std::string& reason) {
  return ChangePeriod(principal, internal::PeriodAction::kApprove, region,
                      period, reason);
}

absl::StatusOr<v1::PeriodLock> Hub::LockPeriod(const Principal& principal,
                                               const std::string& region,
                                               const std::string& period,
                                               const std::string& reason) {
  return ChangePeriod(principal, internal::PeriodAction::kLock, region, period,
                      reason);
}

absl::StatusOr<v1::PeriodLock> Hub::UnlockPeriod(const Principal& principal,
                                                 const std::string& region,
                                                 const std::string& period,
                                                 const std::string& reason) {
  return ChangePeriod(principal, internal::PeriodAction::kUnlock, region,
                      period, reason);
}

absl::StatusOr<std::vector<v1::PeriodLock>> Hub::ListLocks(
    const Principal& principal) const {
  HUB_RETURN_IF_ERROR(
      AccessPolicy(*catalog()).Check(principal, Action::kListLocks));
  return internal::ListPeriodLocks(*store_, *catalog(), principal.region);
}

}  // namespace hub
