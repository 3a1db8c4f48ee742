#include "hub/rollback/head_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace hub {
namespace internal {

std::string FormatHead(const StoredHead& head) {
  return absl::StrCat("reform-hub log head v1\nsize ", head.size, "\nevent ",
                      absl::BytesToHexString(head.event_hash), "\ntime ",
                      head.time_micros, "\n");
}

absl::StatusOr<StoredHead> ParseHead(const std::string& text) {
  std::vector<std::string> l = absl::StrSplit(text, '\n', absl::SkipEmpty());
  StoredHead head;
  auto field = [&](size_t i, absl::string_view word) -> std::string {
    if (i >= l.size() || !absl::StartsWith(l[i], absl::StrCat(word, " "))) {
      return "";
    }
    return l[i].substr(word.size() + 1);
  };
  std::string hex = field(2, "event");
  if (l.size() != 4 || l[0] != "reform-hub log head v1" ||
      !absl::SimpleAtoi(field(1, "size"), &head.size) ||
      !absl::SimpleAtoi(field(3, "time"), &head.time_micros) ||
      hex.size() != 64) {
    return absl::InvalidArgumentError(
        "not a reform-hub log head file (want: header, size, event, time)");
  }
  head.event_hash = absl::HexStringToBytes(hex);
  return head;
}

absl::Status WriteFileDurably(const std::string& path,
                              const std::string& content) {
  const std::string tmp = path + ".tmp";
  auto fail = [&](const std::string& what) {
    absl::Status s = absl::UnavailableError(
        absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
    ::unlink(tmp.c_str());
    return s;
  };
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fail("cannot create");
  const char* p = content.data();
  size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return fail("cannot write");
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return fail("cannot sync");
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return fail("cannot rename");
  const std::string dir = std::filesystem::path(path).parent_path().string();
  int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return absl::OkStatus();
}

}  // namespace internal
}  // namespace hub
