#include "hub/store/internal/info_logger.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace hub {
namespace internal {
namespace {

constexpr off_t kRotateBytes = 16 << 20;
constexpr size_t kMaxCaptured = 200;

const char* LevelName(rocksdb::InfoLogLevel level) {
  switch (level) {
    case rocksdb::InfoLogLevel::DEBUG_LEVEL:
      return "DEBUG";
    case rocksdb::InfoLogLevel::INFO_LEVEL:
      return "INFO";
    case rocksdb::InfoLogLevel::WARN_LEVEL:
      return "WARN";
    case rocksdb::InfoLogLevel::ERROR_LEVEL:
      return "ERROR";
    case rocksdb::InfoLogLevel::FATAL_LEVEL:
      return "FATAL";
    default:
      return "HEADER";
  }
}

// Lines about the write-ahead log's recovery worth the operator's log.
bool IsRecoveryLine(absl::string_view line) {
  for (absl::string_view word :
       {"Recovering log", "dropping", "Corruption", "corrupt", "Recovered",
        "recovered", "Skipping", "truncat"}) {
    if (absl::StrContains(line, word)) return true;
  }
  return false;
}

}  // namespace

InfoLogger::InfoLogger(const std::string& path)
    : rocksdb::Logger(rocksdb::InfoLogLevel::INFO_LEVEL) {
  if (path.empty()) return;
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && st.st_size > kRotateBytes) {
    ::rename(path.c_str(), (path + ".old").c_str());
  }
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

InfoLogger::~InfoLogger() {
  if (fd_ >= 0) ::close(fd_);
}

void InfoLogger::Logv(const char* format, va_list ap) {
  Write(rocksdb::InfoLogLevel::HEADER_LEVEL, format, ap);
}

void InfoLogger::Logv(const rocksdb::InfoLogLevel level, const char* format,
                      va_list ap) {
  if (level < GetInfoLogLevel()) return;
  Write(level, format, ap);
}

void InfoLogger::Write(rocksdb::InfoLogLevel level, const char* format,
                       va_list ap) {
  char message[2048];
  vsnprintf(message, sizeof message, format, ap);
  std::string line = absl::FormatTime("%Y/%m/%d-%H:%M:%E6S ", absl::Now(),
                                      absl::LocalTimeZone());
  line += LevelName(level);
  line += ' ';
  line += message;
  if (line.empty() || line.back() != '\n') line += '\n';
  if (fd_ >= 0) {
    // Errors (a full disk) are ignored: the info log is best effort.
    ssize_t ignored = ::write(fd_, line.data(), line.size());
    (void)ignored;
  }
  absl::MutexLock lock(&mu_);
  if (capturing_ && captured_.size() < kMaxCaptured &&
      level != rocksdb::InfoLogLevel::HEADER_LEVEL &&
      (level >= rocksdb::InfoLogLevel::WARN_LEVEL || IsRecoveryLine(message))) {
    line.pop_back();
    captured_.push_back(std::move(line));
  }
}

std::vector<std::string> InfoLogger::StopCapture() {
  absl::MutexLock lock(&mu_);
  capturing_ = false;
  return std::move(captured_);
}

}  // namespace internal
}  // namespace hub
