// Internal to hub/audit: the walk back through a record's versions in the
// change log.
#ifndef HUB_AUDIT_INTERNAL_VERSIONS_H_
#define HUB_AUDIT_INTERNAL_VERSIONS_H_

#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "hub/log/log_reader.h"
#include "hub/model/principal.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace internal {

// Event sequence, checked to be a change of key whose `before` points back.
// DataLoss when it is missing or is not.
absl::StatusOr<v1::ChangeEvent> ReadChange(const LogReader& log,
                                           const v1::RecordKey& key,
                                           uint64_t sequence);

// The change event that produced the version of live's record current after
// the first as_of events, or nullopt when the record did not exist yet.
// Walks back from live.last_sequence() through the events' `before`
// versions. DataLoss when an event does not fit the chain of versions.
// REQUIRES: log is at least as recent as live.
absl::StatusOr<std::optional<v1::ChangeEvent>> ChangeAsOf(
    const LogReader& log, const v1::MergedRecord& live, uint64_t as_of);

}  // namespace internal
}  // namespace hub

#endif  // HUB_AUDIT_INTERNAL_VERSIONS_H_
