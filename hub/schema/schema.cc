// Key encodings of every column family (see schema.h for the table).
#include "hub/schema/schema.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace hub {
namespace {

constexpr absl::string_view kCatalogKindNames[] = {"department", "region",
                                                   "indicator", "plan", "task"};

}  // namespace

std::string SubmissionKey(absl::string_view department,
                          absl::string_view submission_id) {
  return absl::StrCat(department, "/", submission_id);
}

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

std::string EncodeRecordKey(const v1::RecordKey& key) {
  return absl::StrCat(SubjectPrefix(key.kind(), key.code()), key.region_code(),
                      "/", key.period());
}

absl::StatusOr<v1::RecordKey> DecodeRecordKey(absl::string_view encoded) {
  std::vector<absl::string_view> parts = absl::StrSplit(encoded, '/');
  if (parts.size() != 4 || (parts[0] != "I" && parts[0] != "T") ||
      parts[1].empty() || parts[2].empty() || parts[3].empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("malformed record key \"", encoded, "\""));
  }
  v1::RecordKey key;
  key.set_kind(parts[0] == "T" ? v1::SUBJECT_KIND_TASK
                               : v1::SUBJECT_KIND_INDICATOR);
  key.set_code(std::string(parts[1]));
  key.set_region_code(std::string(parts[2]));
  key.set_period(std::string(parts[3]));
  return key;
}

std::string SubjectPrefix(v1::SubjectKind kind, absl::string_view code) {
  return absl::StrCat(kind == v1::SUBJECT_KIND_TASK ? "T" : "I", "/", code,
                      "/");
}

std::string RegionIndexPrefix(absl::string_view region) {
  return absl::StrCat("r/", region, "/");
}

std::string DepartmentIndexPrefix(absl::string_view department) {
  return absl::StrCat("d/", department, "/");
}

std::string StateIndexPrefix(v1::RecordState state) {
  return absl::StrCat("s/", static_cast<int>(state), "/");
}

std::vector<std::string> IndexKeys(const v1::MergedRecord& record) {
  std::string key = EncodeRecordKey(record.key());
  std::vector<std::string> keys;
  keys.push_back(RegionIndexPrefix(record.key().region_code()) + key);
  keys.push_back(StateIndexPrefix(record.state()) + key);
  for (const v1::Contribution& c : record.contributions()) {
    keys.push_back(DepartmentIndexPrefix(c.department()) + key);
  }
  return keys;
}

std::string CatalogKey(CatalogKind kind, absl::string_view code) {
  return absl::StrCat(kCatalogKindNames[static_cast<int>(kind)], "/", code);
}

absl::StatusOr<CatalogKind> CatalogKindOf(absl::string_view key) {
  absl::string_view kind = key.substr(0, key.find('/'));
  for (int i = 0; i < 5; ++i) {
    if (kind == kCatalogKindNames[i] && kind.size() < key.size()) {
      return static_cast<CatalogKind>(i);
    }
  }
  return absl::DataLossError(absl::StrCat("unknown catalog key ", key));
}

std::string LogHeadKey() { return "log/head"; }

std::string EncodeLogHead(uint64_t sequence, absl::string_view hash) {
  return absl::StrCat(EncodeSequence(sequence), hash);
}

absl::Status DecodeLogHead(absl::string_view value, uint64_t* sequence,
                           std::string* hash) {
  if (value.size() < 8) return absl::DataLossError("log head is truncated");
  absl::StatusOr<uint64_t> seq = DecodeSequence(value.substr(0, 8));
  if (!seq.ok()) return seq.status();
  *sequence = *seq;
  *hash = std::string(value.substr(8));
  return absl::OkStatus();
}

std::string LogCryptoKey() { return "log/crypto"; }

std::string LockKey(absl::string_view region, absl::string_view period) {
  return absl::StrCat(LockPrefix(), region, "/", period);
}

std::string LockPrefix() { return "lock/"; }

std::string MerkleSizeKey() { return "merkle/size"; }

std::string MerkleNodeKey(int level, uint64_t index) {
  std::string key = "merkle/node/";
  key.push_back(static_cast<char>(level));
  key += EncodeSequence(index);
  return key;
}

}  // namespace hub
