#include "hub/records/record_reader.h"

#include <algorithm>
#include <functional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "hub/common/cst_time.h"
#include "hub/common/period.h"
#include "hub/common/status_macros.h"
#include "hub/model/model.h"
#include "hub/schema/schema.h"

namespace hub {

// A sorted stream of record keys: a column scan restricted to a prefix.
// Record scans hold the record key itself; index scans hold prefix + key.
struct RecordIterator::Stream {
  std::unique_ptr<Iterator> it;
  std::string prefix;
  bool index = false;
  bool Valid() const {
    return it->Valid() && absl::StartsWith(it->key(), prefix);
  }
  absl::string_view RecordKey() const {
    return it->key().substr(index ? prefix.size() : 0);
  }
};

namespace {

using HeapEntry = std::pair<std::string, size_t>;

absl::StatusOr<v1::MergedRecord> ParseRecord(absl::string_view key,
                                             absl::string_view bytes) {
  v1::MergedRecord record;
  if (!record.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(absl::StrCat("unparsable merged record ", key));
  }
  return record;
}

}  // namespace

void RecordIterator::Plan() {
  const RecordFilter& f = filter_;
  auto add = [this](Column column, std::string prefix) {
    Stream s;
    s.it = snapshot_->NewIterator(column);
    s.prefix = std::move(prefix);
    s.index = column == Column::kIndex;
    streams_.push_back(std::move(s));
  };
  if (!f.indicator_code.empty()) {
    add(Column::kRecords,
        SubjectPrefix(v1::SUBJECT_KIND_INDICATOR, f.indicator_code));
  } else if (!f.task_code.empty()) {
    add(Column::kRecords, SubjectPrefix(v1::SUBJECT_KIND_TASK, f.task_code));
  } else if (!f.department.empty()) {
    add(Column::kIndex, DepartmentIndexPrefix(f.department));
  } else if (f.state != v1::RECORD_STATE_UNSPECIFIED) {
    add(Column::kIndex, StateIndexPrefix(f.state));
  } else if (!f.region_code.empty()) {
    for (const std::string& r : catalog_->Subtree(f.region_code)) {
      add(Column::kIndex, RegionIndexPrefix(r));
    }
  } else {
    add(Column::kRecords, "");
  }
}

RecordIterator::RecordIterator(std::shared_ptr<const Snapshot> snapshot,
                               std::shared_ptr<const Catalog> catalog,
                               RecordFilter filter,
                               const std::string& start_after)
    : snapshot_(std::move(snapshot)),
      catalog_(std::move(catalog)),
      filter_(std::move(filter)) {
  Plan();
  for (size_t i = 0; i < streams_.size(); ++i) {
    Stream& s = streams_[i];
    // Resume just past start_after: the first key greater than it.
    std::string resume = absl::StrCat(s.index ? s.prefix : "", start_after,
                                      std::string(1, '\0'));
    s.it->Seek(start_after.empty() ? s.prefix : std::max(s.prefix, resume));
    if (s.Valid()) heap_.emplace_back(std::string(s.RecordKey()), i);
    if (!s.it->status().ok()) status_ = s.it->status();
  }
  std::make_heap(heap_.begin(), heap_.end(), std::greater<HeapEntry>());
  Advance();
}

RecordIterator::~RecordIterator() = default;

void RecordIterator::Advance() {
  valid_ = false;
  while (status_.ok() && !heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<HeapEntry>());
    auto [key, i] = std::move(heap_.back());
    heap_.pop_back();
    Stream& s = streams_[i];
    if (s.index) {
      status_ = snapshot_->Get(Column::kRecords, key, &bytes_);
      if (absl::IsNotFound(status_)) {
        status_ = absl::DataLossError(
            absl::StrCat("index entry ", s.it->key(), " names no record"));
      }
      if (!status_.ok()) return;
    } else {
      bytes_ = std::string(s.it->value());
    }
    s.it->Next();
    if (s.Valid()) {
      heap_.emplace_back(std::string(s.RecordKey()), i);
      std::push_heap(heap_.begin(), heap_.end(), std::greater<HeapEntry>());
    }
    status_ = s.it->status();
    if (!status_.ok()) return;
    absl::StatusOr<v1::MergedRecord> record = ParseRecord(key, bytes_);
    if (!record.ok()) {
      status_ = record.status();
      return;
    }
    if (!Matches(*record)) continue;
    key_ = std::move(key);
    record_ = *std::move(record);
    valid_ = true;
    return;
  }
}

