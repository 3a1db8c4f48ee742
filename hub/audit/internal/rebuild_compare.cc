// RebuildAndCompare(): the replay into a fresh hub, then the byte-for-byte
// comparison of the two records columns.
#include <atomic>

#include "absl/strings/str_cat.h"
#include "hub/audit/internal/rebuild.h"
#include "hub/audit/internal/versions.h"
#include "hub/common/status_macros.h"
#include "hub/log/event_header.h"
#include "hub/log/log_reader.h"
#include "hub/model/model.h"
#include "hub/schema/schema.h"

namespace hub {
namespace internal {
namespace {

// Refusals are logged again one by one (Relog), after the run before them.
bool IsSubmission(v1::EventKind kind) {
  return kind == v1::EVENT_KIND_SUBMISSION_ACCEPTED;
}

// Re-executes events 1..up_to of live on rebuilt, whose clock reads *now.
// Only input events are parsed (derived ones are skipped on their header,
// hub/log/event_header.h); a run of submissions at one transaction time is
// re-executed without waiting for each.
absl::Status ReplayInputs(const LogReader& live, uint64_t up_to, Hub* rebuilt,
                          std::atomic<int64_t>* now,
                          v1::RebuildResponse* response) {
  const auto& handlers = InputHandlers();
  uint64_t replayed = 0;
  ResubmitRun run(rebuilt);
  std::unique_ptr<LogIterator> it = live.NewIterator(0, up_to);
  for (; it->Valid(); it->Next()) {
    absl::StatusOr<EventHeader> header = ReadEventHeader(it->bytes());
    if (!header.ok() || header->sequence != it->sequence()) {
      return absl::DataLossError(
          absl::StrCat("event ", it->sequence(),
                       " does not parse as itself; the event is damaged: run "
                       "log verify"));
    }
    auto handler = handlers.find(header->kind);
    if (handler == handlers.end()) {
      return absl::UnimplementedError(absl::StrCat(
          "event ", header->sequence, " of kind ",
          v1::EventKind_Name(header->kind), " has no rebuild handler"));
    }
    replayed = header->sequence;
    if (handler->second == nullptr && replayed != up_to) continue;
    absl::StatusOr<v1::ChangeEvent> event = it->event();
    if (!event.ok()) {
      return absl::DataLossError(absl::StrCat(
          event.status().message(), "; the event is damaged: run log verify"));
    }
    if (replayed == up_to) response->set_live_head_hash(event->hash());
    if (handler->second == nullptr) continue;
    response->set_inputs_applied(response->inputs_applied() + 1);
    if (!run.empty() && (!IsSubmission(event->kind()) ||
                         event->time_micros() != run.time_micros())) {
      HUB_RETURN_IF_ERROR(run.Finish());
    }
    now->store(event->time_micros());
    if (IsSubmission(event->kind())) {
      HUB_RETURN_IF_ERROR(run.Add(*std::move(event)));
    } else {
      HUB_RETURN_IF_ERROR(handler->second(*event, rebuilt));
    }
  }
  HUB_RETURN_IF_ERROR(run.Finish());
  response->set_events_replayed(replayed);
  HUB_RETURN_IF_ERROR(it->status());
  if (replayed < up_to) {
    return absl::DataLossError(
        absl::StrCat("event ", replayed + 1, " is missing"));
  }
  return absl::OkStatus();
}

// The bytes of live's record as of up_to, or "" when it did not exist yet.
absl::StatusOr<std::string> LiveBytesAsOf(const LogReader& log,
                                          const RecordIterator& live,
                                          uint64_t up_to) {
  if (live.record().last_sequence() <= up_to) return live.bytes();
  HUB_ASSIGN_OR_RETURN(std::optional<v1::ChangeEvent> change,
                       ChangeAsOf(log, live.record(), up_to));
  if (!change.has_value()) return std::string();
  return DeterministicBytes(change->after());
}

// Counts the difference; lists it when shown and there is room.
void AddDifference(v1::RecordDifference::Kind kind, absl::string_view key,
                   const std::string& live, const std::string& rebuilt, int max,
                   const std::function<bool(const v1::RecordKey&)>& shown,
                   v1::RebuildResponse* response) {
  response->set_difference_count(response->difference_count() + 1);
  if (response->differences_size() >= max) return;
  auto key_proto = DecodeRecordKey(key);
  if (!key_proto.ok() || !shown(*key_proto)) return;
  v1::RecordDifference* d = response->add_differences();
  d->set_kind(kind);
  *d->mutable_key() = *key_proto;
  if (!live.empty()) d->mutable_live()->ParseFromString(live);
  if (!rebuilt.empty()) d->mutable_rebuilt()->ParseFromString(rebuilt);
}

absl::Status CompareRecords(
    const HubReaders& live, const RecordReader& rebuilt, uint64_t up_to,
    int max, const std::function<bool(const v1::RecordKey&)>& shown,
    v1::RebuildResponse* response) {
  std::unique_ptr<RecordIterator> a = live.records.Scan(RecordFilter{}, "");
  std::unique_ptr<RecordIterator> b = rebuilt.Scan(RecordFilter{}, "");
  while (a->Valid() || b->Valid()) {
    int order = !a->Valid() ? 1 : !b->Valid() ? -1 : a->key().compare(b->key());
    std::string key = order <= 0 ? a->key() : b->key();
    std::string live_bytes, rebuilt_bytes;
    if (order <= 0) {
      HUB_ASSIGN_OR_RETURN(live_bytes, LiveBytesAsOf(live.log, *a, up_to));
      a->Next();
    }
    if (order >= 0) {
      rebuilt_bytes = b->bytes();
      b->Next();
    }
    if (live_bytes.empty() && rebuilt_bytes.empty()) continue;
    response->set_records_compared(response->records_compared() + 1);
    if (live_bytes == rebuilt_bytes) continue;
    AddDifference(
        live_bytes.empty()      ? v1::RecordDifference::KIND_MISSING_IN_LIVE
        : rebuilt_bytes.empty() ? v1::RecordDifference::KIND_MISSING_IN_REBUILT
                                : v1::RecordDifference::KIND_BYTES_DIFFER,
        key, live_bytes, rebuilt_bytes, max, shown, response);
  }
  HUB_RETURN_IF_ERROR(a->status());
  return b->status();
}

}  // namespace

absl::Status RebuildAndCompare(
    const HubReaders& live, std::shared_ptr<const RuleRegistry> rules,
    const LogCrypto& crypto,
    const std::function<bool(const v1::RecordKey&)>& shown, int max_differences,
    v1::RebuildResponse* response) {
  HUB_ASSIGN_OR_RETURN(LogHead head, live.log.Head());
  const uint64_t up_to = head.sequence;
  auto now = std::make_shared<std::atomic<int64_t>>(0);
  HubOptions options;
  options.rules = std::move(rules);
  options.log_crypto = &crypto;
  options.sync = false;
  options.clock = [now] { return absl::FromUnixMicros(now->load()); };
  HUB_ASSIGN_OR_RETURN(std::unique_ptr<Hub> rebuilt,
                       Hub::Open(NewMemStore(), options));
  response->set_up_to_sequence(up_to);
  response->set_log_crypto(rebuilt->log_crypto().Name());
  HUB_RETURN_IF_ERROR(
      ReplayInputs(live.log, up_to, rebuilt.get(), now.get(), response));
  response->set_rebuilt_head_hash(rebuilt->head().hash);
  HUB_RETURN_IF_ERROR(CompareRecords(live, rebuilt->NewReaders().records, up_to,
                                     max_differences, shown, response));
  response->set_identical(response->difference_count() == 0 &&
                          response->live_head_hash() ==
                              response->rebuilt_head_hash());
  return absl::OkStatus();
}

}  // namespace internal
}  // namespace hub
