// RateLimiter: a token bucket per key (a principal), the per-principal call
// rate of hubd (limits.h).
//
// Each key's bucket holds up to `burst` tokens and refills at `rate` tokens
// a second; a call takes one. Buckets of keys not seen for a while are
// dropped, so memory is bounded by the keys active recently (at most
// max_keys; beyond that the oldest are dropped first).
//
// Thread safety: all methods may be called concurrently.
#ifndef HUB_SERVER_RATE_LIMITER_H_
#define HUB_SERVER_RATE_LIMITER_H_

#include <list>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace hub {
namespace internal {

class RateLimiter {
 public:
  // REQUIRES: rate > 0, burst >= 1.
  RateLimiter(double rate, int burst, size_t max_keys = 100000);

  // Takes a token of key's bucket at now: zero when one was there, else
  // how long until one will be (nothing is taken then).
  absl::Duration Take(absl::string_view key, absl::Time now);

  size_t keys() const;

 private:
  struct Bucket {
    double tokens;
    absl::Time updated;
    std::list<std::string>::iterator age;  // position in by_age_
  };

  const double rate_;
  const double burst_;
  const size_t max_keys_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
  std::list<std::string> by_age_ ABSL_GUARDED_BY(mu_);  // most recent last
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_SERVER_RATE_LIMITER_H_
