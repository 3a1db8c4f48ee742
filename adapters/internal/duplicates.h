// Internal to adapters/: remembers which rows (by key) a report has seen, in
// 8 bytes per distinct key: a 64-bit fingerprint of the key's text.
// A false "duplicate" would need two distinct keys with the same 64-bit hash:
// about n^2 / 2^65, under 1e-7 for a million distinct keys.
#ifndef HUB_ADAPTERS_INTERNAL_DUPLICATES_H_
#define HUB_ADAPTERS_INTERNAL_DUPLICATES_H_

#include <cstdint>
#include <string>
#include <tuple>

#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/strings/str_join.h"

namespace hub {
namespace adapters {
namespace internal {

class DuplicateFilter {
 public:
  // Returns false if the key made of parts was inserted before.
  template <typename... Parts>
  bool Insert(const Parts&... parts) {
    std::string key = absl::StrJoin(std::forward_as_tuple(parts...), "\x1f");
    return seen_.insert(absl::HashOf(key)).second;
  }

 private:
  absl::flat_hash_set<uint64_t> seen_;
};

}  // namespace internal
}  // namespace adapters
}  // namespace hub

#endif  // HUB_ADAPTERS_INTERNAL_DUPLICATES_H_
