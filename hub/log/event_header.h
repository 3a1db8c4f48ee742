// EventHeader: the few fields of a stored change event that replay filters
// look at, read from its bytes without parsing the rest.
//
// A stored event (change_log.h) carries the submission as sent and the
// record before and after, which are most of its bytes. A filter needs only
// the kind, the actor, the record key or period lock, and the submission's
// department (its items only for a submission event under a record filter),
// so a replay reads the header of each event, parses those small embedded
// messages when it needs them, and parses (or forwards) the whole event
// only when it matches.
#ifndef HUB_LOG_EVENT_HEADER_H_
#define HUB_LOG_EVENT_HEADER_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hub/v1/model.pb.h"

namespace hub {

// Views into one event's bytes, which must outlive the header. An absent
// field is an empty view (as for an empty embedded message).
struct EventHeader {
  uint64_t sequence = 0;
  v1::EventKind kind = v1::EVENT_KIND_UNSPECIFIED;
  absl::string_view actor;
  absl::string_view submission;       // SubmissionSummary bytes
  absl::string_view record_key;       // RecordKey bytes
  absl::string_view lock;             // PeriodLock bytes
  absl::string_view submission_body;  // Submission bytes
  bool has_record_key = false;
  bool has_lock = false;
};

// The header of a serialized v1::ChangeEvent. DataLoss when bytes are not
// well-formed wire format.
absl::StatusOr<EventHeader> ReadEventHeader(absl::string_view bytes);

// The department of a serialized v1::Submission or v1::SubmissionSummary
// (field 2 of both), without parsing the rest. DataLoss when malformed.
absl::StatusOr<absl::string_view> ReadDepartment(absl::string_view message);

}  // namespace hub

#endif  // HUB_LOG_EVENT_HEADER_H_
