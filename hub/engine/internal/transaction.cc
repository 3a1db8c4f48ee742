#include "hub/engine/internal/transaction.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "hub/model/model.h"
#include "hub/schema/schema.h"

namespace hub {
namespace internal {

Transaction::Transaction(const Store* store, const Transaction* base,
                         const LogCrypto& crypto, LogHead head,
                         int64_t time_micros)
    : store_(store),
      base_(base),
      crypto_(&crypto),
      parent_(nullptr),
      head_(std::move(head)),
      time_micros_(time_micros) {}

Transaction::Transaction(Transaction* parent)
    : store_(parent->store_),
      base_(nullptr),
      crypto_(parent->crypto_),
      parent_(parent),
      head_(parent->head_),
      time_micros_(parent->time_micros_) {}

absl::Status Transaction::Get(Column column, absl::string_view key,
                              std::string* value) const {
  auto it = writes_.find(Key(static_cast<int>(column), std::string(key)));
  if (it != writes_.end()) {
    if (!it->second.has_value()) {
      return absl::NotFoundError(absl::StrCat(ColumnName(column), ": deleted"));
    }
    *value = *it->second;
    return absl::OkStatus();
  }
  if (parent_ != nullptr) return parent_->Get(column, key, value);
  if (base_ != nullptr) return base_->Get(column, key, value);
  return store_->Get(column, key, value);
}

absl::StatusOr<std::vector<std::string>> Transaction::KeysWithPrefix(
    Column column, absl::string_view prefix) const {
  std::set<std::string> keys;
  std::unique_ptr<Iterator> it = store_->NewIterator(column);
  for (it->Seek(prefix); it->Valid() && absl::StartsWith(it->key(), prefix);
       it->Next()) {
    keys.insert(std::string(it->key()));
  }
  if (!it->status().ok()) return it->status();
  Overlay(column, prefix, &keys);
  return std::vector<std::string>(keys.begin(), keys.end());
}

void Transaction::Overlay(Column column, absl::string_view prefix,
                          std::set<std::string>* keys) const {
  if (parent_ != nullptr) parent_->Overlay(column, prefix, keys);
  if (base_ != nullptr) base_->Overlay(column, prefix, keys);
  const int c = static_cast<int>(column);
  for (auto it = writes_.lower_bound(Key(c, std::string(prefix)));
       it != writes_.end() && it->first.first == c &&
       absl::StartsWith(it->first.second, prefix);
       ++it) {
    if (it->second.has_value()) {
      keys->insert(it->first.second);
    } else {
      keys->erase(it->first.second);
    }
  }
}

void Transaction::Put(Column column, absl::string_view key, std::string value) {
  writes_[Key(static_cast<int>(column), std::string(key))] = std::move(value);
}

void Transaction::Delete(Column column, absl::string_view key) {
  writes_[Key(static_cast<int>(column), std::string(key))] = std::nullopt;
}

uint64_t Transaction::AppendEvent(
    v1::ChangeEvent event, std::initializer_list<EncodedField> embedded) {
  event.set_time_micros(time_micros_);
  std::string bytes = SealEncoded(*crypto_, &head_, &event, embedded);
  Put(Column::kLog, EncodeSequence(event.sequence()), std::move(bytes));
  return event.sequence();
}

void Transaction::CommitToParent() {
  for (auto& [key, value] : writes_) parent_->writes_[key] = std::move(value);
  writes_.clear();
  parent_->head_ = head_;
}

void Transaction::ToWriteBatch(WriteBatch* batch) const {
  for (const auto& [key, value] : writes_) {
    Column column = static_cast<Column>(key.first);
    if (value.has_value()) {
      batch->Put(column, key.second, *value);
    } else {
      batch->Delete(column, key.second);
    }
  }
  PutHead(head_, batch);
}

}  // namespace internal
}  // namespace hub
