// In-memory Store for tests: one std::map per column, guarded by a mutex.
// Iterators copy the column at creation, which gives them snapshot semantics.
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "hub/store/store.h"

namespace hub {
namespace {

using Table = std::map<std::string, std::string, std::less<>>;

class MemIterator : public Iterator {
 public:
  explicit MemIterator(Table table)
      : table_(std::move(table)), it_(table_.end()) {}
  void Seek(absl::string_view target) override {
    it_ = table_.lower_bound(target);
  }
  bool Valid() const override { return it_ != table_.end(); }
  void Next() override { ++it_; }
  absl::string_view key() const override { return it_->first; }
  absl::string_view value() const override { return it_->second; }
  absl::Status status() const override { return absl::OkStatus(); }

 private:
  const Table table_;
  Table::const_iterator it_;
};

class MemStore : public Store {
 public:
  absl::Status Get(Column column, absl::string_view key,
                   std::string* value) const override {
    absl::MutexLock lock(&mu_);
    const Table& table = tables_[static_cast<int>(column)];
    auto it = table.find(key);
    if (it == table.end()) {
      return absl::NotFoundError(absl::StrCat(ColumnName(column), ": no key"));
    }
    *value = it->second;
    return absl::OkStatus();
  }

  absl::Status Write(const WriteBatch& batch, bool /*sync*/) override {
    absl::MutexLock lock(&mu_);
    for (const WriteBatch::Op& op : batch.ops()) {
      Table& table = tables_[static_cast<int>(op.column)];
      if (op.is_delete) {
        table.erase(op.key);
      } else {
        table[op.key] = op.value;
      }
    }
    return absl::OkStatus();
  }

  std::unique_ptr<Iterator> NewIterator(Column column) const override {
    absl::MutexLock lock(&mu_);
    return std::make_unique<MemIterator>(tables_[static_cast<int>(column)]);
  }

 private:
  mutable absl::Mutex mu_;
  Table tables_[kNumColumns] ABSL_GUARDED_BY(mu_);
};

}  // namespace

std::unique_ptr<Store> NewMemStore() { return std::make_unique<MemStore>(); }

}  // namespace hub
