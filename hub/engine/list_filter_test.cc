// A filter naming what the catalog does not know is an error naming the
// field, not an empty page: `hubctl list --period 2024上半年` used to print
// "(0 records)".
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/engine/internal/hub_fixture.h"
#include "hub/model/errors.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::P;
using ::hub::testing::StatusIs;
using ::testing::HasSubstr;

class ListFilterTest : public ::hub::testing::SeedHubTest {};

TEST_F(ListFilterTest, AMalformedPeriodIsInvalidArgumentNamingIt) {
  RecordFilter f;
  f.period = "2024上半年";
  auto page = hub_->ListRecords(P("analyst@350400"), f, 10, "");
  EXPECT_THAT(page, StatusIs(absl::StatusCode::kInvalidArgument,
                             HasSubstr("period: \"2024上半年\" is not a valid "
                                       "period")));
  ASSERT_EQ(GetFieldViolations(page.status()).size(), 1u);
  EXPECT_EQ(GetFieldViolations(page.status())[0].field, "period");
}

TEST_F(ListFilterTest, UnknownCodesAreNamed) {
  RecordFilter f;
  f.region_code = "350499";
  f.indicator_code = "county_fund_share";
  auto page = hub_->ListRecords(P("analyst@350400"), f, 10, "");
  EXPECT_THAT(page, StatusIs(absl::StatusCode::kInvalidArgument,
                             HasSubstr("region_code: unknown region "
                                       "\"350499\"")));
  EXPECT_THAT(page.status().message(),
              HasSubstr("indicator_code: unknown indicator "
                        "\"county_fund_share\""));
  f = RecordFilter();
  f.period = "2024H1";
  EXPECT_THAT(hub_->ListRecords(P("analyst@350400"), f, 10, ""), IsOk());
}

}  // namespace
}  // namespace hub
