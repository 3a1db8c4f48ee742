// The write side of the merged records in Column::kRecords and their
// secondary indexes in Column::kIndex (keys: hub/schema/schema.h), inside a
// transaction. Index entries are written in the same transaction as the
// record, so they can never disagree with it. Reads outside a transaction
// go through RecordReader (hub/records/record_reader.h).
#ifndef HUB_ENGINE_INTERNAL_RECORDS_H_
#define HUB_ENGINE_INTERNAL_RECORDS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "hub/engine/internal/transaction.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace internal {

// A merged record as stored: parsed, and the bytes it was parsed from
// (which a change event carries as they are).
struct StoredRecord {
  v1::MergedRecord record;
  std::string bytes;
};

// The record stored under key, or nullopt when there is none.
absl::StatusOr<std::optional<v1::MergedRecord>> LoadRecord(
    const Transaction& txn, const v1::RecordKey& key);
absl::StatusOr<std::optional<StoredRecord>> LoadStoredRecord(
    const Transaction& txn, const v1::RecordKey& key);

// Sets record's etag (ComputeEtag()) and returns the bytes to store,
// serialized once.
std::string EncodeRecord(v1::MergedRecord* record);

// Writes after, encoded as after_bytes (EncodeRecord()), replacing before
// (if any), and updates the indexes.
void StoreRecord(const std::optional<StoredRecord>& before,
                 const v1::MergedRecord& after, std::string after_bytes,
                 Transaction* txn);

// Etag of a record: hex of the first 8 bytes of SHA-256 of its bytes with
// etag cleared, quoted as HTTP etags are.
std::string ComputeEtag(const v1::MergedRecord& record);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_RECORDS_H_
