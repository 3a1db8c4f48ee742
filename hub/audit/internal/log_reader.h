// Internal to hub/audit: point reads of the change log and the walk back
// through a record's versions.
#ifndef HUB_AUDIT_INTERNAL_LOG_READER_H_
#define HUB_AUDIT_INTERNAL_LOG_READER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "hub/model/principal.h"
#include "hub/store/store.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace internal {

// The stored bytes of event sequence; NotFound when there is none.
absl::StatusOr<std::string> ReadEventBytes(const Store& store,
                                           uint64_t sequence);
absl::StatusOr<v1::ChangeEvent> ReadEvent(const Store& store,
                                          uint64_t sequence);

// Event sequence, checked to be a change of key whose `before` points back.
// DataLoss when it is missing or is not.
absl::StatusOr<v1::ChangeEvent> ReadChange(const Store& store,
                                           const v1::RecordKey& key,
                                           uint64_t sequence);

// The change event that produced the version of live's record current after
// the first as_of events, or nullopt when the record did not exist yet.
// Walks back from live.last_sequence() through the events' `before`
// versions. DataLoss when an event does not fit the chain of versions.
absl::StatusOr<std::optional<v1::ChangeEvent>> ChangeAsOf(
    const Store& store, const v1::MergedRecord& live, uint64_t as_of);

// The largest sequence <= head whose transaction time is <= time_micros
// (0 when the first event is later). Transaction times never decrease
// along the log, so this is a binary search.
absl::StatusOr<uint64_t> SequenceAtTime(const Store& store, uint64_t head,
                                        int64_t time_micros);

// Auditors and the reform office: OK; anyone else PermissionDenied with
// what in the message.
absl::Status RequireAuditor(const Principal& principal, absl::string_view what);

}  // namespace internal
}  // namespace hub

#endif  // HUB_AUDIT_INTERNAL_LOG_READER_H_
