// Hub's stewardship methods: the reform office lists and resolves
// conflicts, approves, locks and unlocks periods.
#include "hub/engine/internal/stewardship.h"

#include "absl/strings/str_cat.h"
#include "hub/common/period.h"
#include "hub/common/status_macros.h"
#include "hub/engine/hub.h"
#include "hub/engine/internal/committer.h"
#include "hub/engine/internal/locks.h"
#include "hub/model/errors.h"

namespace hub {
namespace {

absl::Status RequireReformOffice(const Principal& principal,
                                 absl::string_view what) {
  if (principal.role == Role::kReformOffice) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(what, ": only the reform office may do this, not ",
                   principal.ToString()));
}

absl::Status CheckJurisdiction(const Catalog& catalog,
                               const Principal& principal,
                               const std::string& region,
                               absl::string_view field) {
  if (catalog.InSubtree(region, principal.region)) return absl::OkStatus();
  if (catalog.FindRegion(region) == nullptr) {
    return InvalidArgumentWithViolations(
        "bad request",
        {MakeViolation(std::string(field),
                       absl::StrCat("unknown region \"", region, "\""),
                       reason::kUnknownRegion, {{"value", region}})});
  }
  return absl::PermissionDeniedError(
      absl::StrCat(field, ": ", region, " is outside the jurisdiction ",
                   principal.region, " of ", principal.ToString()));
}

}  // namespace

absl::StatusOr<RecordPage> Hub::ListConflicts(
    const Principal& principal, RecordFilter filter, int page_size,
    const std::string& page_token) const {
  HUB_RETURN_IF_ERROR(RequireReformOffice(principal, "list conflicts"));
  filter.state = v1::RECORD_STATE_CONFLICT;
  return ListRecords(principal, filter, page_size, page_token);
}

absl::StatusOr<v1::MergedRecord> Hub::Resolve(const Principal& principal,
                                              const ResolveRequest& request) {
  HUB_RETURN_IF_ERROR(RequireReformOffice(principal, "resolve"));
  std::shared_ptr<const Catalog> catalog = this->catalog();
  HUB_RETURN_IF_ERROR(internal::ValidateResolveRequest(*catalog, request));
  HUB_RETURN_IF_ERROR(CheckJurisdiction(
      *catalog, principal, request.key.region_code(), "key.region_code"));
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
  HUB_RETURN_IF_ERROR(RequireReformOffice(principal, "approve or lock"));
  std::shared_ptr<const Catalog> catalog = this->catalog();
  std::vector<FieldViolation> v;
  auto parsed = Period::Parse(period);
  if (!parsed.ok())
    v.push_back(MakeViolation("period", std::string(parsed.status().message()),
                              hub::reason::kInvalidPeriod,
                              {{"value", period}}));
  if (reason.empty()) {
    v.push_back(
        MakeViolation("reason", "required: say why", hub::reason::kRequired));
  }
  if (!v.empty()) return InvalidArgumentWithViolations("bad request", v);
  HUB_RETURN_IF_ERROR(
      CheckJurisdiction(*catalog, principal, region, "region_code"));
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
  HUB_RETURN_IF_ERROR(RequireReformOffice(principal, "list locks"));
  return internal::ListPeriodLocks(*store_, *catalog(), principal.region);
}

}  // namespace hub
