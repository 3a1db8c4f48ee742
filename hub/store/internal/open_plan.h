// Internal to hub/store: what RocksDbStore needs to open (and reopen) its
// database, and the opened instance.
#ifndef HUB_STORE_INTERNAL_OPEN_PLAN_H_
#define HUB_STORE_INTERNAL_OPEN_PLAN_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "hub/store/internal/info_logger.h"
#include "hub/store/internal/space_wait_fs.h"
#include "hub/store/rocksdb_store.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/options.h"
#include "rocksdb/statistics.h"

namespace hub {

struct RocksDbStore::Instance {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // indexed by Column
  bool read_only = false;
  ~Instance();
};

namespace internal {

struct OpenPlan {
  std::shared_ptr<rocksdb::FileSystem> base_fs;  // free-space queries
  std::shared_ptr<SpaceWaitFileSystem> fs;
  std::unique_ptr<rocksdb::Env> env;
  std::shared_ptr<InfoLogger> info_log;
  std::shared_ptr<rocksdb::Statistics> statistics;
  rocksdb::DBOptions db_options;  // env, info_log, statistics set
  rocksdb::ColumnFamilyOptions cf_options;
};

// Maps a RocksDB status to the hub's codes: NotFound, DataLoss for
// corruption, Unavailable for I/O errors, Internal otherwise.
absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what);

// Opens the database at path with plan's options, read-only or not.
absl::StatusOr<std::shared_ptr<RocksDbStore::Instance>> OpenInstance(
    const std::string& path, const OpenPlan& plan, bool read_only);

}  // namespace internal
}  // namespace hub

#endif  // HUB_STORE_INTERNAL_OPEN_PLAN_H_
