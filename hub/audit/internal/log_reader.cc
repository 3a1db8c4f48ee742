#include "hub/audit/internal/log_reader.h"

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/log/change_log.h"
#include "hub/model/model.h"

namespace hub {
namespace internal {

absl::StatusOr<std::string> ReadEventBytes(const Store& store,
                                           uint64_t sequence) {
  std::string bytes;
  absl::Status s = store.Get(Column::kLog, EncodeSequence(sequence), &bytes);
  if (absl::IsNotFound(s)) {
    return absl::NotFoundError(
        absl::StrCat("no event ", sequence, " in the log"));
  }
  HUB_RETURN_IF_ERROR(s);
  return bytes;
}

absl::StatusOr<v1::ChangeEvent> ReadEvent(const Store& store,
                                          uint64_t sequence) {
  HUB_ASSIGN_OR_RETURN(std::string bytes, ReadEventBytes(store, sequence));
  v1::ChangeEvent event;
  if (!event.ParseFromString(bytes)) {
    return absl::DataLossError(
        absl::StrCat("event ", sequence, " does not parse"));
  }
  return event;
}

absl::StatusOr<v1::ChangeEvent> ReadChange(const Store& store,
                                           const v1::RecordKey& key,
                                           uint64_t sequence) {
  absl::StatusOr<v1::ChangeEvent> event = ReadEvent(store, sequence);
  if (absl::IsNotFound(event.status())) {
    return absl::DataLossError(absl::StrCat("record ", RecordKeyToString(key),
                                            " names change ", sequence,
                                            ", which is not in the log"));
  }
  HUB_RETURN_IF_ERROR(event.status());
  if (EncodeRecordKey(event->after().key()) != EncodeRecordKey(key) ||
      event->after().last_sequence() != sequence) {
    return absl::DataLossError(absl::StrCat(
        "event ", sequence, " is not a change of ", RecordKeyToString(key)));
  }
  if (event->has_before() && event->before().last_sequence() >= sequence) {
    return absl::DataLossError(absl::StrCat("event ", sequence,
                                            " points back to a later change ",
                                            event->before().last_sequence()));
  }
  return event;
}

absl::StatusOr<std::optional<v1::ChangeEvent>> ChangeAsOf(
    const Store& store, const v1::MergedRecord& live, uint64_t as_of) {
  uint64_t seq = live.last_sequence();
  while (true) {
    HUB_ASSIGN_OR_RETURN(v1::ChangeEvent event,
                         ReadChange(store, live.key(), seq));
    if (seq <= as_of) return std::optional<v1::ChangeEvent>(std::move(event));
    if (!event.has_before()) return std::optional<v1::ChangeEvent>();
    seq = event.before().last_sequence();
  }
}

absl::StatusOr<uint64_t> SequenceAtTime(const Store& store, uint64_t head,
                                        int64_t time_micros) {
  uint64_t lo = 0, hi = head;  // invariant: answer in [lo, hi]
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo + 1) / 2;
    HUB_ASSIGN_OR_RETURN(v1::ChangeEvent event, ReadEvent(store, mid));
    if (event.time_micros() <= time_micros) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

absl::Status RequireAuditor(const Principal& principal,
                            absl::string_view what) {
  if (principal.role == Role::kAuditor ||
      principal.role == Role::kReformOffice) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat(what, " is for auditors and the reform office, not ",
                   principal.ToString()));
}

}  // namespace internal
}  // namespace hub
