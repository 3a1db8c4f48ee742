// In-memory Store for tests: one std::map per column, guarded by a mutex.
//
// Columns are copy-on-write: an iterator or a snapshot shares the column
// maps as they are when it is created, and a write copies a column only
// while some reader still shares it. So snapshots are cheap, and a reader
// never sees a later write.
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "hub/store/store.h"

namespace hub {
namespace {

using Table = std::map<std::string, std::string, std::less<>>;
using Tables = std::shared_ptr<const Table>[kNumColumns];

class MemIterator : public Iterator {
 public:
  explicit MemIterator(std::shared_ptr<const Table> table)
      : table_(std::move(table)), it_(table_->end()) {}
  void Seek(absl::string_view target) override {
    it_ = table_->lower_bound(target);
  }
  bool Valid() const override { return it_ != table_->end(); }
  void Next() override { ++it_; }
  absl::string_view key() const override { return it_->first; }
  absl::string_view value() const override { return it_->second; }
  absl::Status status() const override { return absl::OkStatus(); }

 private:
  const std::shared_ptr<const Table> table_;
  Table::const_iterator it_;
};

absl::Status GetFrom(const Table& table, Column column, absl::string_view key,
                     std::string* value) {
  auto it = table.find(key);
  if (it == table.end()) {
    return absl::NotFoundError(absl::StrCat(ColumnName(column), ": no key"));
  }
  *value = it->second;
  return absl::OkStatus();
}

class MemSnapshot : public Snapshot {
 public:
  explicit MemSnapshot(const Tables& tables) {
    for (int i = 0; i < kNumColumns; ++i) tables_[i] = tables[i];
  }
  absl::Status Get(Column column, absl::string_view key,
                   std::string* value) const override {
    return GetFrom(*tables_[static_cast<int>(column)], column, key, value);
  }
  std::unique_ptr<Iterator> NewIterator(Column column) const override {
    return std::make_unique<MemIterator>(tables_[static_cast<int>(column)]);
  }

 private:
  Tables tables_;
};

class MemStore : public Store {
 public:
  MemStore() {
    // Non-const maps: Writable() changes them in place when unshared.
    for (auto& t : tables_) t = std::make_shared<Table>();
  }

  absl::Status Get(Column column, absl::string_view key,
                   std::string* value) const override {
    absl::MutexLock lock(&mu_);
    return GetFrom(*tables_[static_cast<int>(column)], column, key, value);
  }

  absl::Status Write(const WriteBatch& batch, bool /*sync*/) override {
    absl::MutexLock lock(&mu_);
    Table* writable[kNumColumns] = {};
    for (const WriteBatch::Op& op : batch.ops()) {
      Table* table = Writable(op.column, writable);
      if (op.is_delete) {
        table->erase(op.key);
      } else {
        (*table)[op.key] = op.value;
      }
    }
    return absl::OkStatus();
  }

  std::unique_ptr<Iterator> NewIterator(Column column) const override {
    absl::MutexLock lock(&mu_);
    return std::make_unique<MemIterator>(tables_[static_cast<int>(column)]);
  }

  std::shared_ptr<const Snapshot> NewSnapshot() const override {
    absl::MutexLock lock(&mu_);
    return std::make_shared<MemSnapshot>(tables_);
  }

 private:
  // The column's map, ready to change: copied first if a reader shares it.
  // New shares are made only under mu_, so a use count of 1 is exact.
  Table* Writable(Column column, Table** writable)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    const int c = static_cast<int>(column);
    if (writable[c] == nullptr) {
      std::shared_ptr<const Table>& shared = tables_[c];
      std::shared_ptr<Table> own = shared.use_count() == 1
                                       ? std::const_pointer_cast<Table>(shared)
                                       : std::make_shared<Table>(*shared);
      shared = own;
      writable[c] = own.get();
    }
    return writable[c];
  }

  mutable absl::Mutex mu_;
  Tables tables_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

std::unique_ptr<Store> NewMemStore() { return std::make_unique<MemStore>(); }

}  // namespace hub
