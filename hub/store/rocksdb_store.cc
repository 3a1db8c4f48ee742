// RocksDbStore's Store methods and operator queries; opening is in
// rocksdb_open.cc.
#include "hub/store/rocksdb_store.h"

#include "absl/strings/str_cat.h"
#include "hub/store/internal/open_plan.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace hub {

using internal::FromRocks;

RocksDbStore::Instance::~Instance() {
  for (rocksdb::ColumnFamilyHandle* h : handles) {
    db->DestroyColumnFamilyHandle(h);
  }
  db->Close();
}

namespace {

// Holds a RocksDB snapshot of one opened instance and releases it when the
// last user is gone; keeps that instance open until then (a read-only
// instance replaced after the disk freed closes with its last reader).
class SnapshotHandle {
 public:
  explicit SnapshotHandle(std::shared_ptr<RocksDbStore::Instance> instance)
      : instance_(std::move(instance)),
        snapshot_(instance_->db->GetSnapshot()) {}
  ~SnapshotHandle() { instance_->db->ReleaseSnapshot(snapshot_); }
  SnapshotHandle(const SnapshotHandle&) = delete;
  SnapshotHandle& operator=(const SnapshotHandle&) = delete;

  rocksdb::ReadOptions Options() const {
    rocksdb::ReadOptions options;
    options.snapshot = snapshot_;
    return options;
  }
  rocksdb::DB* db() const { return instance_->db.get(); }
  rocksdb::ColumnFamilyHandle* Handle(Column column) const {
    return instance_->handles[static_cast<int>(column)];
  }

 private:
  const std::shared_ptr<RocksDbStore::Instance> instance_;
  const rocksdb::Snapshot* const snapshot_;
};

class RocksIterator : public Iterator {
 public:
  RocksIterator(std::shared_ptr<const SnapshotHandle> snapshot, Column column)
      : snapshot_(std::move(snapshot)),
        it_(snapshot_->db()->NewIterator(snapshot_->Options(),
                                         snapshot_->Handle(column))) {}
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
  const std::shared_ptr<const SnapshotHandle> snapshot_;  // outlives it_
  std::unique_ptr<rocksdb::Iterator> it_;
};

class RocksSnapshot : public Snapshot {
 public:
  explicit RocksSnapshot(std::shared_ptr<RocksDbStore::Instance> instance)
      : snapshot_(std::make_shared<SnapshotHandle>(std::move(instance))) {}

  absl::Status Get(Column column, absl::string_view key,
                   std::string* value) const override {
    rocksdb::Status s =
        snapshot_->db()->Get(snapshot_->Options(), snapshot_->Handle(column),
                             rocksdb::Slice(key.data(), key.size()), value);
    return FromRocks(s, ColumnName(column));
  }

  std::unique_ptr<Iterator> NewIterator(Column column) const override {
    return std::make_unique<RocksIterator>(snapshot_, column);
  }

 private:
  const std::shared_ptr<const SnapshotHandle> snapshot_;
};

}  // namespace

RocksDbStore::RocksDbStore(std::string path, RocksDbOptions options,
                           std::unique_ptr<internal::OpenPlan> plan)
    : path_(std::move(path)),
      options_(std::move(options)),
      plan_(std::move(plan)) {}

RocksDbStore::~RocksDbStore() {
  absl::MutexLock lock(&mu_);
  instance_.reset();  // closes the database before its env goes
}

std::shared_ptr<RocksDbStore::Instance> RocksDbStore::Current() const {
  absl::MutexLock lock(&mu_);
  return instance_;
}

bool RocksDbStore::read_only() const { return Current()->read_only; }

absl::Status RocksDbStore::Get(Column column, absl::string_view key,
                               std::string* value) const {
  std::shared_ptr<Instance> in = Current();
  rocksdb::Status s =
      in->db->Get(rocksdb::ReadOptions(), in->handles[static_cast<int>(column)],
                  rocksdb::Slice(key.data(), key.size()), value);
  return FromRocks(s, ColumnName(column));
}

