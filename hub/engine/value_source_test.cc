// What the views need from a merged record: the department its value comes
// from and that contribution's components (so roll-ups sum the merged
// numerators and denominators), and each contribution's receipt times (so
// timeliness is judged by the hub's clock, and a correction keeps the first
// report's receipt).
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/engine/internal/hub_fixture.h"
#include "hub/engine/internal/test_fixtures.h"

namespace hub {
namespace {

using ::hub::testing::IndicatorKey;
using ::hub::testing::IsOk;
using ::hub::testing::P;
using ::hub::testing::SubsidySubmission;

constexpr char kShare[] = "county_fund_spending_share";  // MI owns it

v1::Submission ShareSubmission(const std::string& id, const std::string& dept,
                               const std::string& num, const std::string& den,
                               int64_t submitted_at) {
  v1::Submission s;
  s.set_submission_id(id);
  s.set_department(dept);
  s.set_adapter("canonical");
  s.set_submitted_at_micros(submitted_at);
  auto* v = s.add_items()->mutable_indicator_value();
  v->set_indicator_code(kShare);
  v->set_region_code("350424");
  v->set_period("2024H1");
  v->set_numerator(num);
  v->set_denominator(den);
  v->set_unit("%");
  return s;
}

class ValueSourceTest : public ::hub::testing::SeedHubTest {
 protected:
  v1::RecordKey Key() { return IndicatorKey(kShare, "350424", "2024H1"); }
};

TEST_F(ValueSourceTest, TheRecordCarriesTheComponentsOfTheValueItKeeps) {
  // The health commission alone: its components are the record's.
  ASSERT_THAT(Submit("health_commission@350400",
                     ShareSubmission("hc-1", "health_commission", "4600",
                                     "10000", 111)),
              IsOk());
  v1::MergedRecord r = Get(Key());
  EXPECT_EQ(r.value(), "46.00");
  EXPECT_EQ(r.value_department(), "health_commission");
  EXPECT_EQ(r.numerator(), "4600");
  EXPECT_EQ(r.denominator(), "10000");
  // The owner disagrees: the record is in conflict at the owner's value,
  // with the owner's components.
  ASSERT_THAT(Submit("medical_insurance@350400",
                     ShareSubmission("mi-1", "medical_insurance", "4800",
                                     "10000", 222)),
              IsOk());
  r = Get(Key());
  EXPECT_EQ(r.state(), v1::RECORD_STATE_CONFLICT);
  EXPECT_EQ(r.value(), "48.00");
  EXPECT_EQ(r.value_department(), "medical_insurance");
  EXPECT_EQ(r.numerator(), "4800");
  EXPECT_EQ(r.rule_version(), 2);
  // The reform office chooses the health commission: its components.
  ResolveRequest choose{Key(), r.etag(), "health_commission", "", "以监测为准"};
  ASSERT_THAT(hub_->Resolve(P("reform_office@350400"), choose), IsOk());
  r = Get(Key());
  EXPECT_EQ(r.value(), "46.00");
  EXPECT_EQ(r.value_department(), "health_commission");
  EXPECT_EQ(r.numerator(), "4600");
}

TEST_F(ValueSourceTest, AnEnteredResolutionHasNoComponents) {
  ASSERT_THAT(
      Submit("health_commission@350400",
             ShareSubmission("hc-1", "health_commission", "4600", "10000", 0)),
      IsOk());
  ASSERT_THAT(
      Submit("medical_insurance@350400",
             ShareSubmission("mi-1", "medical_insurance", "4800", "10000", 0)),
      IsOk());
  ResolveRequest enter{Key(), Get(Key()).etag(), "", "47.00", "两部门口径折中"};
  ASSERT_THAT(hub_->Resolve(P("reform_office@350400"), enter), IsOk());
  v1::MergedRecord r = Get(Key());
  EXPECT_EQ(r.value(), "47.00");
  EXPECT_EQ(r.value_department(), "");
  EXPECT_EQ(r.numerator(), "");
  EXPECT_EQ(r.denominator(), "");
}

TEST_F(ValueSourceTest, ACorrectionKeepsTheFirstReceipt) {
  now_ = EndOfDayCst(absl::CivilDay(2024, 7, 24));
  const int64_t first_at = ToUnixMicros(now_);
  ASSERT_THAT(Submit("medical_insurance@350400",
                     ShareSubmission("mi-1", "medical_insurance", "4800",
                                     "10000", 1000)),
              IsOk());
  now_ = EndOfDayCst(absl::CivilDay(2024, 8, 2));
  const int64_t corrected_at = ToUnixMicros(now_);
  ASSERT_THAT(Submit("medical_insurance@350400",
                     ShareSubmission("mi-2", "medical_insurance", "4820",
                                     "10000", 2000)),
              IsOk());
  ASSERT_EQ(Get(Key()).contributions_size(), 1);
  const v1::Contribution c = Get(Key()).contributions(0);
  EXPECT_EQ(c.submission_id(), "mi-2");
  EXPECT_EQ(c.accepted_at_micros(), corrected_at);
  EXPECT_EQ(c.submitted_at_micros(), 2000);
  EXPECT_EQ(c.first_submission_id(), "mi-1");
  EXPECT_EQ(c.first_accepted_at_micros(), first_at);
  EXPECT_EQ(c.first_submitted_at_micros(), 1000);
  // The same figure again changes nothing, receipt times included.
  now_ = EndOfDayCst(absl::CivilDay(2024, 9, 1));
  ASSERT_THAT(Submit("medical_insurance@350400",
                     ShareSubmission("mi-3", "medical_insurance", "4820",
                                     "10000", 3000)),
              IsOk());
  EXPECT_EQ(Get(Key()).contributions(0).accepted_at_micros(), corrected_at);
}

TEST_F(ValueSourceTest, ValueOnlyIndicatorsNameTheirDepartment) {
  ASSERT_THAT(Submit("finance@350400",
                     SubsidySubmission("fin-1", "finance", "350424", "670.00")),
              IsOk());
  v1::MergedRecord r = Get(
      IndicatorKey("resident_insurance_subsidy_per_person", "350424", "2024"));
  EXPECT_EQ(r.value_department(), "finance");
  EXPECT_EQ(r.numerator(), "");
}

}  // namespace
}  // namespace hub
