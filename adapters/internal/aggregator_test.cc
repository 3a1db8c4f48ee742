#include "adapters/internal/aggregator.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"

namespace hub {
namespace adapters {
namespace internal {
namespace {

using ::testing::ElementsAre;

TEST(AggregatorTest, SumsExactlyAndKeepsLineRuns) {
  Aggregator agg("test_adapter", 3, "x.csv");
  ItemKey key{"drg_dip_fund_share", "350421", "2024H1"};
  Conv conv{"region_code", "350421", "350421", "identity"};
  for (int64_t line : {2, 3, 4, 9}) {
    ASSERT_THAT(agg.AddRatio(key, "%", *Decimal::Parse("0.10"),
                             *Decimal::Parse("0.20"), {line, ""}, {conv}),
                ::hub::testing::IsOk());
  }
  std::vector<v1::SubmissionItem> items = agg.Finish();
  ASSERT_EQ(items.size(), 1u);
  const v1::IndicatorValue& v = items[0].indicator_value();
  EXPECT_EQ(v.numerator(), "0.40");
  EXPECT_EQ(v.denominator(), "0.80");
  EXPECT_THAT(v.provenance().lines(), ElementsAre(2, 3, 4, 9));
  EXPECT_EQ(v.provenance().adapter_version(), "3");
  EXPECT_EQ(v.provenance().conversions_size(), 1);
  EXPECT_TRUE(v.provenance().field().empty());
}

TEST(AggregatorTest, ListsAtMostMaxLineRunsThenCounts) {
  Aggregator agg("test_adapter", 1, "big.csv");
  ItemKey key{"aed_public_places", "350400", "2024"};
  const int64_t runs = Aggregator::kMaxLineRuns + 5;
  for (int64_t i = 0; i < runs; ++i) {
    // Every other line: no two rows form a run.
    ASSERT_THAT(
        agg.AddValue(key, "台", Decimal::FromInt(1), {2 + 2 * i, ""}, {}),
        ::hub::testing::IsOk());
  }
  std::vector<v1::SubmissionItem> items = agg.Finish();
  const v1::IndicatorValue& v = items[0].indicator_value();
  EXPECT_EQ(v.value(), absl::StrCat(runs));
  EXPECT_EQ(v.provenance().lines_size(), Aggregator::kMaxLineRuns);
  EXPECT_EQ(v.provenance().field(),
            absl::StrCat("lines listed up to ", 2 * Aggregator::kMaxLineRuns,
                         "; 5 more rows through line ", 2 * runs));
}

}  // namespace
}  // namespace internal
}  // namespace adapters
}  // namespace hub