std::unique_ptr<Iterator> RocksDbStore::NewIterator(Column column) const {
  return std::make_unique<RocksIterator>(
      std::make_shared<SnapshotHandle>(Current()), column);
}

std::shared_ptr<const Snapshot> RocksDbStore::NewSnapshot() const {
  return std::make_shared<RocksSnapshot>(Current());
}

uint64_t RocksDbStore::FreeBytes() const {
  uint64_t free_bytes = 0;
  rocksdb::IOStatus s = plan_->base_fs->GetFreeSpace(
      path_, rocksdb::IOOptions(), &free_bytes, nullptr);
  return s.ok() ? free_bytes : 0;
}

absl::Status RocksDbStore::DiskFull(uint64_t free_bytes) const {
  return absl::ResourceExhaustedError(absl::StrCat(
      "disk full at ", path_, ": ", free_bytes, " bytes free, below the ",
      options_.disk_reserve_bytes,
      " bytes kept in reserve; writes are refused, reads go on, and writes "
      "resume by themselves once space is freed"));
}

absl::Status RocksDbStore::CheckWritable() const {
  uint64_t free_bytes = 0;
  rocksdb::IOStatus s = plan_->base_fs->GetFreeSpace(
      path_, rocksdb::IOOptions(), &free_bytes, nullptr);
  if (s.ok() && free_bytes < options_.disk_reserve_bytes) {
    return DiskFull(free_bytes);
  }
  return absl::OkStatus();
}

uint64_t RocksDbStore::space_waits() const { return plan_->fs->waits(); }

absl::StatusOr<std::shared_ptr<RocksDbStore::Instance>>
RocksDbStore::Writable() {
  std::shared_ptr<Instance> in = Current();
  if (!in->read_only) return in;
  absl::MutexLock reopen(&reopen_mu_);
  in = Current();
  if (!in->read_only) return in;
  absl::StatusOr<std::shared_ptr<Instance>> rw =
      internal::OpenInstance(path_, *plan_, /*read_only=*/false);
  if (!rw.ok()) return rw.status();
  if (options_.on_warning) {
    options_.on_warning(absl::StrCat("store at ", path_,
                                     " is writable again: disk space freed"));
  }
  absl::MutexLock lock(&mu_);
  instance_ = *rw;  // the read-only one closes with its last reader
  return instance_;
}

absl::Status RocksDbStore::Write(const WriteBatch& batch, bool sync) {
  absl::Status space = CheckWritable();
  if (!space.ok()) return space;
  absl::StatusOr<std::shared_ptr<Instance>> in = Writable();
  if (!in.ok()) return in.status();
  rocksdb::WriteBatch wb;
  for (const WriteBatch::Op& op : batch.ops()) {
    rocksdb::ColumnFamilyHandle* h =
        (*in)->handles[static_cast<int>(op.column)];
    rocksdb::Slice key(op.key);
    rocksdb::Status s =
        op.is_delete ? wb.Delete(h, key) : wb.Put(h, key, op.value);
    if (!s.ok()) return FromRocks(s, "write batch");
  }
  rocksdb::WriteOptions options;
  options.sync = sync;
  rocksdb::Status s = (*in)->db->Write(options, &wb);
  if (s.ok()) return absl::OkStatus();
  // A background error (say, a failed flush) stops RocksDB's writes until
  // Resume() clears it, which it does once the cause is gone.
  (*in)->db->Resume().PermitUncheckedError();
  if (s.IsNoSpace()) return DiskFull(FreeBytes());
  return FromRocks(s, "write");
}

absl::Status RocksDbStore::Flush() {
  std::shared_ptr<Instance> in = Current();
  if (in->read_only) return absl::OkStatus();
  rocksdb::FlushOptions options;
  options.wait = true;
  return FromRocks(in->db->Flush(options, in->handles), "flush");
}

absl::Status RocksDbStore::WithDatabase(
    const std::function<absl::Status(rocksdb::DB* db)>& fn) const {
  std::shared_ptr<Instance> in = Current();
  return fn(in->db.get());
}

}  // namespace hub
