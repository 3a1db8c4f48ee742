#include "hub/server/rate_limiter.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace hub {
namespace internal {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1700000000);

TEST(RateLimiterTest, ABurstThenTheRate) {
  RateLimiter limiter(/*rate=*/10, /*burst=*/5);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(limiter.Take("finance@350400", kT0), absl::ZeroDuration()) << i;
  }
  // Empty: the next token comes in a tenth of a second.
  EXPECT_EQ(limiter.Take("finance@350400", kT0), absl::Milliseconds(100));
  EXPECT_EQ(limiter.Take("finance@350400", kT0 + absl::Milliseconds(50)),
            absl::Milliseconds(50));
  EXPECT_EQ(limiter.Take("finance@350400", kT0 + absl::Milliseconds(100)),
            absl::ZeroDuration());
  // Over a second, ten calls and no more.
  int granted = 0;
  for (int ms = 101; ms <= 1100; ++ms) {
    granted += limiter.Take("finance@350400", kT0 + absl::Milliseconds(ms)) ==
               absl::ZeroDuration();
  }
  EXPECT_EQ(granted, 10);
}

TEST(RateLimiterTest, EachPrincipalHasItsOwnBucket) {
  RateLimiter limiter(1, 1);
  EXPECT_EQ(limiter.Take("analyst@350400", kT0), absl::ZeroDuration());
  EXPECT_GT(limiter.Take("analyst@350400", kT0), absl::ZeroDuration());
  EXPECT_EQ(limiter.Take("finance@350400", kT0), absl::ZeroDuration());
}

TEST(RateLimiterTest, MemoryIsBoundedByTheKeysRecentlyActive) {
  RateLimiter limiter(1000, 10, /*max_keys=*/100);
  for (int i = 0; i < 10000; ++i) {
    limiter.Take(absl::StrCat("p", i), kT0);
  }
  EXPECT_LE(limiter.keys(), 100u);
  // A key refilled long ago is forgotten when a new one comes.
  limiter.Take("late", kT0 + absl::Seconds(1));
  EXPECT_LE(limiter.keys(), 1u);
}

}  // namespace
}  // namespace internal
}  // namespace hub
