// WAL scan: reads RocksDB's write-ahead log files before the store opens, to
// tell a write cut off by a crash from damage in the middle of the log.
//
// RocksDB's own recovery modes cannot tell them apart: kPointInTimeRecovery
// and kTolerateCorruptedTailRecords silently stop at a damaged record in the
// middle of the log and drop every acknowledged write after it, while
// kAbsoluteConsistency also refuses the incomplete final record that any
// crash can leave. The scan walks the log format (32 KiB blocks of records,
// each with a masked CRC32C over its type and payload, as RocksDB's
// db/log_format.h defines it) and reports:
//   * a clean log;
//   * a torn tail: the last record is incomplete at the end of the newest
//     file (a write in progress at the crash, never acknowledged);
//   * damage: a record with a bad checksum, length or type, and whether any
//     intact write batch follows it (in the same file or a later one), which
//     means acknowledged writes would be lost.
#ifndef HUB_STORE_INTERNAL_WAL_SCAN_H_
#define HUB_STORE_INTERNAL_WAL_SCAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hub {
namespace internal {

struct WalFileScan {
  std::string name;     // e.g. "000012.log"
  uint64_t number = 0;  // 12
  uint64_t bytes = 0;
  uint64_t batches = 0;  // complete write batches before any problem
};

struct WalScan {
  enum class Outcome { kClean, kTornTail, kDamaged };
  Outcome outcome = Outcome::kClean;
  std::vector<WalFileScan> files;  // oldest first
  uint64_t bytes = 0;              // all files
  uint64_t batches = 0;            // intact batches before the problem
  // Set unless kClean: where the problem starts and what it is.
  std::string problem_file;
  uint64_t problem_offset = 0;
  std::string problem;
  bool truncated_tail = false;  // the problem is a record cut off at the end
  // Bytes from the problem to the end of the log (all later files too): what
  // a point-in-time recovery drops.
  uint64_t dropped_bytes = 0;
  // kDamaged: intact write batches found after the damage, and their bytes.
  uint64_t batches_after = 0;
  uint64_t bytes_after = 0;

  // One line for the operator's log.
  std::string Describe() const;
};

// Scans the "*.log" files in directory dir. Fails only when they cannot be
// read.
absl::StatusOr<WalScan> ScanWal(const std::string& dir);

// Scans one file's bytes (exposed for tests). Sets file->batches and
// returns false with *offset and *problem at the first problem; *truncated
// tells an incomplete final record from damage.
bool ScanWalBytes(absl::string_view data, WalFileScan* file, uint64_t* offset,
                  std::string* problem, bool* truncated);

// Intact write batches starting at or after offset (each a full record, or a
// first fragment with a valid checksum), and their bytes: a search that
// resynchronizes byte by byte after damage.
void CountIntactAfter(absl::string_view data, uint64_t offset,
                      uint64_t* batches, uint64_t* bytes);

// RocksDB's masked CRC32C of a record: type byte then payload (for tests
// that build log files).
uint32_t WalRecordCrc(uint8_t type, absl::string_view payload);

}  // namespace internal
}  // namespace hub

#endif  // HUB_STORE_INTERNAL_WAL_SCAN_H_
