#include "hub/engine/internal/records.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/model/model.h"
#include "hub/model/wire.h"
#include "hub/schema/schema.h"

namespace hub {
namespace internal {

absl::StatusOr<std::optional<StoredRecord>> LoadStoredRecord(
    const Transaction& txn, const v1::RecordKey& key) {
  StoredRecord stored;
  absl::Status s =
      txn.Get(Column::kRecords, EncodeRecordKey(key), &stored.bytes);
  if (absl::IsNotFound(s)) return std::optional<StoredRecord>();
  if (!s.ok()) return s;
  if (!stored.record.ParseFromString(stored.bytes)) {
    return absl::DataLossError(
        absl::StrCat("unparsable merged record ", RecordKeyToString(key)));
  }
  return std::optional<StoredRecord>(std::move(stored));
}

absl::StatusOr<std::optional<v1::MergedRecord>> LoadRecord(
    const Transaction& txn, const v1::RecordKey& key) {
  HUB_ASSIGN_OR_RETURN(std::optional<StoredRecord> stored,
                       LoadStoredRecord(txn, key));
  if (!stored.has_value()) return std::optional<v1::MergedRecord>();
  return std::optional<v1::MergedRecord>(std::move(stored->record));
}

void StoreRecord(const std::optional<StoredRecord>& before,
                 const v1::MergedRecord& after, std::string after_bytes,
                 Transaction* txn) {
  std::vector<std::string> new_keys = IndexKeys(after);
  std::set<std::string> keep(new_keys.begin(), new_keys.end());
  if (before.has_value()) {
    for (const std::string& k : IndexKeys(before->record)) {
      if (keep.count(k) == 0) txn->Delete(Column::kIndex, k);
    }
  }
  for (const std::string& k : new_keys) txn->Put(Column::kIndex, k, "");
  txn->Put(Column::kRecords, EncodeRecordKey(after.key()),
           std::move(after_bytes));
}

namespace {

std::string EtagOf(absl::string_view bytes_without_etag) {
  return absl::StrCat("\"", ToHex(Sha256(bytes_without_etag).substr(0, 8)),
                      "\"");
}

}  // namespace

std::string ComputeEtag(const v1::MergedRecord& record) {
  v1::MergedRecord copy = record;
  copy.clear_etag();
  return EtagOf(DeterministicBytes(copy));
}

std::string EncodeRecord(v1::MergedRecord* record) {
  record->clear_etag();
  std::string bytes = DeterministicBytes(*record);
  record->set_etag(EtagOf(bytes));
  // Our own serialization is well-formed: the insertion cannot fail.
  (void)InsertLengthDelimitedField(v1::MergedRecord::kEtagFieldNumber,
                                   record->etag(), &bytes);
  return bytes;
}

}  // namespace internal
}  // namespace hub
