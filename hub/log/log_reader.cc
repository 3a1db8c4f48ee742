#include "hub/log/log_reader.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/schema/schema.h"

namespace hub {
namespace {

absl::StatusOr<v1::ChangeEvent> ParseEvent(uint64_t sequence,
                                           absl::string_view bytes) {
  v1::ChangeEvent event;
  if (!event.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(
        absl::StrCat("event ", sequence, " does not parse"));
  }
  if (event.sequence() != sequence) {
    return absl::DataLossError(absl::StrCat(
        "event stored under ", sequence, " says sequence ", event.sequence()));
  }
  return event;
}

}  // namespace

LogIterator::LogIterator(std::unique_ptr<Iterator> it, uint64_t after,
                         uint64_t to)
    : it_(std::move(it)), next_(after + 1), to_(to) {
  if (after == UINT64_MAX || (to_ != 0 && next_ > to_)) return;
  it_->Seek(EncodeSequence(next_));
  Check();
}

LogIterator::~LogIterator() = default;

void LogIterator::Check() {
  valid_ = false;
  if (!it_->Valid()) {
    status_ = it_->status();
    return;
  }
  absl::StatusOr<uint64_t> key = DecodeSequence(it_->key());
  if (!key.ok()) {
    status_ = absl::DataLossError(absl::StrCat("malformed log key after event ",
                                               next_ - 1, ": ",
                                               key.status().message()));
    return;
  }
  if (*key != next_) {
    status_ = absl::DataLossError(absl::StrCat(
        "event ", next_, " is missing from the log; next stored is ", *key));
    return;
  }
  sequence_ = *key;
  valid_ = true;
}

bool LogIterator::Valid() const { return valid_; }

void LogIterator::Next() {
  ++next_;
  if (to_ != 0 && next_ > to_) {
    valid_ = false;
    return;
  }
  it_->Next();
  Check();
}

uint64_t LogIterator::sequence() const { return sequence_; }
absl::string_view LogIterator::bytes() const { return it_->value(); }

absl::StatusOr<v1::ChangeEvent> LogIterator::event() const {
  return ParseEvent(sequence_, it_->value());
}

absl::Status LogIterator::status() const { return status_; }

LogReader::LogReader(std::shared_ptr<const Snapshot> snapshot)
    : snapshot_(std::move(snapshot)) {}

absl::StatusOr<LogHead> LogReader::Head() const {
  std::string value;
  absl::Status s = snapshot_->Get(Column::kMeta, LogHeadKey(), &value);
  if (absl::IsNotFound(s)) return LogHead{};
  HUB_RETURN_IF_ERROR(s);
  LogHead head;
  HUB_RETURN_IF_ERROR(DecodeLogHead(value, &head.sequence, &head.hash));
  return head;
}

absl::StatusOr<const LogCrypto*> LogReader::Crypto() const {
  std::string name;
  absl::Status s = snapshot_->Get(Column::kMeta, LogCryptoKey(), &name);
  if (absl::IsNotFound(s)) {
    HUB_ASSIGN_OR_RETURN(LogHead head, Head());
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

absl::StatusOr<std::string> LogReader::ReadBytes(uint64_t sequence) const {
  std::string bytes;
  absl::Status s =
      snapshot_->Get(Column::kLog, EncodeSequence(sequence), &bytes);
  if (absl::IsNotFound(s)) {
    return absl::NotFoundError(
        absl::StrCat("no event ", sequence, " in the log"));
  }
  HUB_RETURN_IF_ERROR(s);
  return bytes;
}

absl::StatusOr<v1::ChangeEvent> LogReader::Read(uint64_t sequence) const {
  HUB_ASSIGN_OR_RETURN(std::string bytes, ReadBytes(sequence));
  return ParseEvent(sequence, bytes);
}

absl::StatusOr<std::vector<v1::ChangeEvent>> LogReader::ReadBatch(
    uint64_t after, int limit) const {
  std::vector<v1::ChangeEvent> events;
  if (limit <= 0) return events;
  const uint64_t to = after > UINT64_MAX - limit ? UINT64_MAX : after + limit;
  std::unique_ptr<LogIterator> it = NewIterator(after, to);
  for (; it->Valid(); it->Next()) {
    HUB_ASSIGN_OR_RETURN(v1::ChangeEvent event, it->event());
    events.push_back(std::move(event));
  }
  HUB_RETURN_IF_ERROR(it->status());
  return events;
}

std::unique_ptr<LogIterator> LogReader::NewIterator(uint64_t after,
                                                    uint64_t to) const {
  return std::unique_ptr<LogIterator>(
      new LogIterator(snapshot_->NewIterator(Column::kLog), after, to));
}

absl::StatusOr<uint64_t> LogReader::SequenceAtTime(uint64_t up_to,
                                                   int64_t time_micros) const {
  uint64_t lo = 0, hi = up_to;  // invariant: answer in [lo, hi]
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo + 1) / 2;
    HUB_ASSIGN_OR_RETURN(v1::ChangeEvent event, Read(mid));
    if (event.time_micros() <= time_micros) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

}  // namespace hub
