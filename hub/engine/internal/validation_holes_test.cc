// Validation holes closed in issue 9, against the seed catalog: counts and
// persons are whole numbers, reported periods must have begun by the hub's
// clock, and the seed catalog's own validation rules (numerator not above
// denominator, DRG/DIP not above inpatient spending, rates not above 100%).
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/engine/internal/hub_fixture.h"
#include "hub/model/errors.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::P;
using ::testing::HasSubstr;

v1::Submission OneValue(const std::string& id, const std::string& dept,
                        const std::string& code, const std::string& region,
                        const std::string& period, const std::string& value,
                        const std::string& unit) {
  v1::Submission s;
  s.set_submission_id(id);
  s.set_department(dept);
  auto* v = s.add_items()->mutable_indicator_value();
  v->set_indicator_code(code);
  v->set_region_code(region);
  v->set_period(period);
  v->set_value(value);
  v->set_unit(unit);
  return s;
}

v1::Submission OneShare(const std::string& id, const std::string& dept,
                        const std::string& code, const std::string& num,
                        const std::string& den) {
  v1::Submission s;
  s.set_submission_id(id);
  s.set_department(dept);
  auto* v = s.add_items()->mutable_indicator_value();
  v->set_indicator_code(code);
  v->set_region_code("350421");
  v->set_period("2024H1");
  v->set_numerator(num);
  v->set_denominator(den);
  v->set_unit("%");
  return s;
}

// The one violation of a refused submission.
FieldViolation OnlyViolation(const absl::StatusOr<v1::Receipt>& r) {
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument)
      << r.status();
  std::vector<FieldViolation> v = GetFieldViolations(r.status());
  EXPECT_EQ(v.size(), 1u) << r.status();
  return v.empty() ? FieldViolation() : v[0];
}

class ValidationHolesTest : public ::hub::testing::SeedHubTest {};

TEST_F(ValidationHolesTest, CountsRefuseFractions) {
  FieldViolation v = OnlyViolation(
      Submit("health_commission@350400",
             OneValue("hc-aed", "health_commission", "aed_public_places",
                      "350400", "2024", "2.5", "台")));
  EXPECT_EQ(v.field, "items[0].indicator_value.value");
  EXPECT_EQ(v.description,
            "2.5 台 is not a whole number: aed_public_places counts whole "
            "units (台)");
  EXPECT_EQ(v.reason, "NOT_WHOLE_NUMBER");
  EXPECT_EQ(v.localized,
            "2.5 台 不是整数：aed_public_places 计的是个数，须为整数");
}

TEST_F(ValidationHolesTest, PersonsRefuseFractions) {
  FieldViolation v = OnlyViolation(
      Submit("health_commission@350400",
             OneValue("hc-fa", "health_commission", "trained_first_aiders",
                      "350400", "2024", "0.3", "人")));
  EXPECT_EQ(v.field, "items[0].indicator_value.value");
  EXPECT_EQ(v.description,
            "0.3 人 is not a whole number: trained_first_aiders counts whole "
            "persons (人)");
  EXPECT_EQ(v.reason, "NOT_WHOLE_NUMBER");
  EXPECT_EQ(v.localized,
            "0.3 人 不是整数：trained_first_aiders 计的是人数，须为整数");
}

TEST_F(ValidationHolesTest, AWholeCountWrittenWithZerosIsAccepted) {
  auto r = Submit("health_commission@350400",
                  OneValue("hc-aed", "health_commission", "aed_public_places",
                           "350400", "2024", "300.0", "台"));
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->items(0).merged_value(), "300");
}

