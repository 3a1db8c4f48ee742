// Internal to hub/views: pages of a view's rows by row key, so a page
// token stays meaningful while the hub changes between pages (a row added
// before it does not repeat one, a row removed does not skip one).
#ifndef HUB_VIEWS_INTERNAL_PAGING_H_
#define HUB_VIEWS_INTERNAL_PAGING_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace hub {
namespace views_internal {

struct PageRange {
  size_t begin = 0;  // the page is rows [begin, end)
  size_t end = 0;
  std::string next_page_token;  // empty on the last page
};

// The page of rows whose keys (sorted ascending, unique) follow page_token
// (the next_page_token of the previous page; "" for the first). A
// malformed token is InvalidArgument naming page_token.
absl::StatusOr<PageRange> Page(const std::vector<std::string>& keys,
                               const std::string& page_token, int page_size);

// For views that compute rows lazily: the index of the first key after
// page_token (0 for ""), and the token of a page that ends at key.
absl::StatusOr<size_t> PageStart(const std::vector<std::string>& keys,
                                 const std::string& page_token);
std::string PageToken(const std::string& last_key);

}  // namespace views_internal
}  // namespace hub

#endif  // HUB_VIEWS_INTERNAL_PAGING_H_
