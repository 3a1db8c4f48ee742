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

class RocksIterator : public Iterator {
 public:
  RocksIterator(std::shared_ptr<RocksDbStore::Instance> instance,
                const rocksdb::Snapshot* snapshot,
                std::unique_ptr<rocksdb::Iterator> it)
      : instance_(std::move(instance)),
        snapshot_(snapshot),
        it_(std::move(it)) {}
  ~RocksIterator() override {
    it_.reset();
    instance_->db->ReleaseSnapshot(snapshot_);
  }
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
  const std::shared_ptr<RocksDbStore::Instance> instance_;  // keeps it open
  const rocksdb::Snapshot* snapshot_;
  std::unique_ptr<rocksdb::Iterator> it_;
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
  std::shared_ptr<Instance> in = Current();
  rocksdb::ReadOptions options;
  options.snapshot = in->db->GetSnapshot();
  std::unique_ptr<rocksdb::Iterator> it(
      in->db->NewIterator(options, in->handles[static_cast<int>(column)]));
  return std::make_unique<RocksIterator>(in, options.snapshot, std::move(it));
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
