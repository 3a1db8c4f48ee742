// The storage schema: every key encoding of every column family of the hub's
// Store, and the store's format version, in one place (after LevelDB's
// db/dbformat.h). No other file builds or parses a storage key.
//
//   column       key                              value
//   submissions  <department>/<submission id>     v1::StoredSubmission
//   log          8-byte big-endian sequence       v1::ChangeEvent
//   records      I/<code>/<region>/<period>       v1::MergedRecord
//                T/<code>/<region>/<period>       (indicator, task records)
//   index        r/<region>/<record key>          empty: by region
//                d/<department>/<record key>      empty: by contributor
//                s/<state number>/<record key>    empty: by record state
//   catalog      <kind>/<code>                    v1::Department, v1::Region,
//                                                 v1::Indicator, v1::Plan,
//                                                 v1::Task
//   meta         log/head                         sequence (8 bytes) + hash
//                log/crypto                       the log's crypto suite,
//                                                 LogCrypto::Name(), e.g.
//                                                 "sm3-sm2"
//                lock/<region>/<period>           v1::PeriodLock
//                format/version                   decimal text, e.g. "1"
//                merkle/size                      8-byte big-endian count of
//                                                 the log's leading events
//                                                 the Merkle nodes cover
//                merkle/node/<level><index>       a node hash (level 1 byte,
//                                                 index 8 bytes big-endian)
//
// Values are DeterministicBytes() (hub/model/model.h) of their messages.
// Catalog, region and department codes and periods never contain '/', so
// every encoding is unambiguous; record keys sort by subject first, and log
// keys in sequence order. Index entries are written in the same batch as
// their record, so they never disagree with it.
//
// Changing any encoding above changes the format: bump kFormatVersion and
// teach the hub to read (or convert) the older version. Adding log/crypto
// did not: a version 1 store without it is read as what every log was
// before suites existed, sha256-ed25519 (hub/log/change_log.h
// OpenLogCrypto). Nor did adding merkle/: the persisted Merkle tree
// (hub/log/merkle_store.h) is derived from the log, and a store without it,
// or whose tree covers fewer events than its log (written by an older
// hubd), gets the missing nodes built from the log when a hub opens it.
#ifndef HUB_SCHEMA_SCHEMA_H_
#define HUB_SCHEMA_SCHEMA_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hub/store/store.h"
#include "hub/v1/model.pb.h"

namespace hub {

// --- Format version (Column::kMeta "format/version") ---

// The format this build writes and reads.
inline constexpr uint32_t kFormatVersion = 1;

// Checks the store's format version, stamping it first when none is
// recorded: an empty store is being created, and a store written before
// versions were recorded is version 1. Returns FailedPrecondition naming
// both versions when the store's version is not kFormatVersion (a newer
// hubd wrote it, or it is one no hubd writes), DataLoss when the stored
// version is not a number, and the store's error when it cannot be read or
// stamped. sync as in Store::Write().
absl::Status CheckFormatVersion(Store* store, bool sync);

// The store's recorded format version. NotFound when none is recorded,
// DataLoss when it is not a number.
absl::StatusOr<uint32_t> ReadFormatVersion(const Store& store);

// The key of the format version in Column::kMeta.
std::string FormatVersionKey();

// --- Column::kSubmissions ---

std::string SubmissionKey(absl::string_view department,
                          absl::string_view submission_id);

// --- Column::kLog ---

// 8-byte big-endian key of sequence, so keys sort in sequence order.
std::string EncodeSequence(uint64_t sequence);
// Inverse of EncodeSequence(); DataLoss for a key that is not 8 bytes.
absl::StatusOr<uint64_t> DecodeSequence(absl::string_view key);

// --- Column::kRecords ---

// "I/<code>/<region>/<period>" for an indicator, "T/<code>/<region>/<period>"
// for a task.
std::string EncodeRecordKey(const v1::RecordKey& key);
// Inverse of EncodeRecordKey(). Returns InvalidArgument for malformed input.
absl::StatusOr<v1::RecordKey> DecodeRecordKey(absl::string_view encoded);
// The prefix of every record key of one indicator or task: "I/<code>/".
std::string SubjectPrefix(v1::SubjectKind kind, absl::string_view code);

// --- Column::kIndex ---

// Prefixes of the three indexes; an entry is prefix + record key.
std::string RegionIndexPrefix(absl::string_view region);
std::string DepartmentIndexPrefix(absl::string_view department);
std::string StateIndexPrefix(v1::RecordState state);
// Every index entry of record: its region, its state and each contributing
// department.
std::vector<std::string> IndexKeys(const v1::MergedRecord& record);

// --- Column::kCatalog ---

enum class CatalogKind { kDepartment, kRegion, kIndicator, kPlan, kTask };

std::string CatalogKey(CatalogKind kind, absl::string_view code);
// The kind of a catalog key; DataLoss for a key of no known kind.
absl::StatusOr<CatalogKind> CatalogKindOf(absl::string_view key);

// --- Column::kMeta ---

// The log head: the last sequence and its hash.
std::string LogHeadKey();
std::string EncodeLogHead(uint64_t sequence, absl::string_view hash);
// DataLoss when value is shorter than a sequence.
absl::Status DecodeLogHead(absl::string_view value, uint64_t* sequence,
                           std::string* hash);

// The log's crypto suite: its LogCrypto::Name() as the value. Written once,
// before the first event; a log never mixes suites.
std::string LogCryptoKey();

// The persisted Merkle tree: the number of events it covers, and the hash
// of the complete subtree of 2^level leaves at index.
std::string MerkleSizeKey();
std::string MerkleNodeKey(int level, uint64_t index);

// Approval and lock of (region, period): "lock/<region>/<period>".
std::string LockKey(absl::string_view region, absl::string_view period);
// The prefix of every lock key.
std::string LockPrefix();

}  // namespace hub

#endif  // HUB_SCHEMA_SCHEMA_H_
