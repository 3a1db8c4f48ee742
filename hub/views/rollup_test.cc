// Roll-ups up the region tree, on 三明市 (350400) and its eleven counties.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/model/errors.h"
#include "hub/views/internal/views_test_util.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;
using ::hub::views_testing::AddShare;
using ::hub::views_testing::AddValue;
using ::hub::views_testing::NewSubmission;
using ::hub::views_testing::P;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kPathway[] = "clinical_pathway_share_secondary";  // HC owns it
constexpr char kCountyFund[] = "county_fund_spending_share";     // MI owns it

const char* const kCounties[] = {"350404", "350405", "350421", "350423",
                                 "350424", "350425", "350426", "350428",
                                 "350429", "350430", "350481"};

class RollupTest : public views_testing::ViewsTest {
 protected:
  absl::StatusOr<v1::Rollup> Rollup(const std::string& indicator,
                                    const std::string& region,
                                    const std::string& period = "2024H1") {
    v1::RollupRequest r;
    r.set_region_code(region);
    r.set_period(period);
    r.add_indicator_codes(indicator);
    auto out = views_->Rollups(P("analyst@350000"), r);
    if (!out.ok()) return out.status();
    EXPECT_EQ(out->rollups_size(), 1);
    return out->rollups(0);
  }
};

TEST_F(RollupTest, SharesAreRecomputedFromSummedComponentsNeverAveraged) {
  v1::Submission s = NewSubmission("hc-1", "health_commission");
  AddShare(&s, kPathway, "350404", "2024H1", "80", "100");      // 80%
  AddShare(&s, kPathway, "350405", "2024H1", "5000", "10000");  // 50%
  Send(s);
  auto r = Rollup(kPathway, "350400");
  ASSERT_THAT(r, IsOk());
  // (80 + 5000) / (100 + 10000) = 50.2970...%; the average would be 65%.
  EXPECT_EQ(r->value(), "50.30");
  EXPECT_EQ(r->numerator(), "5080");
  EXPECT_EQ(r->denominator(), "10100");
  EXPECT_EQ(r->rollup_rule(), "sum_components");
  EXPECT_EQ(r->unit(), "%");
  EXPECT_EQ(r->contributing_count(), 2);
  EXPECT_EQ(r->expected_count(), 11);
  ASSERT_EQ(r->parts_size(), 11);
  EXPECT_EQ(r->parts(0).region_code(), "350404");
  EXPECT_EQ(r->parts(0).region_name(), "三元区");
  EXPECT_EQ(r->parts(0).value(), "80.00");
  EXPECT_TRUE(r->parts(0).used());
  EXPECT_FALSE(r->parts(2).used());
  EXPECT_FALSE(r->has_own());
}

TEST_F(RollupTest, CoverageNamesTheMissingCounties) {
  v1::Submission s = NewSubmission("hc-1", "health_commission");
  for (const char* county : kCounties) {
    if (std::string(county) == "350424" || std::string(county) == "350430") {
      continue;  // 宁化县 and 建宁县 have not reported
    }
    AddShare(&s, kPathway, county, "2024H1", "700", "1000");
  }
  Send(s);
  auto r = Rollup(kPathway, "350400");
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->coverage(), "9 of 11 counties; missing: 宁化县, 建宁县");
  EXPECT_EQ(r->value(), "70.00");
  ASSERT_EQ(r->missing_size(), 2);
  EXPECT_EQ(r->missing(0).code(), "350424");
  EXPECT_EQ(r->missing(0).reason(), "no record");
}

