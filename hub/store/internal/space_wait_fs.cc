#include "hub/store/internal/space_wait_fs.h"

#include <chrono>
#include <thread>

namespace hub {
namespace internal {
namespace {

class SpaceWaitFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  SpaceWaitFile(std::unique_ptr<rocksdb::FSWritableFile> file,
                SpaceWaitFileSystem* fs, std::string name)
      : FSWritableFileOwnerWrapper(std::move(file)),
        fs_(fs),
        name_(std::move(name)) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data,
                           const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* dbg) override {
    fs_->ReserveOrWait(target(), name_, data.size());
    return target()->Append(data, options, dbg);
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data,
                           const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& info,
                           rocksdb::IODebugContext* dbg) override {
    fs_->ReserveOrWait(target(), name_, data.size());
    return target()->Append(data, options, info, dbg);
  }

 private:
  SpaceWaitFileSystem* const fs_;
  const std::string name_;
};

}  // namespace

SpaceWaitFileSystem::SpaceWaitFileSystem(
    std::shared_ptr<rocksdb::FileSystem> base,
    std::function<void(const std::string&, uint64_t)> on_wait,
    std::chrono::milliseconds poll)
    : FileSystemWrapper(std::move(base)),
      on_wait_(std::move(on_wait)),
      poll_(poll) {}

void SpaceWaitFileSystem::ReserveOrWait(rocksdb::FSWritableFile* file,
                                        const std::string& name, uint64_t len) {
  if (len == 0) return;
  rocksdb::IOOptions io;
  std::chrono::steady_clock::time_point last_report;
  bool waited = false;
  for (;;) {
    uint64_t offset = file->GetFileSize(io, nullptr);
    rocksdb::IOStatus s = file->Allocate(offset, len, io, nullptr);
    if (!s.IsNoSpace()) return;  // reserved, or cannot reserve: append
    auto now = std::chrono::steady_clock::now();
    const bool first = !waited;
    if (first) {
      waited = true;
      waits_.fetch_add(1);
    }
    if (on_wait_ && (first || now - last_report >= std::chrono::seconds(10))) {
      last_report = now;
      on_wait_(name, len);
    }
    std::this_thread::sleep_for(poll_);
  }
}

rocksdb::IOStatus SpaceWaitFileSystem::NewWritableFile(
    const std::string& fname, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result,
    rocksdb::IODebugContext* dbg) {
  std::unique_ptr<rocksdb::FSWritableFile> file;
  rocksdb::IOStatus s = target()->NewWritableFile(fname, options, &file, dbg);
  if (s.ok()) result->reset(new SpaceWaitFile(std::move(file), this, fname));
  return s;
}

rocksdb::IOStatus SpaceWaitFileSystem::ReopenWritableFile(
    const std::string& fname, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result,
    rocksdb::IODebugContext* dbg) {
  std::unique_ptr<rocksdb::FSWritableFile> file;
  rocksdb::IOStatus s =
      target()->ReopenWritableFile(fname, options, &file, dbg);
  if (s.ok()) result->reset(new SpaceWaitFile(std::move(file), this, fname));
  return s;
}

rocksdb::IOStatus SpaceWaitFileSystem::ReuseWritableFile(
    const std::string& fname, const std::string& old_fname,
    const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result,
    rocksdb::IODebugContext* dbg) {
  std::unique_ptr<rocksdb::FSWritableFile> file;
  rocksdb::IOStatus s =
      target()->ReuseWritableFile(fname, old_fname, options, &file, dbg);
  if (s.ok()) result->reset(new SpaceWaitFile(std::move(file), this, fname));
  return s;
}

}  // namespace internal
}  // namespace hub
