#include "hub/oplog/oplog.h"

#include <unistd.h>

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace hub {
namespace oplog {
namespace {

absl::Mutex sink_mu(absl::kConstInit);
std::function<void(absl::string_view)>* sink ABSL_GUARDED_BY(sink_mu) = nullptr;

void WriteLine(std::string line) {
  absl::MutexLock lock(&sink_mu);
  if (sink != nullptr) {
    (*sink)(line);
    return;
  }
  line += '\n';
  const char* p = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(STDERR_FILENO, p, left);
    if (n <= 0) return;  // best effort: the log must never stop the hub
    p += n;
    left -= static_cast<size_t>(n);
  }
}

const char* LevelName(Level level) {
  switch (level) {
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

// Length of the UTF-8 sequence at s[i], or 0 when it is not one.
size_t Utf8Length(absl::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80         ? 1
             : (c >> 5) == 6  ? 2
             : (c >> 4) == 14 ? 3
             : (c >> 3) == 30 ? 4
                              : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return 0;
  }
  return n;
}

}  // namespace

std::string JsonString(absl::string_view value) {
  std::string out = "\"";
  for (size_t i = 0; i < value.size();) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7f) {
      absl::StrAppend(&out, "\\u00", absl::Hex(c, absl::kZeroPad2));
    } else if (c >= 0x80) {
      size_t n = Utf8Length(value, i);
      if (n == 0) {
        out += "\xEF\xBF\xBD";  // U+FFFD
        ++i;
        continue;
      }
      out.append(value.data() + i, n);
      i += n;
      continue;
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  out += '"';
  return out;
}

Entry::Entry(Level level, absl::string_view event) {
  line_ = absl::StrCat("{\"ts\":\"",
                       absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::Now(),
                                        absl::UTCTimeZone()),
                       "\",\"level\":\"", LevelName(level),
                       "\",\"event\":", JsonString(event));
}

Entry::~Entry() {
  line_ += '}';
  WriteLine(std::move(line_));
}

void Entry::Key(absl::string_view key) {
  absl::StrAppend(&line_, ",", JsonString(key), ":");
}

Entry& Entry::Str(absl::string_view key, absl::string_view value) {
  Key(key);
  line_ += JsonString(value);
  return *this;
}

Entry& Entry::Int(absl::string_view key, int64_t value) {
  Key(key);
  absl::StrAppend(&line_, value);
  return *this;
}

Entry& Entry::Uint(absl::string_view key, uint64_t value) {
  Key(key);
  absl::StrAppend(&line_, value);
  return *this;
}

Entry& Entry::Num(absl::string_view key, double value) {
  Key(key);
  if (std::isfinite(value)) {
    absl::StrAppend(&line_, value);
  } else {
    line_ += "null";
  }
  return *this;
}

Entry& Entry::Bool(absl::string_view key, bool value) {
  Key(key);
  line_ += value ? "true" : "false";
  return *this;
}

Entry& Entry::Status(const absl::Status& status) {
  Str("code", CodeName(status.code()));
  if (!status.ok()) Str("message", status.message());
  return *this;
}

void SetSinkForTesting(std::function<void(absl::string_view line)> s) {
  absl::MutexLock lock(&sink_mu);
  delete sink;
  sink = s ? new std::function<void(absl::string_view)>(std::move(s)) : nullptr;
}

const char* CodeName(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return "OK";
    case absl::StatusCode::kCancelled:
      return "CANCELLED";
    case absl::StatusCode::kUnknown:
      return "UNKNOWN";
    case absl::StatusCode::kInvalidArgument:
      return "INVALID_ARGUMENT";
    case absl::StatusCode::kDeadlineExceeded:
      return "DEADLINE_EXCEEDED";
    case absl::StatusCode::kNotFound:
      return "NOT_FOUND";
    case absl::StatusCode::kAlreadyExists:
      return "ALREADY_EXISTS";
    case absl::StatusCode::kPermissionDenied:
      return "PERMISSION_DENIED";
    case absl::StatusCode::kResourceExhausted:
      return "RESOURCE_EXHAUSTED";
    case absl::StatusCode::kFailedPrecondition:
      return "FAILED_PRECONDITION";
    case absl::StatusCode::kAborted:
      return "ABORTED";
    case absl::StatusCode::kOutOfRange:
      return "OUT_OF_RANGE";
    case absl::StatusCode::kUnimplemented:
      return "UNIMPLEMENTED";
    case absl::StatusCode::kInternal:
      return "INTERNAL";
    case absl::StatusCode::kUnavailable:
      return "UNAVAILABLE";
    case absl::StatusCode::kDataLoss:
      return "DATA_LOSS";
    case absl::StatusCode::kUnauthenticated:
      return "UNAUTHENTICATED";
    default:
      return "UNKNOWN";
  }
}

std::string Reason(const absl::Status& status) {
  return absl::AsciiStrToLower(CodeName(status.code()));
}

}  // namespace oplog
}  // namespace hub