TEST_F(RollupTest, ARegionsOwnRecordIsShownBesideTheRollupNeverMixed) {
  v1::Submission s = NewSubmission("mi-1", "medical_insurance");
  AddShare(&s, kCountyFund, "350404", "2024H1", "4000", "10000");
  AddShare(&s, kCountyFund, "350405", "2024H1", "6000", "10000");
  // Medical insurance's own city-wide figure for 三明市.
  AddShare(&s, kCountyFund, "350400", "2024H1", "48000", "100000");
  Send(s);
  auto r = Rollup(kCountyFund, "350400");
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->value(), "50.00");  // the counties' 10000 / 20000 only
  EXPECT_EQ(r->denominator(), "20000");
  ASSERT_TRUE(r->has_own());
  EXPECT_EQ(r->own().value(), "48.00");
  EXPECT_EQ(r->own().value_department(), "medical_insurance");
  EXPECT_EQ(r->own().difference(), "-2.00");
  EXPECT_EQ(r->contributing_count(), 2);  // the city is not a unit
}

TEST_F(RollupTest, ConflictsAreUsedAtTheirMergedValueAndCounted) {
  v1::Submission mi = NewSubmission("mi-1", "medical_insurance");
  AddShare(&mi, kCountyFund, "350404", "2024H1", "4000", "10000");
  AddShare(&mi, kCountyFund, "350405", "2024H1", "6000", "10000");
  Send(mi);
  // The health commission's monitoring differs in 沙县区 by 5 points.
  v1::Submission hc = NewSubmission("hc-1", "health_commission");
  AddShare(&hc, kCountyFund, "350405", "2024H1", "5500", "10000");
  Send(hc);
  auto r = Rollup(kCountyFund, "350400");
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->value(), "50.00");  // the owner's merged 6000 is used
  EXPECT_EQ(r->conflict_count(), 1);
  ASSERT_EQ(r->disputed_size(), 1);
  EXPECT_EQ(r->disputed(0).name(), "沙县区");
  EXPECT_EQ(r->disputed_numerator(), "6000");
  EXPECT_EQ(r->disputed_denominator(), "10000");
  EXPECT_EQ(r->parts(1).state(), v1::RECORD_STATE_CONFLICT);
}

TEST_F(RollupTest, AmountsAreSummedExactlyToTheFen) {
  v1::Submission s = NewSubmission("fin-1", "finance");
  AddValue(&s, "govt_spending_public_hospitals", "350404", "2024Q1",
           "1234567.89", "元");
  AddValue(&s, "govt_spending_public_hospitals", "350405", "2024Q1", "0.11",
           "元");
  Send(s);
  auto r = Rollup("govt_spending_public_hospitals", "350400", "2024Q1");
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->value(), "1234568.00");
  EXPECT_EQ(r->rollup_rule(), "sum");
  EXPECT_EQ(r->numerator(), "");
}

TEST_F(RollupTest, AProvinceRollsUpItsCountiesWithEachCitysShare) {
  v1::Submission s = NewSubmission("hc-1", "health_commission");
  AddShare(&s, kPathway, "350404", "2024H1", "80", "100");
  AddShare(&s, kPathway, "350405", "2024H1", "5000", "10000");
  Send(s);
  auto r = Rollup(kPathway, "350000");
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->value(), "50.30");
  EXPECT_EQ(r->region_name(), "福建省");
  ASSERT_EQ(r->children_size(), 1);
  EXPECT_EQ(r->children(0).region_code(), "350400");
  EXPECT_EQ(r->children(0).value(), "50.30");
  EXPECT_EQ(r->children(0).contributing_count(), 2);
  EXPECT_EQ(r->children(0).expected_count(), 11);
}

TEST_F(RollupTest, ACountyIsItsOwnUnit) {
  v1::Submission s = NewSubmission("hc-1", "health_commission");
  AddShare(&s, kPathway, "350404", "2024H1", "80", "100");
  Send(s);
  auto r = Rollup(kPathway, "350404");
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->value(), "80.00");
  EXPECT_EQ(r->coverage(), "1 of 1 counties");
  EXPECT_FALSE(r->has_own());
}

