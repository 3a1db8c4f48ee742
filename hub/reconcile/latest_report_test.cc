#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/reconcile/rule.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using Contributions = google::protobuf::RepeatedPtrField<v1::Contribution>;

class LatestReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RuleRegistry registry;
    ASSERT_THAT(RegisterBuiltinRules(&registry), IsOk());
    auto rule = registry.Create("latest_report");
    ASSERT_THAT(rule, IsOk());
    rule_ = *std::move(rule);
    indicator_.set_code("aed_count");
    indicator_.set_owner_department("health_commission");
    indicator_.set_tolerance("0");
  }
  // Contributions stay sorted by department, as the engine keeps them.
  void Add(const char* dept, const char* value, uint64_t sequence) {
    auto* c = contributions_.Add();
    c->set_department(dept);
    c->set_value(value);
    c->set_sequence(sequence);
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

TEST_F(LatestReportTest, NameAndVersionAreStable) {
  EXPECT_STREQ(rule_->Name(), "latest_report");
  EXPECT_EQ(rule_->Version(), 2);  // v2 names the value's department
}

TEST_F(LatestReportTest, TheHighestSequenceWinsWhateverTheDepartment) {
  Add("finance", "300", 9);
  Add("health_commission", "280", 4);
  MergeOutcome out = Merge();
  EXPECT_EQ(out.value, "300");
  EXPECT_EQ(out.state, v1::RECORD_STATE_SINGLE_SOURCE);
  EXPECT_TRUE(out.conflicts.empty());
  EXPECT_THAT(out.explanation, ::testing::HasSubstr("finance at sequence 9"));
}

TEST_F(LatestReportTest, LaterCorrectionOfTheOtherDepartmentWins) {
  Add("finance", "300", 9);
  Add("health_commission", "310", 12);
  EXPECT_EQ(Merge().value, "310");
}

TEST_F(LatestReportTest, EqualReportsAreAgreed) {
  Add("finance", "300", 9);
  Add("health_commission", "300", 12);
  MergeOutcome out = Merge();
  EXPECT_EQ(out.state, v1::RECORD_STATE_AGREED);
  EXPECT_THAT(out.explanation, ::testing::HasSubstr("health_commission"));
}

}  // namespace
}  // namespace hub
