#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/reconcile/rule.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using Contributions = google::protobuf::RepeatedPtrField<v1::Contribution>;

class MustAgreeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RuleRegistry registry;
    ASSERT_THAT(RegisterBuiltinRules(&registry), IsOk());
    auto rule = registry.Create("must_agree");
    ASSERT_THAT(rule, IsOk());
    rule_ = *std::move(rule);
    indicator_.set_code("resident_insurance_subsidy_per_person");
    indicator_.set_owner_department("finance");
    indicator_.set_tolerance("1");
  }
  void Add(const char* dept, const char* value) {
    auto* c = contributions_.Add();
    c->set_department(dept);
    c->set_value(value);
  }
  MergeOutcome Merge() {
    MergeContext ctx;
    ctx.indicator = &indicator_;
    return rule_->Merge(ctx, contributions_);
  }

  std::unique_ptr<ReconcileRule> rule_;
  v1::Indicator indicator_;
  Contributions contributions_;
};

TEST_F(MustAgreeTest, NameAndVersionAreStable) {
  EXPECT_STREQ(rule_->Name(), "must_agree");
  EXPECT_EQ(rule_->Version(), 2);  // v2 names the value's department
}

TEST_F(MustAgreeTest, OneReportIsSingleSourceWithItsValue) {
  Add("medical_insurance", "640.00");
  MergeOutcome out = Merge();
  EXPECT_EQ(out.value, "640.00");
  EXPECT_EQ(out.state, v1::RECORD_STATE_SINGLE_SOURCE);
}

TEST_F(MustAgreeTest, AgreementWithinToleranceTakesTheOwnersValue) {
  Add("finance", "670.00");
  Add("medical_insurance", "669.00");  // difference 1.00 == tolerance
  MergeOutcome out = Merge();
  EXPECT_EQ(out.value, "670.00");
  EXPECT_EQ(out.state, v1::RECORD_STATE_AGREED);
  EXPECT_TRUE(out.conflicts.empty());
}

TEST_F(MustAgreeTest, DisagreementGivesNoValueEvenWithTheOwner) {
  Add("finance", "670.00");
  Add("medical_insurance", "640.00");
  MergeOutcome out = Merge();
  EXPECT_EQ(out.value, "");
  EXPECT_EQ(out.state, v1::RECORD_STATE_CONFLICT);
  ASSERT_EQ(out.conflicts.size(), 1u);
  EXPECT_EQ(out.conflicts[0].department(), "medical_insurance");
  EXPECT_EQ(out.conflicts[0].value(), "640.00");
  EXPECT_EQ(out.conflicts[0].reference_department(), "finance");
  EXPECT_EQ(out.conflicts[0].reference_value(), "670.00");
  EXPECT_EQ(out.conflicts[0].difference(), "30.00");
  EXPECT_EQ(out.conflicts[0].tolerance(), "1");
  EXPECT_THAT(out.explanation, ::testing::HasSubstr("no merged value"));
}

TEST_F(MustAgreeTest, WithoutOwnerTheFirstDepartmentIsTheReference) {
  Add("health_commission", "94.00");
  Add("medical_insurance", "96.50");
  MergeOutcome out = Merge();
  EXPECT_EQ(out.state, v1::RECORD_STATE_CONFLICT);
  EXPECT_EQ(out.conflicts[0].reference_department(), "health_commission");
  EXPECT_EQ(out.conflicts[0].difference(), "2.50");
}

}  // namespace
}  // namespace hub