TEST_F(ValidationHolesTest, PeriodsThatHaveNotBegunAreRefused) {
  // The fixture's clock reads the end of 2024-07-20, 2024-07-21 00:00 CST.
  for (const char* period : {"2099", "2025", "2024Q4", "2025Q1-Q2"}) {
    FieldViolation v = OnlyViolation(Submit(
        "finance@350400", OneValue(absl::StrCat("fin-", period), "finance",
                                   "govt_spending_public_hospitals", "350421",
                                   period, "1000.00", "元")));
    EXPECT_EQ(v.field, "items[0].indicator_value.period") << period;
    EXPECT_THAT(v.description,
                HasSubstr(absl::StrCat("period ", period,
                                       " has not begun: it starts on ")));
    EXPECT_THAT(v.description,
                HasSubstr("(CST) and the hub's clock reads 2024-07-21; only "
                          "targets may lie in the future"));
    EXPECT_EQ(v.reason, "PERIOD_NOT_BEGUN") << period;
    EXPECT_THAT(v.localized,
                HasSubstr(absl::StrCat("报告期 ", period, " 尚未开始：自 ")));
    EXPECT_THAT(v.localized, HasSubstr("（北京时间）起，枢纽时钟为 2024-07-21；"
                                       "只有目标值可以指向未来"));
  }
  EXPECT_THAT(
      Submit("finance@350400",
             OneValue("fin-q3", "finance", "govt_spending_public_hospitals",
                      "350421", "2024Q3", "1000.00", "元")),
      IsOk());  // began on 1 July
}

TEST_F(ValidationHolesTest, TaskProgressForAFuturePeriodIsRefused) {
  v1::Submission s = ::hub::testing::ProgressSubmission(
      "hc-t", "health_commission", "sm2024.10.3", "350400",
      v1::TASK_STATUS_IN_PROGRESS, "推进中");
  s.mutable_items(0)->mutable_task_progress()->set_period("2027");
  FieldViolation v = OnlyViolation(Submit("health_commission@350400", s));
  EXPECT_EQ(v.field, "items[0].task_progress.period");
  EXPECT_THAT(v.description, HasSubstr("period 2027 has not begun"));
}

TEST_F(ValidationHolesTest, TheBeginningIsMidnightChinaStandardTime) {
  v1::Submission august = OneShare("hc-aug", "health_commission",
                                   "primary_care_visit_share", "1", "2");
  august.mutable_items(0)->mutable_indicator_value()->set_period("2024-08");
  // 2024-07-31T16:00Z is 2024-08-01 00:00 CST: one second before, August
  // has not begun; at that instant it has.
  now_ = absl::FromCivil(absl::CivilSecond(2024, 7, 31, 15, 59, 59),
                         absl::UTCTimeZone());
  FieldViolation v = OnlyViolation(Submit("health_commission@350400", august));
  EXPECT_EQ(v.field, "items[0].indicator_value.period");
  EXPECT_THAT(v.description, HasSubstr("the hub's clock reads 2024-07-31"));
  now_ += absl::Seconds(1);
  EXPECT_THAT(Submit("health_commission@350400", august), IsOk());
}

TEST_F(ValidationHolesTest, AShareAboveItsWholeIsRefused) {
  // The rate bound (max 100%) reports it first; the catalog's numerator
  // rule stands behind it for the day a bound changes.
  FieldViolation v = OnlyViolation(
      Submit("medical_insurance@350400",
             OneShare("mi-1", "medical_insurance", "drg_dip_fund_share",
                      "1200.50", "1000.00")));
  EXPECT_EQ(v.field, "items[0].indicator_value.value");
  EXPECT_EQ(v.description,
            "120.05 is above the maximum 100 % of drg_dip_fund_share");
}

TEST_F(ValidationHolesTest, EverySeedShareAndRateHasItsRules) {
  for (const v1::Indicator& ind : hub_->catalog()->proto().indicators()) {
    if (ind.dimension() != v1::DIMENSION_PERCENT) continue;
    if (ind.code() == "procurement_completion_rate") {
      // Actual volumes may exceed the agreed ones: no cap at 100%.
      EXPECT_TRUE(ind.max_value().empty());
      continue;
    }
    EXPECT_EQ(ind.max_value(), "100") << ind.code();
    bool has_rule = false;
    for (const auto& rule : ind.validation_rules()) {
      has_rule |=
          rule.kind() ==
              v1::ValidationRule::KIND_NUMERATOR_NOT_ABOVE_DENOMINATOR &&
          rule.severity() == v1::SEVERITY_ERROR;
    }
    EXPECT_TRUE(has_rule) << ind.code();
  }
}

}  // namespace
}  // namespace hub
