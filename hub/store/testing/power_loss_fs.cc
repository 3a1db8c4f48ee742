#include "hub/store/testing/power_loss_fs.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/str_cat.h"

namespace hub {
namespace {

using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

std::string Normal(const std::string& path) {
  return std::filesystem::path(path).lexically_normal().string();
}
std::string DirOf(const std::string& path) {
  return std::filesystem::path(Normal(path)).parent_path().string();
}
std::string NameOf(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

// A file written while the power is on; drops everything once it is off.
class PowerLossFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  PowerLossFile(std::unique_ptr<rocksdb::FSWritableFile> file,
                PowerLossFileSystem* fs, std::string name)
      : FSWritableFileOwnerWrapper(std::move(file)),
        fs_(fs),
        name_(std::move(name)) {}

  IOStatus Append(const Slice& data, const IOOptions& o,
                  IODebugContext* dbg) override {
    if (!fs_->power_on()) return IOStatus::OK();
    IOStatus s = target()->Append(data, o, dbg);
    if (s.ok()) fs_->OnWrite(name_, target()->GetFileSize(o, dbg));
    return s;
  }
  IOStatus Append(const Slice& data, const IOOptions& o,
                  const rocksdb::DataVerificationInfo& info,
                  IODebugContext* dbg) override {
    if (!fs_->power_on()) return IOStatus::OK();
    IOStatus s = target()->Append(data, o, info, dbg);
    if (s.ok()) fs_->OnWrite(name_, target()->GetFileSize(o, dbg));
    return s;
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset,
                            const IOOptions& o, IODebugContext* dbg) override {
    if (!fs_->power_on()) return IOStatus::OK();
    IOStatus s = target()->PositionedAppend(data, offset, o, dbg);
    if (s.ok()) fs_->OnWrite(name_, target()->GetFileSize(o, dbg));
    return s;
  }
  IOStatus PositionedAppend(const Slice& data, uint64_t offset,
                            const IOOptions& o,
                            const rocksdb::DataVerificationInfo& info,
                            IODebugContext* dbg) override {
    if (!fs_->power_on()) return IOStatus::OK();
    IOStatus s = target()->PositionedAppend(data, offset, o, info, dbg);
    if (s.ok()) fs_->OnWrite(name_, target()->GetFileSize(o, dbg));
    return s;
  }
  IOStatus Truncate(uint64_t size, const IOOptions& o,
                    IODebugContext* dbg) override {
    if (!fs_->power_on()) return IOStatus::OK();
    IOStatus s = target()->Truncate(size, o, dbg);
    if (s.ok()) fs_->OnWrite(name_, size);
    return s;
  }
  IOStatus Flush(const IOOptions& o, IODebugContext* dbg) override {
    if (!fs_->power_on()) return IOStatus::OK();
    return target()->Flush(o, dbg);
  }
  IOStatus Sync(const IOOptions& o, IODebugContext* dbg) override {
    if (!fs_->power_on() || fs_->CutBeforeSync()) return IOStatus::OK();
    IOStatus s = target()->Sync(o, dbg);
    if (s.ok()) fs_->OnSync(name_);
    return s;
  }
  IOStatus Fsync(const IOOptions& o, IODebugContext* dbg) override {
    if (!fs_->power_on() || fs_->CutBeforeSync()) return IOStatus::OK();
    IOStatus s = target()->Fsync(o, dbg);
    if (s.ok()) fs_->OnSync(name_);
    return s;
  }
  IOStatus RangeSync(uint64_t offset, uint64_t nbytes, const IOOptions& o,
                     IODebugContext* dbg) override {
    if (!fs_->power_on()) return IOStatus::OK();
    return target()->RangeSync(offset, nbytes, o, dbg);  // not durability
  }
  IOStatus Allocate(uint64_t offset, uint64_t len, const IOOptions& o,
                    IODebugContext* dbg) override {
    if (!fs_->power_on()) return IOStatus::OK();
    return target()->Allocate(offset, len, o, dbg);
  }
  void PrepareWrite(size_t offset, size_t len, const IOOptions& o,
                    IODebugContext* dbg) override {
    if (fs_->power_on()) target()->PrepareWrite(offset, len, o, dbg);
  }
  IOStatus Close(const IOOptions& o, IODebugContext* dbg) override {
    return target()->Close(o, dbg);  // releases the descriptor only
  }

 private:
  PowerLossFileSystem* const fs_;
  const std::string name_;
};

// A file opened after the power went: nothing reaches the disk.
class DroppedFile : public rocksdb::FSWritableFile {
 public:
  IOStatus Append(const Slice& data, const IOOptions&,
                  IODebugContext*) override {
    size_ += data.size();
    return IOStatus::OK();
  }
  IOStatus Append(const Slice& data, const IOOptions& o,
                  const rocksdb::DataVerificationInfo&,
                  IODebugContext* dbg) override {
    return Append(data, o, dbg);
  }
  IOStatus Truncate(uint64_t size, const IOOptions&, IODebugContext*) override {
    size_ = size;
    return IOStatus::OK();
  }
  IOStatus Close(const IOOptions&, IODebugContext*) override {
    return IOStatus::OK();
  }
  IOStatus Flush(const IOOptions&, IODebugContext*) override {
    return IOStatus::OK();
  }
  IOStatus Sync(const IOOptions&, IODebugContext*) override {
    return IOStatus::OK();
  }
  uint64_t GetFileSize(const IOOptions&, IODebugContext*) override {
    return size_;
  }

