// PowerLossFileSystem: a rocksdb::FileSystem wrapper that simulates a power
// cut, in the manner of RocksDB's FaultInjectionTestFS: whatever was not
// synced when the power went is lost. Test support (the crash harness in
// tests/crash and the store's tests).
//
// While the power is on, writes reach the base file system at once (as a
// page cache would hold them), and the wrapper remembers for each file
// written since tracking began how much of it was synced, which files were
// created since their directory was last synced, and which renames no
// directory sync has covered yet.
//
// CutPower() is the moment of the crash: from then on every call that would
// change the disk succeeds without touching it (appends, syncs, new files,
// renames and deletions are dropped), so the process may wind down and
// close its database as if it kept running for a moment on a dead machine;
// reads still work. RestorePower(), called once the database is closed,
// turns the disk into what a machine would find after the crash:
//   * every tracked file is truncated to its size at its last sync;
//   * renames not covered by a sync of their directory are undone (the
//     target's earlier content, if it had one, comes back);
//   * files created since their directory's last sync are deleted;
// and tracking starts afresh with everything on disk taken as durable.
//
// With SetTornWrites(), each truncated file keeps a random part of what was
// not synced (a disk that wrote some pages of it), so logs end in torn
// records and unacknowledged writes may survive.
//
// Not modelled: a deleted file does not come back, and a file's data is
// taken to be synced up to its last Sync() whatever RangeSync() did.
//
// SetFreeSpace() makes GetFreeSpace() report a fixed number (a full disk
// for the store's refusal logic, without filling one).
//
// Thread safe.
#ifndef HUB_STORE_TESTING_POWER_LOSS_FS_H_
#define HUB_STORE_TESTING_POWER_LOSS_FS_H_

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/file_system.h"

namespace hub {

struct PowerLossStats {
  uint64_t truncated_files = 0;  // files cut back to their synced size
  uint64_t dropped_bytes = 0;    // bytes those files lost
  uint64_t torn_files = 0;       // of them, kept part of their unsynced data
  uint64_t deleted_files = 0;    // created but not in a synced directory
  uint64_t undone_renames = 0;
};

class PowerLossFileSystem : public rocksdb::FileSystemWrapper {
 public:
  // base: the file system written to (null: the local one). RestorePower()
  // truncates files with std::filesystem, so base must store them locally.
  explicit PowerLossFileSystem(std::shared_ptr<rocksdb::FileSystem> base);

  static const char* kClassName() { return "HubPowerLossFileSystem"; }
  const char* Name() const override { return kClassName(); }

  // The crash. REQUIRES: power on.
  void CutPower();
  // The crash at the n-th file sync from now, just before it reaches the
  // disk (the sync then returns OK to a machine that is already dead).
  void CutPowerAtSync(uint64_t n);
  // Called by this file system's files before each sync: true when the
  // power was cut now (the sync must not reach the disk).
  bool CutBeforeSync();
  bool power_on() const;
  // After the crash, with every database on this file system closed: drops
  // what was not durable, then powers on again. Fails only when the base
  // file system cannot be changed.
  absl::Status RestorePower(PowerLossStats* stats = nullptr);

  void SetFreeSpace(std::optional<uint64_t> bytes);
  // Keep a random prefix of unsynced data at RestorePower() (seeded).
  void SetTornWrites(bool torn, uint32_t seed = 1);

  // --- rocksdb::FileSystem ---
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
  rocksdb::IOStatus NewDirectory(const std::string& name,
                                 const rocksdb::IOOptions& io_opts,
                                 std::unique_ptr<rocksdb::FSDirectory>* result,
                                 rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus DeleteFile(const std::string& fname,
                               const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus RenameFile(const std::string& src,
                               const std::string& target,
                               const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus LinkFile(const std::string& src, const std::string& target,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus Truncate(const std::string& fname, size_t size,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus CreateDir(const std::string& dirname,
                              const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus CreateDirIfMissing(const std::string& dirname,
                                       const rocksdb::IOOptions& options,
                                       rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus DeleteDir(const std::string& dirname,
                              const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus GetFreeSpace(const std::string& path,
                                 const rocksdb::IOOptions& options,
                                 uint64_t* diskfree,
                                 rocksdb::IODebugContext* dbg) override;

  // Called by this file system's files.
  void OnWrite(const std::string& fname, uint64_t new_size);
  void OnSync(const std::string& fname);
  void OnDirSync(const std::string& dir);

 private:
  struct FileState {
    uint64_t size = 0;
    uint64_t synced = 0;
  };
  struct Rename {
    std::string dir, src, target;
    bool src_was_new = false;
    std::optional<std::string> old_target;  // content it replaced
  };
  rocksdb::IOStatus Wrap(const std::string& fname, bool created,
                         rocksdb::IOStatus s,
                         std::unique_ptr<rocksdb::FSWritableFile>* result);

  mutable absl::Mutex mu_;
  bool power_on_ ABSL_GUARDED_BY(mu_) = true;
  std::optional<uint64_t> free_space_ ABSL_GUARDED_BY(mu_);
  bool torn_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t syncs_to_cut_ ABSL_GUARDED_BY(mu_) = 0;  // 0: none armed
  uint64_t torn_state_ ABSL_GUARDED_BY(mu_) = 1;
  std::map<std::string, FileState> files_ ABSL_GUARDED_BY(mu_);
  // directory -> names created since its last sync
  std::map<std::string, std::set<std::string>> new_files_ ABSL_GUARDED_BY(mu_);
  std::vector<Rename> renames_ ABSL_GUARDED_BY(mu_);  // not yet dir-synced
};

}  // namespace hub

#endif  // HUB_STORE_TESTING_POWER_LOSS_FS_H_
