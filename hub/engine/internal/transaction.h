// Transaction: buffered writes and log appends over a Store, with nesting.
//
// The committer gives each group of operations a root transaction and each
// operation a child; a child that succeeds is folded into the root with
// CommitToParent(), one that fails is dropped. Reads see the transaction's
// own writes, then its parent's, then (for a root applied while the group
// before is still being written) that group's root's, then the store. Not
// thread safe.
#ifndef HUB_ENGINE_INTERNAL_TRANSACTION_H_
#define HUB_ENGINE_INTERNAL_TRANSACTION_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "hub/log/change_log.h"
#include "hub/store/store.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace internal {

class Transaction {
 public:
  // A root transaction over store (borrowed; must outlive this), appending
  // to the log after head, at transaction time time_micros, hashing the
  // chain with crypto (a static suite).
  Transaction(const Store* store, const LogCrypto& crypto, LogHead head,
              int64_t time_micros)
      : Transaction(store, nullptr, crypto, std::move(head), time_micros) {}
  // The same over base (borrowed, not changed; null: none): the root of the
  // group before, whose writes are not yet in the store.
  Transaction(const Store* store, const Transaction* base,
              const LogCrypto& crypto, LogHead head, int64_t time_micros);
  // A child of parent (borrowed; must outlive this).
  explicit Transaction(Transaction* parent);

  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // As Store::Get(), seeing this transaction's and its ancestors' writes.
  absl::Status Get(Column column, absl::string_view key,
                   std::string* value) const;
  // Keys of column starting with prefix, in order, as Get() would see them:
  // the store's, overlaid with the buffered writes of the ancestors and
  // then of this transaction.
  absl::StatusOr<std::vector<std::string>> KeysWithPrefix(
      Column column, absl::string_view prefix) const;
  void Put(Column column, absl::string_view key, std::string value);
  void Delete(Column column, absl::string_view key);

  // Seals event (sequence, prev_hash, hash) after the current head with the
  // embedded fields (change_log.h SealEncoded), buffers its bytes, and
  // returns its sequence.
  uint64_t AppendEvent(v1::ChangeEvent event,
                       std::initializer_list<EncodedField> embedded = {});

  int64_t time_micros() const { return time_micros_; }
  // The log's suite; content hashes in events use its hash too.
  const LogCrypto& crypto() const { return *crypto_; }
  const LogHead& head() const { return head_; }
  bool empty() const { return writes_.empty(); }

  // Folds this child's writes and head into its parent.
  void CommitToParent();
  // Stops reading through the base (its writes are in the store now).
  void DetachBase() { base_ = nullptr; }
  // Adds every buffered write and the head to batch. Root only.
  void ToWriteBatch(WriteBatch* batch) const;

 private:
  using Key = std::pair<int, std::string>;

  // Applies this transaction's and its ancestors' writes under prefix.
  void Overlay(Column column, absl::string_view prefix,
               std::set<std::string>* keys) const;

  const Store* store_;
  const Transaction* base_;
  const LogCrypto* crypto_;
  Transaction* parent_;
  LogHead head_;
  int64_t time_micros_;
  std::map<Key, std::optional<std::string>> writes_;  // nullopt: deleted
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_TRANSACTION_H_
