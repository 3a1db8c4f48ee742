#include "hub/store/internal/wal_scan.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "hub/common/file_util.h"

// RocksDB's CRC32C (util/crc32c.h, not among its installed headers but
// exported by librocksdb): the very function its log writer checksums with.
namespace rocksdb {
namespace crc32c {
uint32_t Extend(uint32_t init_crc, const char* data, size_t n);
}  // namespace crc32c
}  // namespace rocksdb

namespace hub {
namespace internal {
namespace {

// db/log_format.h
constexpr uint64_t kBlockSize = 32768;
constexpr uint64_t kHeaderSize = 7;  // checksum (4), length (2), type (1)
enum RecordType : uint8_t {
  kZeroType = 0,
  kFullType = 1,
  kFirstType = 2,
  kMiddleType = 3,
  kLastType = 4,
  kSetCompressionType = 9,
};
constexpr uint32_t kMaskDelta = 0xa282ead8u;

uint32_t Fixed32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return uint32_t{u[0]} | uint32_t{u[1]} << 8 | uint32_t{u[2]} << 16 |
         uint32_t{u[3]} << 24;
}

struct Header {
  uint32_t crc;
  uint64_t length;
  uint8_t type;
};

Header ReadHeader(absl::string_view data, uint64_t pos) {
  const char* p = data.data() + pos;
  return {Fixed32(p),
          uint64_t{static_cast<unsigned char>(p[4])} |
              uint64_t{static_cast<unsigned char>(p[5])} << 8,
          static_cast<uint8_t>(p[6])};
}

bool ChecksumOk(absl::string_view data, uint64_t pos, const Header& h) {
  return h.crc ==
         WalRecordCrc(h.type, data.substr(pos + kHeaderSize, h.length));
}

std::string Size(uint64_t bytes) {
  if (bytes < 10 * 1024) return absl::StrCat(bytes, " bytes");
  if (bytes < 10 * 1024 * 1024) return absl::StrCat(bytes / 1024, " KiB");
  return absl::StrCat(bytes / (1024 * 1024), " MiB");
}

}  // namespace

uint32_t WalRecordCrc(uint8_t type, absl::string_view payload) {
  char t = static_cast<char>(type);
  uint32_t crc = rocksdb::crc32c::Extend(0, &t, 1);
  crc = rocksdb::crc32c::Extend(crc, payload.data(), payload.size());
  return ((crc >> 15) | (crc << 17)) + kMaskDelta;
}

bool ScanWalBytes(absl::string_view data, WalFileScan* file, uint64_t* offset,
                  std::string* problem, bool* truncated) {
  const uint64_t size = data.size();
  uint64_t pos = 0;
  bool in_fragment = false;
  uint64_t fragment_start = 0;
  auto fail = [&](uint64_t at, std::string why, bool cut) {
    *offset = at;
    *problem = std::move(why);
    *truncated = cut;
    return false;
  };
  while (pos < size) {
    const uint64_t block_left = kBlockSize - pos % kBlockSize;
    if (block_left < kHeaderSize) {  // block trailer
      pos += block_left;
      continue;
    }
    if (size - pos < kHeaderSize) {
      return fail(in_fragment ? fragment_start : pos,
                  "incomplete record header at the end of the file", true);
    }
    const Header h = ReadHeader(data, pos);
    if (h.type == kZeroType && h.length == 0) {  // preallocated, unwritten
      pos += block_left;
      continue;
    }
    if (kHeaderSize + h.length > block_left) {
      return fail(pos, absl::StrCat("bad record length ", h.length), false);
    }
    if (pos + kHeaderSize + h.length > size) {
      return fail(in_fragment ? fragment_start : pos,
                  "incomplete record at the end of the file", true);
    }
    if (h.type > kLastType && h.type != kSetCompressionType) {
      return fail(pos, absl::StrCat("unknown record type ", h.type), false);
    }
    if (!ChecksumOk(data, pos, h)) {
      return fail(pos, "checksum mismatch", false);
    }
    switch (h.type) {
      case kFullType:
        if (in_fragment) {
          return fail(fragment_start, "fragmented batch without its end",
                      false);
        }
        ++file->batches;
        break;
      case kFirstType:
        if (in_fragment) {
          return fail(fragment_start, "fragmented batch without its end",
                      false);
        }
        in_fragment = true;
        fragment_start = pos;
        break;
      case kMiddleType:
      case kLastType:
        if (!in_fragment) {
          return fail(pos, "fragment without the start of its batch", false);
        }
        if (h.type == kLastType) {
          in_fragment = false;
          ++file->batches;
        }
        break;
      default:  // kSetCompressionType: no batch
        break;
    }
    pos += kHeaderSize + h.length;
  }
  if (in_fragment) {
    return fail(fragment_start, "fragmented batch cut off at the end", true);
  }
  return true;
}

void CountIntactAfter(absl::string_view data, uint64_t offset,
                      uint64_t* batches, uint64_t* bytes) {
  const uint64_t size = data.size();
  uint64_t pos = offset;
  while (pos + kHeaderSize <= size) {
    const uint64_t block_left = kBlockSize - pos % kBlockSize;
    const auto type = static_cast<uint8_t>(data[pos + 6]);
    if (block_left >= kHeaderSize &&
        (type == kFullType || type == kFirstType)) {
      const Header h = ReadHeader(data, pos);
      if (h.length > 0 && kHeaderSize + h.length <= block_left &&
          pos + kHeaderSize + h.length <= size && ChecksumOk(data, pos, h)) {
        ++*batches;
        *bytes += kHeaderSize + h.length;
        pos += kHeaderSize + h.length;
        continue;
      }
    }
    ++pos;
  }
}

std::string WalScan::Describe() const {
  uint64_t files_bytes = 0;
  for (const WalFileScan& f : files) files_bytes += f.bytes;
  std::string scanned =
      absl::StrCat(files.size(), " WAL file(s), ", Size(files_bytes), ", ",
                   batches, " intact write batches");
  switch (outcome) {
    case Outcome::kClean:
      return absl::StrCat("write-ahead log intact: ", scanned);
    case Outcome::kTornTail:
      return absl::StrCat("write-ahead log ends in an incomplete write (",
                          problem, " at ", problem_file, " offset ",
                          problem_offset, ", ", Size(dropped_bytes),
                          "): a write cut off by the crash",
                          truncated_tail ? "" : ", or damage to the last write",
                          ", dropped; nothing intact follows; ", scanned);
    case Outcome::kDamaged:
      return absl::StrCat(
          "write-ahead log damaged in the middle: ", problem, " at ",
          problem_file, " offset ", problem_offset, "; ", batches_after,
          " intact write batches (", Size(bytes_after),
          ") of later, acknowledged writes follow the damage and would be "
          "lost with the ",
          Size(dropped_bytes), " after it; ", scanned);
  }
  return scanned;
}

absl::StatusOr<WalScan> ScanWal(const std::string& dir) {
  WalScan scan;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    absl::string_view stem = name;
    uint64_t number = 0;
    if (!absl::ConsumeSuffix(&stem, ".log") ||
        !absl::SimpleAtoi(stem, &number)) {
      continue;
    }
    scan.files.push_back({name, number, 0, 0});
  }
  if (ec) return scan;  // no directory yet: a new store
  std::sort(scan.files.begin(), scan.files.end(),
            [](const WalFileScan& a, const WalFileScan& b) {
              return a.number < b.number;
            });
  bool found = false;
  for (WalFileScan& f : scan.files) {
    absl::StatusOr<std::string> data = ReadFileToString(dir + "/" + f.name);
    if (!data.ok()) return data.status();
    f.bytes = data->size();
    scan.bytes += f.bytes;
    if (found) {  // everything after the problem is dropped by a salvage
      scan.dropped_bytes += f.bytes;
      CountIntactAfter(*data, 0, &scan.batches_after, &scan.bytes_after);
      continue;
    }
    uint64_t offset = 0;
    bool truncated = false;
    std::string problem;
    if (!ScanWalBytes(*data, &f, &offset, &problem, &truncated)) {
      found = true;
      scan.problem_file = f.name;
      scan.problem_offset = offset;
      scan.problem = problem;
      scan.dropped_bytes = f.bytes - offset;
      scan.truncated_tail = truncated;
      if (!truncated) {
        CountIntactAfter(*data, offset + 1, &scan.batches_after,
                         &scan.bytes_after);
      }
    }
    scan.batches += f.batches;
  }
  if (found) {
    scan.outcome = scan.batches_after == 0 ? WalScan::Outcome::kTornTail
                                           : WalScan::Outcome::kDamaged;
  }
  return scan;
}

}  // namespace internal
}  // namespace hub
