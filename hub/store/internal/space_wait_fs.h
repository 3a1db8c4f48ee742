// SpaceWaitFileSystem: a rocksdb::FileSystem wrapper under which RocksDB
// never sees a full disk while appending to a file.
//
// Before each append it reserves the bytes with fallocate
// (FSWritableFile::Allocate); while the disk is full it waits, polling,
// until space is freed, instead of letting the append fail. A failed append
// leaves RocksDB 7.8's WritableFileWriter in an error state that its next
// call asserts on (writable_file_writer.h:312, the abort issue 13
// reproduced), so a write that RocksDB has started must not fail for lack
// of space. The store refuses writes before they reach RocksDB while free
// space is below its reserve (rocksdb_store.cc); a wait here means the disk
// filled up between that check and the write, and the write completes as
// soon as space is freed.
//
// On a file system without fallocate the append goes ahead unreserved.
// Thread safe.
#ifndef HUB_STORE_INTERNAL_SPACE_WAIT_FS_H_
#define HUB_STORE_INTERNAL_SPACE_WAIT_FS_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "rocksdb/file_system.h"

namespace hub {
namespace internal {

class SpaceWaitFileSystem : public rocksdb::FileSystemWrapper {
 public:
  // on_wait is called (from RocksDB's threads) when an append starts to
  // wait, with the file and the bytes it needs, and again every ten seconds
  // while it waits. poll is the retry interval.
  SpaceWaitFileSystem(
      std::shared_ptr<rocksdb::FileSystem> base,
      std::function<void(const std::string& file, uint64_t bytes)> on_wait,
      std::chrono::milliseconds poll = std::chrono::milliseconds(50));

  static const char* kClassName() { return "HubSpaceWaitFileSystem"; }
  const char* Name() const override { return kClassName(); }

  rocksdb::IOStatus NewWritableFile(
      const std::string& fname, const rocksdb::FileOptions& options,
      std::unique_ptr<rocksdb::FSWritableFile>* result,
      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReopenWritableFile(
      const std::string& fname, const rocksdb::FileOptions& options,
      std::unique_ptr<rocksdb::FSWritableFile>* result,
      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReuseWritableFile(
      const std::string& fname, const std::string& old_fname,
      const rocksdb::FileOptions& options,
      std::unique_ptr<rocksdb::FSWritableFile>* result,
      rocksdb::IODebugContext* dbg) override;

  // Appends that had to wait for space, so far.
  uint64_t waits() const { return waits_.load(); }

  // Called by the wrapped files: returns once len bytes after offset are
  // reserved, or the file system cannot reserve space at all.
  void ReserveOrWait(rocksdb::FSWritableFile* file, const std::string& name,
                     uint64_t len);

 private:
  const std::function<void(const std::string&, uint64_t)> on_wait_;
  const std::chrono::milliseconds poll_;
  std::atomic<uint64_t> waits_{0};
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_STORE_INTERNAL_SPACE_WAIT_FS_H_
