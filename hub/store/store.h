// Store: the hub's durable key-value storage, split into column families.
//
// The engine talks only to this interface, so a replicated engine can take
// the place of the embedded RocksDB one (DESIGN.md section 7). Two
// implementations ship: OpenRocksDbStore() for production and NewMemStore()
// for tests.
//
// What each column holds and how its keys are encoded is the storage schema,
// defined in one place: hub/schema/schema.h. The store itself knows only
// column families of byte-wise ordered keys.
//
// Thread safety: all methods may be called concurrently. A Write() is atomic:
// either every operation in the batch becomes visible, or none does.
#ifndef HUB_STORE_STORE_H_
#define HUB_STORE_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hub {

// Column families (their keys and values: hub/schema/schema.h). The numeric
// values are part of no on-disk format; the names returned by ColumnName()
// are.
enum class Column {
  kSubmissions = 0,  // receipts of accepted submissions
  kLog = 1,          // the change log
  kRecords = 2,      // merged records
  kCatalog = 3,      // catalog entries
  kIndex = 4,        // secondary indexes of the merged records
  kMeta = 5,         // small singletons (log head, locks, format version)
};
inline constexpr int kNumColumns = 6;
const char* ColumnName(Column column);

// A group of writes applied atomically by Store::Write().
class WriteBatch {
 public:
  struct Op {
    Column column;
    std::string key;
    std::string value;
    bool is_delete;
  };

  void Put(Column column, absl::string_view key, absl::string_view value);
  void Delete(Column column, absl::string_view key);
  const std::vector<Op>& ops() const { return ops_; }
  size_t size() const { return ops_.size(); }
  bool empty() const { return ops_.empty(); }
  // Approximate payload size in bytes.
  size_t ByteSize() const { return bytes_; }

 private:
  std::vector<Op> ops_;
  size_t bytes_ = 0;
};

// Forward iterator over one column family in byte-wise key order.
// Not thread safe; owned by the caller.
class Iterator {
 public:
  virtual ~Iterator() = default;
  virtual void Seek(absl::string_view target) = 0;  // first key >= target
  virtual bool Valid() const = 0;
  virtual void Next() = 0;                      // REQUIRES: Valid()
  virtual absl::string_view key() const = 0;    // REQUIRES: Valid()
  virtual absl::string_view value() const = 0;  // REQUIRES: Valid()
  // OK unless iteration stopped because of an error.
  virtual absl::Status status() const = 0;
};

// A consistent, read-only view of every column as of the moment it was
// taken (after LevelDB's Snapshot): writes made later are not seen, in any
// column. Its iterators may outlive it (they hold what they read); the store
// must outlive both.
//
// Thread safety: a Snapshot's methods may be called concurrently.
class Snapshot {
 public:
  virtual ~Snapshot() = default;

  // As Store::Get(), as of the snapshot.
  virtual absl::Status Get(Column column, absl::string_view key,
                           std::string* value) const = 0;

  // An iterator over column as of the snapshot, initially not positioned.
  virtual std::unique_ptr<Iterator> NewIterator(Column column) const = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Sets *value and returns OK if column holds key. If there is no entry for
  // key, leaves *value unchanged and returns a NotFound status.
  virtual absl::Status Get(Column column, absl::string_view key,
                           std::string* value) const = 0;

  // Applies batch atomically. When sync is true the write-ahead log is
  // flushed to stable storage before Write() returns, so the batch survives
  // a crash of the process or of the machine.
  virtual absl::Status Write(const WriteBatch& batch, bool sync) = 0;

  // Returns an iterator over column, initially not positioned (call Seek).
  // The iterator sees a consistent snapshot taken at creation.
  virtual std::unique_ptr<Iterator> NewIterator(Column column) const = 0;

  // A snapshot of every column, taken now. The store must outlive it.
  virtual std::shared_ptr<const Snapshot> NewSnapshot() const = 0;
};

// Opens (creating if missing) a RocksDB store in directory path, with the
// defaults of RocksDbOptions (rocksdb_store.h: strict WAL recovery, writes
// refused below 256 MiB free, a 64 MiB bound on the write-ahead log).
absl::StatusOr<std::unique_ptr<Store>> OpenRocksDbStore(
    const std::string& path);

// Returns an empty in-memory store, for tests.
std::unique_ptr<Store> NewMemStore();

}  // namespace hub

#endif  // HUB_STORE_STORE_H_
