#include "hub/server/rate_limiter.h"

#include <algorithm>

namespace hub {
namespace internal {

RateLimiter::RateLimiter(double rate, int burst, size_t max_keys)
    : rate_(rate), burst_(burst), max_keys_(std::max<size_t>(max_keys, 1)) {}

absl::Duration RateLimiter::Take(absl::string_view key, absl::Time now) {
  absl::MutexLock lock(&mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    // A key idle long enough to have refilled needs no bucket: drop the
    // oldest such, and any beyond max_keys_.
    const absl::Duration full = absl::Seconds(burst_ / rate_);
    while (!by_age_.empty()) {
      auto oldest = buckets_.find(by_age_.front());
      if (buckets_.size() < max_keys_ && now - oldest->second.updated < full) {
        break;
      }
      buckets_.erase(oldest);
      by_age_.pop_front();
    }
    by_age_.emplace_back(key);
    it = buckets_
             .emplace(std::string(key),
                      Bucket{burst_, now, std::prev(by_age_.end())})
             .first;
  } else {
    by_age_.splice(by_age_.end(), by_age_, it->second.age);
  }
  Bucket& b = it->second;
  if (now > b.updated) {
    b.tokens = std::min(
        burst_, b.tokens + absl::ToDoubleSeconds(now - b.updated) * rate_);
    b.updated = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return absl::ZeroDuration();
  }
  return absl::Seconds((1 - b.tokens) / rate_);
}

size_t RateLimiter::keys() const {
  absl::MutexLock lock(&mu_);
  return buckets_.size();
}

}  // namespace internal
}  // namespace hub