TEST_F(RollupTest, ACityWideCountIsTheCitysOwnUnit) {
  // 全市公共场所配备AED达300台: reported for the city, not its counties.
  v1::Submission s = NewSubmission("hc-1", "health_commission");
  AddValue(&s, "aed_public_places", "350400", "2024", "312", "台");
  Send(s);
  auto city = Rollup("aed_public_places", "350400", "2024");
  ASSERT_THAT(city, IsOk());
  EXPECT_EQ(city->value(), "312");
  EXPECT_EQ(city->coverage(), "1 of 1 cities");
  EXPECT_FALSE(city->has_own());  // the city is the unit
  // A province sums its cities.
  auto province = Rollup("aed_public_places", "350000", "2024");
  ASSERT_THAT(province, IsOk());
  EXPECT_EQ(province->value(), "312");
  ASSERT_EQ(province->parts_size(), 1);
  EXPECT_EQ(province->parts(0).region_code(), "350400");
  EXPECT_EQ(province->children_size(), 0);  // its children are the units
}

TEST_F(RollupTest, AnIndicatorThatDoesNotRollUpIsAFailedPrecondition) {
  EXPECT_THAT(Rollup("resident_insurance_subsidy_per_person", "350400", "2024"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("has rollup rule \"none\"")));
  // Asked for every indicator, it is listed as skipped instead.
  v1::RollupRequest all;
  all.set_region_code("350400");
  all.set_period("2024");
  auto out = views_->Rollups(P("analyst@350400"), all);
  ASSERT_THAT(out, IsOk());
  bool skipped = false;
  for (const auto& s : out->skipped()) {
    if (s.indicator_code() == "resident_insurance_subsidy_per_person") {
      skipped = true;
      EXPECT_THAT(s.reason(), HasSubstr("rollup rule \"none\""));
    }
  }
  EXPECT_TRUE(skipped);
  EXPECT_GT(out->rollups_size(), 20);
}

TEST_F(RollupTest, BadRequestsNameTheField) {
  v1::RollupRequest r;
  r.set_region_code("350499");
  r.set_period("2024上半年");
  r.add_indicator_codes("no_such_indicator");
  auto out = views_->Rollups(P("analyst@350400"), r);
  EXPECT_THAT(out, StatusIs(absl::StatusCode::kInvalidArgument));
  std::vector<FieldViolation> v = GetFieldViolations(out.status());
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0].field, "region_code");
  EXPECT_EQ(v[1].field, "period");
  EXPECT_EQ(v[2].field, "indicator_codes[0]");
  EXPECT_EQ(v[2].description, "unknown indicator \"no_such_indicator\"");
  // A monthly-only figure asked for by year, and a missing period.
  r = v1::RollupRequest();
  r.set_period("2024H1");
  r.add_indicator_codes("resident_insurance_subsidy_per_person");
  EXPECT_THAT(views_->Rollups(P("analyst@350400"), r),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  r.set_indicator_codes(0, kPathway);
  r.clear_period();
  EXPECT_THAT(views_->Rollups(P("analyst@350400"), r),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("period: required")));
  r.set_period("2024-13");
  EXPECT_THAT(views_->Rollups(P("analyst@350400"), r),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("month must be 01..12")));
  r.set_period("2024-07");
  r.set_indicator_codes(0, "govt_spending_public_hospitals");
  EXPECT_THAT(
      views_->Rollups(P("analyst@350400"), r),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not by month")));
}

TEST_F(RollupTest, ViewsStayWithinTheCallersJurisdiction) {
  v1::RollupRequest r;
  r.set_region_code("411300");
  r.set_period("2024H1");
  r.add_indicator_codes(kPathway);
  EXPECT_THAT(views_->Rollups(P("analyst@350400"), r),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("region_code: analyst@350400 (analyst) may "
                                 "not read records in 411300: outside its "
                                 "jurisdiction 350400")));
  // The access policy decides views as it does records: an operator runs
  // hubd and reads no data.
  EXPECT_THAT(views_->Rollups(P("operator@350400"), r),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("operator@350400 (operator) may not read "
                                 "records")));
  r.clear_region_code();  // the caller's own jurisdiction
  auto out = views_->Rollups(P("analyst@350421"), r);
  ASSERT_THAT(out, IsOk());
  EXPECT_EQ(out->rollups(0).region_code(), "350421");
}

}  // namespace
}  // namespace hub
