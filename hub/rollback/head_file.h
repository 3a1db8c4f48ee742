// Internal to hub/rollback: the stored head file and durable file writes.
#ifndef HUB_ROLLBACK_HEAD_FILE_H_
#define HUB_ROLLBACK_HEAD_FILE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace hub {
namespace internal {

struct StoredHead {
  uint64_t size = 0;
  std::string event_hash;  // raw bytes of event `size`'s hash
  int64_t time_micros = 0;
};

// "reform-hub log head v1\nsize N\nevent HEX\ntime MICROS\n"
std::string FormatHead(const StoredHead& head);
// InvalidArgument when text is not a head file.
absl::StatusOr<StoredHead> ParseHead(const std::string& text);

// Writes content to path so that it survives a crash: a temporary file,
// synced, renamed over path, and the directory synced.
absl::Status WriteFileDurably(const std::string& path,
                              const std::string& content);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ROLLBACK_HEAD_FILE_H_
