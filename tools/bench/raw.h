// The raw baselines of hub_bench, in the same run as the hub's figures:
// RocksDB (opened with the hub's own options, hub/store OpenRocksDbStore)
// doing the storage work of a scenario and nothing else.
#ifndef HUB_TOOLS_BENCH_RAW_H_
#define HUB_TOOLS_BENCH_RAW_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "hub/store/store.h"
#include "hub/v1/model.pb.h"
#include "tools/bench/load.h"

namespace hub {
namespace bench {

// The writes the hub makes for one submission of the ingest workload that
// updates an existing record (stored submission, SUBMISSION_ACCEPTED and
// RECORD_CHANGED events, the record, its index entries), captured from the
// engine itself on an in-memory store loaded with catalog; the log head is
// left out (one per group).
absl::StatusOr<std::vector<WriteBatch::Op>> CaptureSubmissionWrites(
    const v1::Catalog& catalog);

// `clients` threads, each writing synced groups of `inflight` submissions'
// writes (ops, keys made unique per submission; one head per group) into a
// fresh RocksDB in dir, for the shape's window. Rate: submissions/s.
LoadResult RawSyncedGroups(const std::string& dir,
                           const std::vector<WriteBatch::Op>& ops,
                           const Shape& shape);

// One fsync of the WAL: a synced write of one small key, repeated.
LoadResult RawFsync(const std::string& dir, double seconds);

// Get of key in column, one at a time, for seconds.
LoadResult RawGet(const Store& store, Column column, const std::string& key,
                  double seconds);
// A prefix scan of the first n keys at or after start in column, repeated.
LoadResult RawScan(const Store& store, Column column, const std::string& start,
                   int n, double seconds);

struct ScanResult {
  uint64_t entries = 0;
  uint64_t bytes = 0;
  double seconds = 0;
};
// Every entry of column, once.
ScanResult RawFullScan(const Store& store, Column column);
// Every entry of column, each put into a fresh in-memory store in batches
// of 1000 (what a re-execution that rewrites what it reads must do at
// least).
ScanResult RawScanAndPut(const Store& store, Column column);

}  // namespace bench
}  // namespace hub

#endif  // HUB_TOOLS_BENCH_RAW_H_
