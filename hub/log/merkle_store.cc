#include "hub/log/merkle_store.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/log/log_reader.h"
#include "hub/schema/schema.h"

namespace hub {
namespace {

constexpr uint64_t kCatchUpBatch = 1 << 16;  // events per catch-up batch

// Appends leaf index with leaf_hash through get and put (kMeta values).
absl::Status AppendLeaf(const LogCrypto& crypto, uint64_t index,
                        absl::string_view leaf_hash, const MetaGet& get,
                        const MetaPut& put) {
  return AppendMerkleLeaf(
      crypto, index, leaf_hash,
      [&](int level, uint64_t i) -> absl::StatusOr<std::string> {
        std::string node;
        absl::Status s = get(MerkleNodeKey(level, i), &node);
        if (absl::IsNotFound(s)) {
          return absl::DataLossError(absl::StrCat(
              "Merkle node ", level, "/", i, " is missing from the store"));
        }
        if (!s.ok()) return s;
        return node;
      },
      [&](int level, uint64_t i, std::string node) {
        put(MerkleNodeKey(level, i), std::move(node));
      });
}

}  // namespace

absl::StatusOr<uint64_t> MerkleSize(const MetaGet& get) {
  std::string value;
  absl::Status s = get(MerkleSizeKey(), &value);
  if (absl::IsNotFound(s)) return 0;
  if (!s.ok()) return s;
  absl::StatusOr<uint64_t> size = DecodeSequence(value);
  if (!size.ok()) {
    return absl::DataLossError(absl::StrCat(
        "the Merkle tree's size is malformed: ", size.status().message()));
  }
  return *size;
}

absl::StatusOr<StoredMerkleTree> StoredMerkleTree::Open(
    std::shared_ptr<const Snapshot> snapshot) {
  const Snapshot* s = snapshot.get();
  HUB_ASSIGN_OR_RETURN(uint64_t size,
                       MerkleSize([s](const std::string& key, std::string* v) {
                         return s->Get(Column::kMeta, key, v);
                       }));
  return StoredMerkleTree(std::move(snapshot), size);
}

absl::StatusOr<std::string> StoredMerkleTree::Node(int level,
                                                   uint64_t index) const {
  std::string node;
  absl::Status s =
      snapshot_->Get(Column::kMeta, MerkleNodeKey(level, index), &node);
  if (absl::IsNotFound(s) || (s.ok() && node.size() != kMerkleHashSize)) {
    return absl::DataLossError(absl::StrCat("Merkle node ", level, "/", index,
                                            " is missing or damaged"));
  }
  if (!s.ok()) return s;
  return node;
}

absl::Status AppendMerkleLeaves(
    const LogCrypto& crypto, uint64_t after, uint64_t n,
    const std::function<absl::StatusOr<std::string>(uint64_t sequence)>& bytes,
    const MetaGet& get, const MetaPut& put) {
  // A tree that lags the log (events another, older hubd committed without
  // their nodes) is never extended over the gap. A tree ahead of after is
  // a stale writer's (another hubd committed since it last reloaded): its
  // write is the store's to refuse (hub/pgstore's fencing and append-only
  // log), with the reason the writer's clients need.
  HUB_ASSIGN_OR_RETURN(uint64_t size, MerkleSize(get));
  if (size < after) {
    return absl::DataLossError(absl::StrCat(
        "the stored Merkle tree covers ", size, " events, not the log's ",
        after, "; the hub builds the missing nodes when it reloads"));
  }
  for (uint64_t i = 1; i <= n; ++i) {
    HUB_ASSIGN_OR_RETURN(std::string event, bytes(after + i));
    // Leaf index after + i - 1 is event after + i.
    HUB_RETURN_IF_ERROR(
        AppendLeaf(crypto, after + i - 1, crypto.LeafHash(event), get, put));
  }
  put(MerkleSizeKey(), EncodeSequence(after + n));
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> CatchUpMerkle(Store* store, const LogCrypto& crypto,
                                       uint64_t head_sequence, bool sync) {
  MetaGet from_store = [store](const std::string& key, std::string* v) {
    return store->Get(Column::kMeta, key, v);
  };
  HUB_ASSIGN_OR_RETURN(uint64_t start, MerkleSize(from_store));
  if (start > head_sequence) {
    return absl::DataLossError(absl::StrCat("the stored Merkle tree covers ",
                                            start, " events but the log has ",
                                            head_sequence));
  }
  uint64_t size = start;
  const LogReader log(store->NewSnapshot());
  std::unique_ptr<LogIterator> it = log.NewIterator(start, head_sequence);
  while (size < head_sequence) {
    // One batch: new nodes are read back from it until it is written.
    absl::flat_hash_map<std::string, std::string> written;
    WriteBatch batch;
    MetaGet get = [&](const std::string& key, std::string* v) {
      auto w = written.find(key);
      if (w == written.end()) return from_store(key, v);
      *v = w->second;
      return absl::OkStatus();
    };
    MetaPut put = [&](const std::string& key, std::string v) {
      batch.Put(Column::kMeta, key, v);
      written[key] = std::move(v);
    };
    for (uint64_t n = 0; n < kCatchUpBatch && it->Valid(); ++n, it->Next()) {
      HUB_RETURN_IF_ERROR(
          AppendLeaf(crypto, size, crypto.LeafHash(it->bytes()), get, put));
      ++size;
    }
    HUB_RETURN_IF_ERROR(it->status());
    if (written.empty()) {
      return absl::DataLossError(absl::StrCat(
          "the log ends at ", size, " but its head says ", head_sequence));
    }
    put(MerkleSizeKey(), EncodeSequence(size));
    HUB_RETURN_IF_ERROR(store->Write(batch, sync));
  }
  return size - start;
}

}  // namespace hub
