// Validation rules beyond single values: DRG/DIP fund spending may not be
// above inpatient fund spending (error), and a share's numerator not above
// its denominator (here a warning, kept on the contribution).
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/engine/hub.h"
#include "hub/engine/internal/test_fixtures.h"
#include "hub/model/errors.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;
using ::testing::HasSubstr;

v1::Indicator Yuan(const char* code, const char* name) {
  v1::Indicator ind;
  ind.set_code(code);
  ind.set_name(name);
  ind.set_unit("元");
  ind.set_dimension(v1::DIMENSION_YUAN);
  ind.set_precision(2);
  ind.add_period_types(v1::PERIOD_TYPE_YEAR);
  ind.set_owner_department("medical_insurance");
  return ind;
}

v1::Catalog RulesCatalog() {
  v1::Catalog c = ::hub::testing::SanmingTestCatalog();
  *c.add_indicators() = Yuan("inpatient_fund_spending", "住院医保基金支出");
  v1::Indicator drg = Yuan("drg_dip_fund_spending", "DRG/DIP付费医保基金支出");
  v1::ValidationRule* r = drg.add_validation_rules();
  r->set_code("drg_dip_not_above_inpatient");
  r->set_kind(v1::ValidationRule::KIND_NOT_ABOVE_INDICATOR);
  r->set_other_indicator_code("inpatient_fund_spending");
  r->set_severity(v1::SEVERITY_ERROR);
  *c.add_indicators() = drg;
  v1::Indicator share =
      Yuan("drg_dip_fund_share", "DRG/DIP付费占住院医保基金支出比例");
  share.set_unit("%");
  share.set_dimension(v1::DIMENSION_PERCENT);
  share.set_numerator("DRG/DIP付费医保基金支出");
  share.set_denominator("住院医保基金支出");
  share.set_precision(2);
  v1::ValidationRule* parts = share.add_validation_rules();
  parts->set_code("drg_dip_share_parts");
  parts->set_kind(v1::ValidationRule::KIND_NUMERATOR_NOT_ABOVE_DENOMINATOR);
  parts->set_severity(v1::SEVERITY_WARNING);
  *c.add_indicators() = share;
  return c;
}

class ValidationRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HubOptions options;
    options.rules = *NewBuiltinRuleRegistry();
    auto hub = Hub::Open(NewMemStore(), options);
    ASSERT_THAT(hub, IsOk());
    hub_ = *std::move(hub);
    ASSERT_THAT(hub_->UpdateCatalog(P("reform_office@350400"), RulesCatalog()),
                IsOk());
  }
  static Principal P(const char* text) { return *Principal::Parse(text); }
  // Medical insurance's 2024 figures for 宁化县, code -> value.
  absl::StatusOr<v1::Receipt> Report(
      const char* id, std::vector<std::pair<const char*, const char*>> values) {
    v1::Submission s;
    s.set_submission_id(id);
    s.set_department("medical_insurance");
    for (const auto& [code, value] : values) {
      auto* v = s.add_items()->mutable_indicator_value();
      v->set_indicator_code(code);
      v->set_region_code("350424");
      v->set_period("2024");
      v->set_value(value);
      v->set_unit("元");
    }
    return hub_->Submit(P("medical_insurance@350400"), s, false);
  }

  std::unique_ptr<Hub> hub_;
};

TEST_F(ValidationRulesTest, AnErrorInOneSubmissionRejectsItNamingTheField) {
  uint64_t head = hub_->head().sequence;
  absl::Status s = Report("mi-1", {{"inpatient_fund_spending", "1000.00"},
                                   {"drg_dip_fund_spending", "1200.00"}})
                       .status();
  EXPECT_THAT(s,
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("rule drg_dip_not_above_inpatient: 1200.00 "
                                 "is above inpatient_fund_spending 1000.00")));
  std::vector<FieldViolation> v = GetFieldViolations(s);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].field, "items[1].indicator_value.value");
  // The refusal changes no record; only the refusal itself is logged.
  std::vector<v1::ChangeEvent> logged =
      ::hub::testing::EventsAfter(*hub_, head);
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0].kind(), v1::EVENT_KIND_SUBMISSION_REJECTED);
  EXPECT_EQ(logged[0].rejection().code(), "INVALID_ARGUMENT");
}

TEST_F(ValidationRulesTest, TheOtherValueMayComeFromAnEarlierSubmission) {
  ASSERT_THAT(Report("mi-1", {{"inpatient_fund_spending", "1000.00"}}), IsOk());
  EXPECT_THAT(Report("mi-2", {{"drg_dip_fund_spending", "700.00"}}), IsOk());
  EXPECT_THAT(Report("mi-3", {{"drg_dip_fund_spending", "1000.01"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("items[0].indicator_value.value: rule "
                                 "drg_dip_not_above_inpatient")));
}

TEST_F(ValidationRulesTest, LoweringTheUpperIndicatorBelowTheOtherIsCaught) {
  ASSERT_THAT(Report("mi-1", {{"inpatient_fund_spending", "1000.00"},
                              {"drg_dip_fund_spending", "700.00"}}),
              IsOk());
  EXPECT_THAT(Report("mi-2", {{"inpatient_fund_spending", "600.00"}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("600.00 is below drg_dip_fund_spending "
                                 "700.00 reported earlier")));
}

TEST_F(ValidationRulesTest, AWarningIsAcceptedAndKeptOnTheContribution) {
  v1::Submission s;
  s.set_submission_id("mi-share");
  s.set_department("medical_insurance");
  auto* v = s.add_items()->mutable_indicator_value();
  v->set_indicator_code("drg_dip_fund_share");
  v->set_region_code("350424");
  v->set_period("2024");
  v->set_numerator("1100");
  v->set_denominator("1000");
  v->set_unit("%");
  ASSERT_THAT(hub_->Submit(P("medical_insurance@350400"), s, false), IsOk());
  v1::RecordKey key;
  key.set_kind(v1::SUBJECT_KIND_INDICATOR);
  key.set_code("drg_dip_fund_share");
  key.set_region_code("350424");
  key.set_period("2024");
  auto r = hub_->GetRecord(P("analyst@350400"), key);
  ASSERT_THAT(r, IsOk());
  ASSERT_EQ(r->contributions(0).warnings_size(), 1);
  EXPECT_EQ(r->contributions(0).warnings(0),
            "rule drg_dip_share_parts (warning): numerator 1100 is above "
            "denominator 1000");
}

TEST_F(ValidationRulesTest, TheCatalogRefusesARuleOnAnUnknownIndicator) {
  v1::Catalog bad;
  *bad.add_indicators() = RulesCatalog().indicators(3);  // drg_dip spending
  bad.mutable_indicators(0)
      ->mutable_validation_rules(0)
      ->set_other_indicator_code("inpatient_spending");
  EXPECT_THAT(hub_->UpdateCatalog(P("reform_office@350400"), bad),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("validation_rules[0].other_indicator_code: "
                                 "unknown indicator \"inpatient_spending\"")));
}

}  // namespace
}  // namespace hub
