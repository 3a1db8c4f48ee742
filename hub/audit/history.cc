// Auditor: the history of one record and the record as of a point in the
// log (a sequence number or a transaction time).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "hub/access/access_policy.h"
#include "hub/audit/auditor.h"
#include "hub/audit/internal/versions.h"
#include "hub/common/status_macros.h"
#include "hub/model/model.h"

namespace hub {
namespace {

absl::Status CheckJurisdiction(const Hub& hub, const Principal& principal,
                               const v1::RecordKey& key) {
  return access::AccessPolicy(*hub.catalog())
      .Check(principal, access::Action::kReadRecords,
             access::Target::Region(key.region_code(), "key.region_code"));
}

}  // namespace

absl::StatusOr<std::vector<v1::ChangeEvent>> Auditor::History(
    const Principal& principal, const v1::RecordKey& key) const {
  HUB_RETURN_IF_ERROR(CheckJurisdiction(*hub_, principal, key));
  const HubReaders read = hub_->NewReaders();
  HUB_ASSIGN_OR_RETURN(v1::MergedRecord live, read.records.Get(key));
  std::vector<v1::ChangeEvent> changes;
  uint64_t seq = live.last_sequence();
  while (true) {
    HUB_ASSIGN_OR_RETURN(v1::ChangeEvent change,
                         internal::ReadChange(read.log, key, seq));
    bool first = !change.has_before();
    seq = change.before().last_sequence();
    changes.push_back(std::move(change));
    if (first) break;
  }
  std::reverse(changes.begin(), changes.end());
  return changes;
}

absl::StatusOr<v1::GetRecordAsOfResponse> Auditor::AsOf(
    const Principal& principal, const v1::GetRecordAsOfRequest& request) const {
  HUB_RETURN_IF_ERROR(CheckJurisdiction(*hub_, principal, request.key()));
  const HubReaders read = hub_->NewReaders();
  HUB_ASSIGN_OR_RETURN(LogHead head, read.log.Head());
  uint64_t as_of = head.sequence;
  if (request.as_of_case() == v1::GetRecordAsOfRequest::kSequence) {
    as_of = std::min(request.sequence(), head.sequence);
  } else if (request.as_of_case() == v1::GetRecordAsOfRequest::kTimeMicros) {
    HUB_ASSIGN_OR_RETURN(
        as_of, read.log.SequenceAtTime(head.sequence, request.time_micros()));
  }
  HUB_ASSIGN_OR_RETURN(v1::MergedRecord live, read.records.Get(request.key()));
  HUB_ASSIGN_OR_RETURN(std::optional<v1::ChangeEvent> change,
                       internal::ChangeAsOf(read.log, live, as_of));
  if (!change.has_value()) {
    return absl::NotFoundError(
        absl::StrCat("no record for ", RecordKeyToString(request.key()),
                     " as of sequence ", as_of, "; it was created later"));
  }
  v1::GetRecordAsOfResponse response;
  *response.mutable_record() = change->after();
  response.set_as_of_sequence(as_of);
  response.set_changed_at_sequence(change->sequence());
  response.set_changed_at_micros(change->time_micros());
  for (const v1::Contribution& c : change->after().contributions()) {
    if (!request.department().empty() &&
        c.department() == request.department()) {
      *response.mutable_contribution() = c;
    }
  }
  return response;
}

}  // namespace hub