bool RecordIterator::Matches(const v1::MergedRecord& r) const {
  const RecordFilter& f = filter_;
  const v1::RecordKey& k = r.key();
  if (!f.region_code.empty() &&
      !catalog_->InSubtree(k.region_code(), f.region_code)) {
    return false;
  }
  if (!f.period.empty() && k.period() != f.period) return false;
  if (!f.indicator_code.empty() && (k.kind() != v1::SUBJECT_KIND_INDICATOR ||
                                    k.code() != f.indicator_code)) {
    return false;
  }
  if (!f.task_code.empty() &&
      (k.kind() != v1::SUBJECT_KIND_TASK || k.code() != f.task_code)) {
    return false;
  }
  if (f.kind != v1::SUBJECT_KIND_UNSPECIFIED && k.kind() != f.kind) {
    return false;
  }
  if (f.state != v1::RECORD_STATE_UNSPECIFIED && r.state() != f.state) {
    return false;
  }
  if (f.department.empty()) return true;
  return std::any_of(r.contributions().begin(), r.contributions().end(),
                     [&](const v1::Contribution& c) {
                       return c.department() == f.department;
                     });
}

bool RecordIterator::Valid() const { return valid_; }
void RecordIterator::Next() { Advance(); }
const v1::MergedRecord& RecordIterator::record() const { return record_; }
const std::string& RecordIterator::key() const { return key_; }
const std::string& RecordIterator::bytes() const { return bytes_; }
absl::Status RecordIterator::status() const { return status_; }

RecordReader::RecordReader(std::shared_ptr<const Snapshot> snapshot,
                           std::shared_ptr<const Catalog> catalog)
    : snapshot_(std::move(snapshot)), catalog_(std::move(catalog)) {}

absl::StatusOr<v1::MergedRecord> RecordReader::Get(
    const v1::RecordKey& key) const {
  v1::MergedRecord record;
  HUB_RETURN_IF_ERROR(Get(key, &record));
  return record;
}

absl::Status RecordReader::Get(const v1::RecordKey& key,
                               v1::MergedRecord* record) const {
  const std::string encoded = EncodeRecordKey(key);
  std::string bytes;
  absl::Status s = snapshot_->Get(Column::kRecords, encoded, &bytes);
  if (absl::IsNotFound(s)) {
    return absl::NotFoundError(
        absl::StrCat("no record for ", RecordKeyToString(key)));
  }
  HUB_RETURN_IF_ERROR(s);
  if (!record->ParseFromString(bytes)) {
    return absl::DataLossError(
        absl::StrCat("unparsable merged record ", encoded));
  }
  return absl::OkStatus();
}

std::unique_ptr<RecordIterator> RecordReader::Scan(
    const RecordFilter& filter, absl::string_view start_after) const {
  return std::unique_ptr<RecordIterator>(new RecordIterator(
      snapshot_, catalog_, filter, std::string(start_after)));
}

absl::StatusOr<uint64_t> RecordReader::Count(v1::RecordState state) const {
  const std::string prefix = StateIndexPrefix(state);
  std::unique_ptr<Iterator> it = snapshot_->NewIterator(Column::kIndex);
  uint64_t n = 0;
  for (it->Seek(prefix); it->Valid() && absl::StartsWith(it->key(), prefix);
       it->Next()) {
    ++n;
  }
  HUB_RETURN_IF_ERROR(it->status());
  return n;
}

}  // namespace hub
