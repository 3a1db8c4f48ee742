#include "adapters/internal/coverage.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace hub {
namespace adapters {
namespace internal {
namespace {

Period M(int month) { return *Period::Parse(absl::StrCat("2024-0", month)); }

TEST(PartCoverageTest, ARegionWithBothPartsEveryMonthHasNoGap) {
  PartCoverage c("primary_care_visit_share", {"基层", "hospitals"});
  for (int m = 1; m <= 3; ++m) {
    c.Saw("350421", M(m), 1);
    c.Saw("350421", M(m), 0);
  }
  EXPECT_TRUE(c.Gaps().empty());
}

TEST(PartCoverageTest, NamesTheRegionThePartAndTheMonths) {
  PartCoverage c("primary_care_visit_share",
                 {"基层 (primary-care) institutions", "hospitals"});
  for (int m = 1; m <= 2; ++m) c.Saw("350404", M(m), 1);
  c.Saw("350421", M(1), 0);
  c.Saw("350421", M(1), 1);
  c.Saw("350421", M(2), 1);  // February without 基层 rows
  std::vector<PartCoverage::Gap> gaps = c.Gaps();
  ASSERT_EQ(gaps.size(), 2u);
  EXPECT_EQ(c.WarningText(gaps[0]),
            "三元区 350404: primary_care_visit_share not derived: no rows of "
            "基层 (primary-care) institutions in 2024-01, 2024-02 (a share "
            "needs rows of both its parts in every month)");
  EXPECT_EQ(gaps[1].region, "350421");
  ASSERT_EQ(gaps[1].missing.size(), 1u);
  EXPECT_THAT(gaps[1].missing[0].second, ::testing::ElementsAre("2024-02"));
}

TEST(PartCoverageTest, OnlyTheNumeratorsPartIsAGapToo) {
  PartCoverage c("county_fund_spending_share", {"县域内 lines", "other lines"});
  c.Saw("350426", M(1), 0);
  std::vector<PartCoverage::Gap> gaps = c.Gaps();
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].missing[0].first, "other lines");
}

}  // namespace
}  // namespace internal
}  // namespace adapters
}  // namespace hub
