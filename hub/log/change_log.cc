#include "hub/log/change_log.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/model/model.h"
#include "hub/model/wire.h"
#include "hub/schema/schema.h"

namespace hub {

std::string ComputeEventHash(const LogCrypto& crypto,
                             const v1::ChangeEvent& event) {
  v1::ChangeEvent copy = event;
  copy.clear_hash();
  return crypto.ChainHash(event.prev_hash(), DeterministicBytes(copy));
}

void SealEvent(const LogCrypto& crypto, LogHead* head, v1::ChangeEvent* event) {
  event->set_sequence(head->sequence + 1);
  event->set_prev_hash(head->hash);
  event->set_hash(ComputeEventHash(crypto, *event));
  head->sequence = event->sequence();
  head->hash = event->hash();
}

std::string SealEncoded(const LogCrypto& crypto, LogHead* head,
                        v1::ChangeEvent* event,
                        std::initializer_list<EncodedField> embedded) {
  event->set_sequence(head->sequence + 1);
  event->set_prev_hash(head->hash);
  std::string bytes = DeterministicBytes(*event);
  // The bytes are our own serialization: well-formed, so no insertion fails.
  for (const EncodedField& f : embedded) {
    (void)InsertLengthDelimitedField(f.number, f.bytes, &bytes);
  }
  const size_t at =
      FieldInsertionPoint(bytes, v1::ChangeEvent::kHashFieldNumber).value();
  const absl::string_view view(bytes);
  std::string hash =
      crypto.Hash({head->hash, view.substr(0, at), view.substr(at)});
  std::string field;
  AppendLengthDelimitedField(v1::ChangeEvent::kHashFieldNumber, hash, &field);
  bytes.insert(at, field);
  head->sequence = event->sequence();
  head->hash = hash;
  event->set_hash(std::move(hash));
  return bytes;
}

absl::StatusOr<std::string> StoredEventHash(const LogCrypto& crypto,
                                            absl::string_view prev_hash,
                                            absl::string_view bytes) {
  HUB_ASSIGN_OR_RETURN(std::string content,
                       WithoutField(bytes, v1::ChangeEvent::kHashFieldNumber));
  return crypto.ChainHash(prev_hash, content);
}

void AppendEvent(const v1::ChangeEvent& event, WriteBatch* batch) {
  batch->Put(Column::kLog, EncodeSequence(event.sequence()),
             DeterministicBytes(event));
}

void PutHead(const LogHead& head, WriteBatch* batch) {
  batch->Put(Column::kMeta, LogHeadKey(),
             EncodeLogHead(head.sequence, head.hash));
}

absl::StatusOr<const LogCrypto*> OpenLogCrypto(Store* store,
                                               const LogCrypto* requested) {
  std::string name;
  absl::Status s = store->Get(Column::kMeta, LogCryptoKey(), &name);
  if (!s.ok() && !absl::IsNotFound(s)) return s;
  const bool recorded = s.ok();
  const LogReader log(store->NewSnapshot());
  HUB_ASSIGN_OR_RETURN(const LogCrypto* current, log.Crypto());
  const LogCrypto* chosen = requested != nullptr ? requested
                            : current != nullptr ? current
                                                 : &Sha256Ed25519();
  if (current != nullptr && chosen != current) {
    HUB_ASSIGN_OR_RETURN(LogHead head, log.Head());
    if (head.sequence > 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "log_crypto: cannot change the log crypto of a non-empty log from ",
          current->Name(), " to ", chosen->Name(), ": its ", head.sequence,
          head.sequence == 1 ? " event is" : " events are", " chained with ",
          current->HashName(),
          ", and a hub never mixes suites in one log; start a new hub in an "
          "empty data directory for ",
          chosen->Name()));
    }
  }
  if (!recorded || chosen != current) {
    WriteBatch batch;
    batch.Put(Column::kMeta, LogCryptoKey(), chosen->Name());
    HUB_RETURN_IF_ERROR(store->Write(batch, /*sync=*/true));
  }
  return chosen;
}

namespace {

// The hash of event from - 1, which event from links to ("" for event 1);
// nullopt when it cannot be read.
std::optional<std::string> HashBefore(const LogReader& log, uint64_t from) {
  if (from <= 1) return std::string();
  absl::StatusOr<v1::ChangeEvent> prev = log.Read(from - 1);
  if (!prev.ok()) return std::nullopt;
  return prev->hash();
}

}  // namespace

absl::StatusOr<ChainVerification> VerifyChain(const LogReader& log,
                                              const LogCrypto& crypto,
                                              uint64_t from, uint64_t to) {
  if (from == 0) from = 1;
  ChainVerification result;
  auto fail = [&result](uint64_t seq, std::string reason) {
    result.ok = false;
    result.first_bad_sequence = seq;
    result.reason = std::move(reason);
    return result;
  };
  std::optional<std::string> prev_hash = HashBefore(log, from);
  if (!prev_hash.has_value()) {
    return fail(from - 1, "previous event is missing or damaged");
  }
  uint64_t last = from - 1;
  std::unique_ptr<LogIterator> it = log.NewIterator(from - 1, to);
  for (; it->Valid(); it->Next()) {
    absl::StatusOr<v1::ChangeEvent> event = it->event();
    if (!event.ok())
      return fail(it->sequence(), std::string(event.status().message()));
    if (event->prev_hash() != *prev_hash) {
      return fail(it->sequence(),
                  "prev_hash does not match the previous event");
    }
    absl::StatusOr<std::string> hash =
        StoredEventHash(crypto, event->prev_hash(), it->bytes());
    if (!hash.ok() || *hash != event->hash()) {
      return fail(it->sequence(), "hash does not match the event content");
    }
    *prev_hash = event->hash();
    last = it->sequence();
    ++result.events_checked;
  }
  if (absl::IsDataLoss(it->status())) {
    return fail(last + 1, std::string(it->status().message()));
  }
  HUB_RETURN_IF_ERROR(it->status());
  HUB_ASSIGN_OR_RETURN(LogHead head, log.Head());
  if ((to == 0 || to >= head.sequence) && last < head.sequence) {
    return fail(last + 1, absl::StrCat("log ends at ", last,
                                       " but the head says ", head.sequence));
  }
  if (last == head.sequence && head.hash != *prev_hash) {
    return fail(last, "head hash does not match the last event");
  }
  result.head_hash = *prev_hash;
  return result;
}

}  // namespace hub