 private:
  uint64_t size_ = 0;
};

class PowerLossDirectory : public rocksdb::FSDirectoryWrapper {
 public:
  PowerLossDirectory(std::unique_ptr<rocksdb::FSDirectory> dir,
                     PowerLossFileSystem* fs, std::string name)
      : FSDirectoryWrapper(std::move(dir)), fs_(fs), name_(std::move(name)) {}
  IOStatus Fsync(const IOOptions& o, IODebugContext* dbg) override {
    if (!fs_->power_on()) return IOStatus::OK();
    IOStatus s = FSDirectoryWrapper::Fsync(o, dbg);
    if (s.ok()) fs_->OnDirSync(name_);
    return s;
  }
  IOStatus FsyncWithDirOptions(
      const IOOptions& o, IODebugContext* dbg,
      const rocksdb::DirFsyncOptions& dir_options) override {
    if (!fs_->power_on()) return IOStatus::OK();
    IOStatus s = FSDirectoryWrapper::FsyncWithDirOptions(o, dbg, dir_options);
    if (s.ok()) fs_->OnDirSync(name_);
    return s;
  }

 private:
  PowerLossFileSystem* const fs_;
  const std::string name_;
};

}  // namespace

PowerLossFileSystem::PowerLossFileSystem(
    std::shared_ptr<rocksdb::FileSystem> base)
    : FileSystemWrapper(base ? base : rocksdb::FileSystem::Default()) {}

bool PowerLossFileSystem::power_on() const {
  absl::MutexLock lock(&mu_);
  return power_on_;
}

void PowerLossFileSystem::CutPower() {
  absl::MutexLock lock(&mu_);
  power_on_ = false;
  syncs_to_cut_ = 0;
}

void PowerLossFileSystem::CutPowerAtSync(uint64_t n) {
  absl::MutexLock lock(&mu_);
  syncs_to_cut_ = n;
}

bool PowerLossFileSystem::CutBeforeSync() {
  absl::MutexLock lock(&mu_);
  if (syncs_to_cut_ == 0 || --syncs_to_cut_ > 0) return false;
  power_on_ = false;
  return true;
}

void PowerLossFileSystem::SetTornWrites(bool torn, uint32_t seed) {
  absl::MutexLock lock(&mu_);
  torn_ = torn;
  torn_state_ = seed | 1;
}

void PowerLossFileSystem::SetFreeSpace(std::optional<uint64_t> bytes) {
  absl::MutexLock lock(&mu_);
  free_space_ = bytes;
}

void PowerLossFileSystem::OnWrite(const std::string& fname, uint64_t size) {
  absl::MutexLock lock(&mu_);
  if (!power_on_) return;
  auto it = files_.find(fname);
  if (it == files_.end()) return;
  it->second.size = size;
  if (it->second.synced > size) it->second.synced = size;
}

void PowerLossFileSystem::OnSync(const std::string& fname) {
  absl::MutexLock lock(&mu_);
  if (!power_on_) return;
  auto it = files_.find(fname);
  if (it != files_.end()) it->second.synced = it->second.size;
}

void PowerLossFileSystem::OnDirSync(const std::string& dir) {
  absl::MutexLock lock(&mu_);
  if (!power_on_) return;
  const std::string d = Normal(dir);
  new_files_.erase(d);
  renames_.erase(std::remove_if(renames_.begin(), renames_.end(),
                                [&](const Rename& r) { return r.dir == d; }),
                 renames_.end());
}

IOStatus PowerLossFileSystem::Wrap(
    const std::string& fname, bool created, IOStatus s,
    std::unique_ptr<rocksdb::FSWritableFile>* result) {
  if (!s.ok()) return s;
  const std::string name = Normal(fname);
  uint64_t size = (*result)->GetFileSize(IOOptions(), nullptr);
  {
    absl::MutexLock lock(&mu_);
    FileState& state = files_[name];
    if (created) {
      state = {0, 0};
      new_files_[DirOf(name)].insert(NameOf(name));
    } else if (state.size == 0 && state.synced == 0) {
      state = {size, size};  // first seen: what is on disk is durable
    }
  }
  result->reset(new PowerLossFile(std::move(*result), this, name));
  return s;
}

IOStatus PowerLossFileSystem::NewWritableFile(
    const std::string& fname, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, IODebugContext* dbg) {
  if (!power_on()) {
    result->reset(new DroppedFile());
    return IOStatus::OK();
  }
  bool existed = target()->FileExists(fname, IOOptions(), dbg).ok();
  IOStatus s = target()->NewWritableFile(fname, options, result, dbg);
  if (s.ok() && existed) {
    absl::MutexLock lock(&mu_);
    files_[Normal(fname)] = {0, 0};  // truncated; the name was durable
  }
  return Wrap(fname, !existed, s, result);
}

IOStatus PowerLossFileSystem::ReopenWritableFile(
    const std::string& fname, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, IODebugContext* dbg) {
  if (!power_on()) {
    result->reset(new DroppedFile());
    return IOStatus::OK();
  }
  bool existed = target()->FileExists(fname, IOOptions(), dbg).ok();
  return Wrap(fname, !existed,
              target()->ReopenWritableFile(fname, options, result, dbg),
              result);
}

IOStatus PowerLossFileSystem::ReuseWritableFile(
    const std::string& fname, const std::string& old_fname,
    const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, IODebugContext* dbg) {
  // Recycling is a rename and a rewrite: model it as a new file.
  if (!power_on()) {
    result->reset(new DroppedFile());
    return IOStatus::OK();
  }
  IOStatus s = DeleteFile(old_fname, IOOptions(), dbg);
  if (!s.ok()) return s;
  return NewWritableFile(fname, options, result, dbg);
}

IOStatus PowerLossFileSystem::NewDirectory(
    const std::string& name, const IOOptions& io_opts,
    std::unique_ptr<rocksdb::FSDirectory>* result, IODebugContext* dbg) {
  std::unique_ptr<rocksdb::FSDirectory> dir;
  IOStatus s = target()->NewDirectory(name, io_opts, &dir, dbg);
  if (s.ok()) result->reset(new PowerLossDirectory(std::move(dir), this, name));
  return s;
}

IOStatus PowerLossFileSystem::DeleteFile(const std::string& fname,
                                         const IOOptions& options,
                                         IODebugContext* dbg) {
  if (!power_on()) return IOStatus::OK();
  IOStatus s = target()->DeleteFile(fname, options, dbg);
  if (s.ok()) {
    absl::MutexLock lock(&mu_);
    const std::string name = Normal(fname);
    files_.erase(name);
    auto it = new_files_.find(DirOf(name));
    if (it != new_files_.end()) it->second.erase(NameOf(name));
  }
  return s;
}

IOStatus PowerLossFileSystem::RenameFile(const std::string& src,
                                         const std::string& target_name,
                                         const IOOptions& options,
                                         IODebugContext* dbg) {
  if (!power_on()) return IOStatus::OK();
  Rename r;
  r.src = Normal(src);
  r.target = Normal(target_name);
  r.dir = DirOf(r.target);
  std::string old;
  if (target()->FileExists(target_name, options, dbg).ok() &&
      rocksdb::ReadFileToString(target(), target_name, &old).ok()) {
    r.old_target = old;
  }
  IOStatus s = target()->RenameFile(src, target_name, options, dbg);
  if (!s.ok()) return s;
  absl::MutexLock lock(&mu_);
  auto& news = new_files_[DirOf(r.src)];
  r.src_was_new = news.erase(NameOf(r.src)) > 0;
  auto& target_news = new_files_[r.dir];
  if (target_news.erase(NameOf(r.target)) > 0) r.old_target.reset();
  auto it = files_.find(r.src);
  if (it != files_.end()) {
    files_[r.target] = it->second;
    files_.erase(r.src);
  } else {
    files_.erase(r.target);
  }
  renames_.push_back(std::move(r));
  return s;
}

IOStatus PowerLossFileSystem::LinkFile(const std::string& src,
                                       const std::string& target_name,
                                       const IOOptions& options,
                                       IODebugContext* dbg) {
  if (!power_on()) return IOStatus::OK();
  IOStatus s = target()->LinkFile(src, target_name, options, dbg);
  if (s.ok()) {
    absl::MutexLock lock(&mu_);
    const std::string name = Normal(target_name);
    new_files_[DirOf(name)].insert(NameOf(name));
  }
  return s;
}

IOStatus PowerLossFileSystem::Truncate(const std::string& fname, size_t size,
                                       const IOOptions& options,
                                       IODebugContext* dbg) {
  if (!power_on()) return IOStatus::OK();
  IOStatus s = target()->Truncate(fname, size, options, dbg);
  if (s.ok()) OnWrite(Normal(fname), size);
  return s;
}

IOStatus PowerLossFileSystem::CreateDir(const std::string& dirname,
                                        const IOOptions& options,
                                        IODebugContext* dbg) {
  if (!power_on()) return IOStatus::OK();
  return target()->CreateDir(dirname, options, dbg);
}

IOStatus PowerLossFileSystem::CreateDirIfMissing(const std::string& dirname,
                                                 const IOOptions& options,
                                                 IODebugContext* dbg) {
  if (!power_on()) return IOStatus::OK();
  return target()->CreateDirIfMissing(dirname, options, dbg);
}

IOStatus PowerLossFileSystem::DeleteDir(const std::string& dirname,
                                        const IOOptions& options,
                                        IODebugContext* dbg) {
  if (!power_on()) return IOStatus::OK();
  return target()->DeleteDir(dirname, options, dbg);
}

IOStatus PowerLossFileSystem::GetFreeSpace(const std::string& path,
                                           const IOOptions& options,
                                           uint64_t* diskfree,
                                           IODebugContext* dbg) {
  {
    absl::MutexLock lock(&mu_);
    if (free_space_.has_value()) {
      *diskfree = *free_space_;
      return IOStatus::OK();
    }
  }
  return target()->GetFreeSpace(path, options, diskfree, dbg);
}

absl::Status PowerLossFileSystem::RestorePower(PowerLossStats* stats) {
  absl::MutexLock lock(&mu_);
  PowerLossStats local;
  IOOptions io;
  auto fail = [](const std::string& what, const IOStatus& s) {
    return absl::InternalError(absl::StrCat(what, ": ", s.ToString()));
  };
  for (const auto& [name, state] : files_) {
    uint64_t size = 0;
    if (!target()->GetFileSize(name, io, &size, nullptr).ok()) continue;
    if (size > state.synced) {
      uint64_t keep = state.synced;
      if (torn_) {  // xorshift64: some of the unsynced pages made it
        torn_state_ ^= torn_state_ << 13;
        torn_state_ ^= torn_state_ >> 7;
        torn_state_ ^= torn_state_ << 17;
        keep += torn_state_ % (size - state.synced + 1);
        if (keep > state.synced) ++local.torn_files;
      }
      std::error_code ec;  // the local file system's Truncate() is missing
      std::filesystem::resize_file(name, keep, ec);
      if (ec) {
        return absl::InternalError(
            absl::StrCat("truncate ", name, ": ", ec.message()));
      }
      ++local.truncated_files;
      local.dropped_bytes += size - keep;
    }
  }
  for (auto r = renames_.rbegin(); r != renames_.rend(); ++r) {
    IOStatus s = r->src_was_new
                     ? target()->DeleteFile(r->target, io, nullptr)
                     : target()->RenameFile(r->target, r->src, io, nullptr);
    if (!s.ok() && !s.IsNotFound() && !s.IsPathNotFound()) {
      return fail("undo rename to " + r->target, s);
    }
    if (r->old_target.has_value()) {
      s = rocksdb::WriteStringToFile(target(), *r->old_target, r->target,
                                     /*should_sync=*/true);
      if (!s.ok()) return fail("restore " + r->target, s);
    }
    ++local.undone_renames;
  }
  for (const auto& [dir, names] : new_files_) {
    for (const std::string& name : names) {
      IOStatus s = target()->DeleteFile(dir + "/" + name, io, nullptr);
      if (s.ok()) ++local.deleted_files;
    }
  }
  files_.clear();
  new_files_.clear();
  renames_.clear();
  power_on_ = true;
  syncs_to_cut_ = 0;
  if (stats != nullptr) *stats = local;
  return absl::OkStatus();
}

}  // namespace hub
