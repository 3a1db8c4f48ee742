// InfoLogger: RocksDB's info log ("LOG" in the store's directory), written
// with plain appends whose errors are ignored, so that a full disk never
// fails or stops the store through its log (RocksDB's own logger writes
// through a WritableFileWriter, which asserts after a failed append).
//
// While capturing (from construction until StopCapture()) it also keeps the
// warnings and errors RocksDB logs, and its lines about recovering the
// write-ahead log, so the hub can say in its own log what RocksDB recovered
// or dropped when the store opened.
//
// Thread safe.
#ifndef HUB_STORE_INTERNAL_INFO_LOGGER_H_
#define HUB_STORE_INTERNAL_INFO_LOGGER_H_

#include <cstdarg>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/env.h"

namespace hub {
namespace internal {

class InfoLogger : public rocksdb::Logger {
 public:
  // Appends to path (moving a LOG over 16 MiB aside to path + ".old"); with
  // an empty path, or when the file cannot be opened, only captures.
  explicit InfoLogger(const std::string& path);
  ~InfoLogger() override;

  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override;
  void Logv(const rocksdb::InfoLogLevel level, const char* format,
            va_list ap) override;

  // Stops capturing and returns what was captured (at most 200 lines).
  std::vector<std::string> StopCapture();

 private:
  void Write(rocksdb::InfoLogLevel level, const char* format, va_list ap);

  int fd_ = -1;
  absl::Mutex mu_;
  bool capturing_ ABSL_GUARDED_BY(mu_) = true;
  std::vector<std::string> captured_ ABSL_GUARDED_BY(mu_);
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_STORE_INTERNAL_INFO_LOGGER_H_
