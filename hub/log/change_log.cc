#include "hub/log/change_log.h"

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/model/model.h"

namespace hub {
namespace {

// The log's keys in Column::kMeta.
constexpr char kHeadKey[] = "log/head";
constexpr char kCryptoKey[] = "log/crypto";  // the suite's Name()

}  // namespace

std::string EncodeSequence(uint64_t sequence) {
  std::string key(8, '\0');
  for (int i = 7; i >= 0; --i) {
    key[i] = static_cast<char>(sequence & 0xff);
    sequence >>= 8;
  }
  return key;
}

absl::StatusOr<uint64_t> DecodeSequence(absl::string_view key) {
  if (key.size() != 8) {
    return absl::DataLossError(
        absl::StrCat("log key has ", key.size(), " bytes, want 8"));
  }
  uint64_t sequence = 0;
  for (unsigned char c : key) sequence = (sequence << 8) | c;
  return sequence;
}

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

void AppendEvent(const v1::ChangeEvent& event, WriteBatch* batch) {
  batch->Put(Column::kLog, EncodeSequence(event.sequence()),
             DeterministicBytes(event));
}

void PutHead(const LogHead& head, WriteBatch* batch) {
  batch->Put(Column::kMeta, kHeadKey,
             absl::StrCat(EncodeSequence(head.sequence), head.hash));
}

absl::StatusOr<LogHead> ReadHead(const Store& store) {
  std::string value;
  absl::Status s = store.Get(Column::kMeta, kHeadKey, &value);
  if (absl::IsNotFound(s)) return LogHead{};
  if (!s.ok()) return s;
  if (value.size() < 8) return absl::DataLossError("log head is truncated");
  LogHead head;
  auto seq = DecodeSequence(absl::string_view(value).substr(0, 8));
  if (!seq.ok()) return seq.status();
  head.sequence = *seq;
  head.hash = value.substr(8);
  return head;
}

absl::StatusOr<const LogCrypto*> ReadLogCrypto(const Store& store) {
  std::string name;
  absl::Status s = store.Get(Column::kMeta, kCryptoKey, &name);
  if (absl::IsNotFound(s)) {
    HUB_ASSIGN_OR_RETURN(LogHead head, ReadHead(store));
    if (head.sequence == 0) return nullptr;
    return &Sha256Ed25519();  // logs from before suites were recorded
  }
  HUB_RETURN_IF_ERROR(s);
  absl::StatusOr<const LogCrypto*> crypto = FindLogCrypto(name);
  if (!crypto.ok()) {
    return absl::DataLossError(
        absl::StrCat("the store records its log crypto as \"", name,
                     "\", which this hub does not know"));
  }
  return crypto;
}

absl::StatusOr<const LogCrypto*> OpenLogCrypto(Store* store,
                                               const LogCrypto* requested) {
  std::string name;
  absl::Status s = store->Get(Column::kMeta, kCryptoKey, &name);
  if (!s.ok() && !absl::IsNotFound(s)) return s;
  const bool recorded = s.ok();
  HUB_ASSIGN_OR_RETURN(const LogCrypto* current, ReadLogCrypto(*store));
  const LogCrypto* chosen = requested != nullptr ? requested
                            : current != nullptr ? current
                                                 : &Sha256Ed25519();
  if (current != nullptr && chosen != current) {
    HUB_ASSIGN_OR_RETURN(LogHead head, ReadHead(*store));
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
    batch.Put(Column::kMeta, kCryptoKey, chosen->Name());
    HUB_RETURN_IF_ERROR(store->Write(batch, /*sync=*/true));
  }
  return chosen;
}

absl::Status ReadEvents(const Store& store, uint64_t after, int limit,
                        std::vector<v1::ChangeEvent>* events) {
  std::unique_ptr<Iterator> it = store.NewIterator(Column::kLog);
  int n = 0;
  for (it->Seek(EncodeSequence(after + 1)); it->Valid() && n < limit;
       it->Next(), ++n) {
    v1::ChangeEvent event;
    if (!event.ParseFromArray(it->value().data(),
                              static_cast<int>(it->value().size()))) {
      return absl::DataLossError("unparsable change event in log");
    }
    events->push_back(std::move(event));
  }
  return it->status();
}

absl::StatusOr<ChainVerification> VerifyChain(const Store& store,
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
  std::string prev_hash;
  if (from > 1) {
    std::string value;
    absl::Status s = store.Get(Column::kLog, EncodeSequence(from - 1), &value);
    if (!s.ok()) return fail(from - 1, "previous event is missing");
    v1::ChangeEvent prev;
    if (!prev.ParseFromString(value)) return fail(from - 1, "unparsable event");
    prev_hash = prev.hash();
  }
  uint64_t expected = from;
  std::unique_ptr<Iterator> it = store.NewIterator(Column::kLog);
  for (it->Seek(EncodeSequence(from)); it->Valid(); it->Next(), ++expected) {
    auto key_seq = DecodeSequence(it->key());
    if (!key_seq.ok()) return fail(expected, "malformed log key");
    if (to != 0 && *key_seq > to) break;
    if (*key_seq != expected) {
      return fail(expected,
                  absl::StrCat("event ", expected,
                               " is missing; next stored is ", *key_seq));
    }
    v1::ChangeEvent event;
    if (!event.ParseFromArray(it->value().data(),
                              static_cast<int>(it->value().size()))) {
      return fail(expected, "event bytes do not parse");
    }
    if (event.sequence() != expected) {
      return fail(expected, absl::StrCat("event stored under ", expected,
                                         " says sequence ", event.sequence()));
    }
    if (event.prev_hash() != prev_hash) {
      return fail(expected, "prev_hash does not match the previous event");
    }
    if (ComputeEventHash(crypto, event) != event.hash()) {
      return fail(expected, "hash does not match the event content");
    }
    prev_hash = event.hash();
    ++result.events_checked;
  }
  HUB_RETURN_IF_ERROR(it->status());
  auto head = ReadHead(store);
  if (!head.ok()) return head.status();
  uint64_t last = expected - 1;
  if ((to == 0 || to >= head->sequence) && last < head->sequence) {
    return fail(last + 1, absl::StrCat("log ends at ", last,
                                       " but the head says ", head->sequence));
  }
  if (last == head->sequence && head->hash != prev_hash) {
    return fail(last, "head hash does not match the last event");
  }
  result.head_hash = prev_hash;
  return result;
}

}  // namespace hub
