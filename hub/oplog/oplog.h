// oplog: the operator's log, one JSON object per line (JSON lines).
//
// Every line has "ts" (UTC, microseconds), "level" (info, warn, error) and
// "event" (what happened: "start", "recovery", "rpc", "refusal",
// "shutdown", ...), then the fields its writer added, in the order added:
//
//   oplog::Info("rpc").Str("method", m).Int("duration_us", d).Str("code", c);
//
// The line is written when the Entry goes out of scope, with one write, so
// lines from concurrent threads never interleave. Strings are escaped as
// JSON requires; bytes that are not UTF-8 become U+FFFD.
//
// Thread safe.
#ifndef HUB_OPLOG_OPLOG_H_
#define HUB_OPLOG_OPLOG_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace hub {
namespace oplog {

enum class Level { kInfo, kWarn, kError };

class Entry {
 public:
  Entry(Level level, absl::string_view event);
  ~Entry();  // writes the line
  Entry(const Entry&) = delete;
  Entry& operator=(const Entry&) = delete;

  Entry& Str(absl::string_view key, absl::string_view value);
  Entry& Int(absl::string_view key, int64_t value);
  Entry& Uint(absl::string_view key, uint64_t value);
  Entry& Num(absl::string_view key, double value);
  Entry& Bool(absl::string_view key, bool value);
  // "code" (e.g. "RESOURCE_EXHAUSTED") and "message" of status.
  Entry& Status(const absl::Status& status);

 private:
  void Key(absl::string_view key);
  std::string line_;
};

inline Entry Info(absl::string_view event) {
  return Entry(Level::kInfo, event);
}
inline Entry Warn(absl::string_view event) {
  return Entry(Level::kWarn, event);
}
inline Entry Error(absl::string_view event) {
  return Entry(Level::kError, event);
}

// Where lines go (each without its newline); stderr by default. For tests.
void SetSinkForTesting(std::function<void(absl::string_view line)> sink);

// value as a JSON string literal, quotes included.
std::string JsonString(absl::string_view value);

// The canonical name of code, e.g. "RESOURCE_EXHAUSTED".
const char* CodeName(absl::StatusCode code);
// The refusal reason of a status for logs and metrics: its code in lower
// case ("invalid_argument", "resource_exhausted", ...), "ok" when OK.
std::string Reason(const absl::Status& status);

}  // namespace oplog
}  // namespace hub

#endif  // HUB_OPLOG_OPLOG_H_
