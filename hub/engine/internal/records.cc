#include "hub/engine/internal/records.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "hub/model/model.h"
#include "hub/schema/schema.h"

namespace hub {
namespace internal {

absl::StatusOr<std::optional<v1::MergedRecord>> LoadRecord(
    const Transaction& txn, const v1::RecordKey& key) {
  std::string bytes;
  absl::Status s = txn.Get(Column::kRecords, EncodeRecordKey(key), &bytes);
  if (absl::IsNotFound(s)) return std::optional<v1::MergedRecord>();
  if (!s.ok()) return s;
  v1::MergedRecord record;
  if (!record.ParseFromString(bytes)) {
    return absl::DataLossError(
        absl::StrCat("unparsable merged record ", RecordKeyToString(key)));
  }
  return std::optional<v1::MergedRecord>(std::move(record));
}

void StoreRecord(const std::optional<v1::MergedRecord>& before,
                 const v1::MergedRecord& after, Transaction* txn) {
  std::vector<std::string> new_keys = IndexKeys(after);
  std::set<std::string> keep(new_keys.begin(), new_keys.end());
  if (before.has_value()) {
    for (const std::string& k : IndexKeys(*before)) {
      if (keep.count(k) == 0) txn->Delete(Column::kIndex, k);
    }
  }
  for (const std::string& k : new_keys) txn->Put(Column::kIndex, k, "");
  txn->Put(Column::kRecords, EncodeRecordKey(after.key()),
           DeterministicBytes(after));
}

std::string ComputeEtag(const v1::MergedRecord& record) {
  v1::MergedRecord copy = record;
  copy.clear_etag();
  return absl::StrCat(
      "\"", ToHex(Sha256(DeterministicBytes(copy)).substr(0, 8)), "\"");
}

}  // namespace internal
}  // namespace hub
