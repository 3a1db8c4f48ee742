#include "hub/audit/internal/versions.h"

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/model/model.h"
#include "hub/schema/schema.h"

namespace hub {
namespace internal {

absl::StatusOr<v1::ChangeEvent> ReadChange(const LogReader& log,
                                           const v1::RecordKey& key,
                                           uint64_t sequence) {
  absl::StatusOr<v1::ChangeEvent> event = log.Read(sequence);
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
    const LogReader& log, const v1::MergedRecord& live, uint64_t as_of) {
  uint64_t seq = live.last_sequence();
  while (true) {
    HUB_ASSIGN_OR_RETURN(v1::ChangeEvent event,
                         ReadChange(log, live.key(), seq));
    if (seq <= as_of) return std::optional<v1::ChangeEvent>(std::move(event));
    if (!event.has_before()) return std::optional<v1::ChangeEvent>();
    seq = event.before().last_sequence();
  }
}

}  // namespace internal
}  // namespace hub
