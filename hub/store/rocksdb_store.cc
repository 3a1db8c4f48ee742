// Store on an embedded RocksDB, one column family per Column.
#include <vector>

#include "absl/strings/str_cat.h"
#include "hub/store/store.h"
#include "rocksdb/db.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/options.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"

namespace hub {
namespace {

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  std::string msg = absl::StrCat(what, ": ", s.ToString());
  if (s.IsNotFound()) return absl::NotFoundError(msg);
  if (s.IsCorruption()) return absl::DataLossError(msg);
  if (s.IsIOError() || s.IsBusy() || s.IsTryAgain()) {
    return absl::UnavailableError(msg);
  }
  return absl::InternalError(msg);
}

// Holds a RocksDB snapshot and releases it when the last user is gone.
class SnapshotHandle {
 public:
  explicit SnapshotHandle(rocksdb::DB* db)
      : db_(db), snapshot_(db->GetSnapshot()) {}
  ~SnapshotHandle() { db_->ReleaseSnapshot(snapshot_); }
  SnapshotHandle(const SnapshotHandle&) = delete;
  SnapshotHandle& operator=(const SnapshotHandle&) = delete;

  rocksdb::ReadOptions Options() const {
    rocksdb::ReadOptions options;
    options.snapshot = snapshot_;
    return options;
  }

 private:
  rocksdb::DB* const db_;
  const rocksdb::Snapshot* const snapshot_;
};

class RocksIterator : public Iterator {
 public:
  RocksIterator(std::shared_ptr<const SnapshotHandle> snapshot,
                std::unique_ptr<rocksdb::Iterator> it)
      : snapshot_(std::move(snapshot)), it_(std::move(it)) {}
  ~RocksIterator() override { it_.reset(); }
  void Seek(absl::string_view target) override {
    it_->Seek(rocksdb::Slice(target.data(), target.size()));
  }
  bool Valid() const override { return it_->Valid(); }
  void Next() override { it_->Next(); }
  absl::string_view key() const override {
    rocksdb::Slice k = it_->key();
    return absl::string_view(k.data(), k.size());
  }
  absl::string_view value() const override {
    rocksdb::Slice v = it_->value();
    return absl::string_view(v.data(), v.size());
  }
  absl::Status status() const override {
    return FromRocks(it_->status(), "iterator");
  }

 private:
  std::shared_ptr<const SnapshotHandle> snapshot_;  // outlives it_
  std::unique_ptr<rocksdb::Iterator> it_;
};

std::unique_ptr<Iterator> NewRocksIterator(
    rocksdb::DB* db, rocksdb::ColumnFamilyHandle* column,
    std::shared_ptr<const SnapshotHandle> snapshot) {
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(snapshot->Options(), column));
  return std::make_unique<RocksIterator>(std::move(snapshot), std::move(it));
}

class RocksSnapshot : public Snapshot {
 public:
  RocksSnapshot(rocksdb::DB* db,
                const std::vector<rocksdb::ColumnFamilyHandle*>* handles)
      : db_(db),
        handles_(handles),
        snapshot_(std::make_shared<SnapshotHandle>(db)) {}

  absl::Status Get(Column column, absl::string_view key,
                   std::string* value) const override {
    rocksdb::Status s =
        db_->Get(snapshot_->Options(), (*handles_)[static_cast<int>(column)],
                 rocksdb::Slice(key.data(), key.size()), value);
    return FromRocks(s, ColumnName(column));
  }

  std::unique_ptr<Iterator> NewIterator(Column column) const override {
    return NewRocksIterator(db_, (*handles_)[static_cast<int>(column)],
                            snapshot_);
  }

 private:
  rocksdb::DB* const db_;
  const std::vector<rocksdb::ColumnFamilyHandle*>* const handles_;
  const std::shared_ptr<const SnapshotHandle> snapshot_;
};

class RocksDbStore : public Store {
 public:
  RocksDbStore(std::unique_ptr<rocksdb::DB> db,
               std::vector<rocksdb::ColumnFamilyHandle*> handles)
      : db_(std::move(db)), handles_(std::move(handles)) {}

  ~RocksDbStore() override {
    for (rocksdb::ColumnFamilyHandle* h : handles_) {
      db_->DestroyColumnFamilyHandle(h);
    }
    db_->Close();
  }

  absl::Status Get(Column column, absl::string_view key,
                   std::string* value) const override {
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), Handle(column),
                                 rocksdb::Slice(key.data(), key.size()), value);
    return FromRocks(s, ColumnName(column));
  }

  absl::Status Write(const WriteBatch& batch, bool sync) override {
    rocksdb::WriteBatch wb;
    for (const WriteBatch::Op& op : batch.ops()) {
      rocksdb::Slice key(op.key);
      rocksdb::Status s = op.is_delete
                              ? wb.Delete(Handle(op.column), key)
                              : wb.Put(Handle(op.column), key, op.value);
      if (!s.ok()) return FromRocks(s, "write batch");
    }
    rocksdb::WriteOptions options;
    options.sync = sync;
    return FromRocks(db_->Write(options, &wb), "write");
  }

  std::unique_ptr<Iterator> NewIterator(Column column) const override {
    return NewRocksIterator(db_.get(), Handle(column),
                            std::make_shared<SnapshotHandle>(db_.get()));
  }

  std::shared_ptr<const Snapshot> NewSnapshot() const override {
    return std::make_shared<RocksSnapshot>(db_.get(), &handles_);
  }

 private:
  rocksdb::ColumnFamilyHandle* Handle(Column column) const {
    return handles_[static_cast<int>(column)];
  }

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

rocksdb::ColumnFamilyOptions ColumnOptions() {
  rocksdb::ColumnFamilyOptions cf;
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  cf.compression = rocksdb::kNoCompression;
  return cf;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> OpenRocksDbStore(
    const std::string& path) {
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.paranoid_checks = true;
  options.max_background_jobs = 2;
  // Acknowledged writes are synced; a torn tail after a crash is dropped,
  // never half-applied.
  options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, ColumnOptions());
  for (int i = 0; i < kNumColumns; ++i) {
    descriptors.emplace_back(ColumnName(static_cast<Column>(i)),
                             ColumnOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::Open(options, path, descriptors, &handles, &raw);
  if (!s.ok()) return FromRocks(s, absl::StrCat("open ", path));
  std::unique_ptr<rocksdb::DB> db(raw);
  db->DestroyColumnFamilyHandle(handles[0]);  // default family: unused
  handles.erase(handles.begin());
  return std::unique_ptr<Store>(
      std::make_unique<RocksDbStore>(std::move(db), std::move(handles)));
}

}  // namespace hub
