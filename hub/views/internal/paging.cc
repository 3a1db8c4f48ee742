#include "hub/views/internal/paging.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "hub/model/errors.h"

namespace hub {
namespace views_internal {
namespace {

constexpr char kTokenPrefix[] = "v1:";

}  // namespace

absl::StatusOr<size_t> PageStart(const std::vector<std::string>& keys,
                                 const std::string& page_token) {
  if (page_token.empty()) return 0;
  std::string after;
  if (!absl::WebSafeBase64Unescape(page_token, &after) ||
      !absl::StartsWith(after, kTokenPrefix)) {
    return InvalidArgumentWithViolations(
        "bad request",
        {{"page_token", "malformed; pass back next_page_token"}});
  }
  after.erase(0, sizeof(kTokenPrefix) - 1);
  return std::upper_bound(keys.begin(), keys.end(), after) - keys.begin();
}

std::string PageToken(const std::string& last_key) {
  return absl::WebSafeBase64Escape(kTokenPrefix + last_key);
}

absl::StatusOr<PageRange> Page(const std::vector<std::string>& keys,
                               const std::string& page_token, int page_size) {
  PageRange out;
  absl::StatusOr<size_t> start = PageStart(keys, page_token);
  if (!start.ok()) return start.status();
  out.begin = *start;
  out.end = std::min(keys.size(), out.begin + static_cast<size_t>(page_size));
  if (out.end < keys.size()) out.next_page_token = PageToken(keys[out.end - 1]);
  return out;
}

}  // namespace views_internal
}  // namespace hub
