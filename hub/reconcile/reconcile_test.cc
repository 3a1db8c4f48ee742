#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/reconcile/rule.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;
using Contributions = google::protobuf::RepeatedPtrField<v1::Contribution>;

class RuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_THAT(RegisterBuiltinRules(&registry_), IsOk());
    indicator_.set_code("resident_insurance_subsidy_per_person");
    indicator_.set_owner_department("finance");
    indicator_.add_contributing_departments("medical_insurance");
    indicator_.set_tolerance("1");
    task_.set_code("sm2024.10");
    task_.add_lead_departments("health_commission");
    task_.add_lead_departments("medical_insurance");
  }
  void AddValue(const char* dept, const char* value) {
    auto* c = contributions_.Add();
    c->set_department(dept);
    c->set_value(value);
  }
  void AddStatus(const char* dept, v1::TaskStatus status) {
    auto* c = contributions_.Add();
    c->set_department(dept);
    c->set_status(status);
  }
  MergeOutcome Merge(const char* rule) {
    auto r = registry_.Create(rule);
    EXPECT_THAT(r, IsOk());
    MergeContext ctx;
    ctx.indicator = &indicator_;
    ctx.task = &task_;
    return (*r)->Merge(ctx, contributions_);
  }

  RuleRegistry registry_;
  v1::Indicator indicator_;
  v1::Task task_;
  Contributions contributions_;
};

TEST_F(RuleTest, RegistryRefusesDuplicatesAndNamesUnknown) {
  EXPECT_THAT(registry_.Register("task_status", nullptr),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(
      registry_.Create("majority_vote"),
      StatusIs(
          absl::StatusCode::kNotFound,
          ::testing::HasSubstr(
              "authoritative_source, latest_report, must_agree, task_status")));
}

TEST_F(RuleTest, OwnerAloneIsSingleSource) {
  AddValue("finance", "670.00");
  MergeOutcome out = Merge("authoritative_source");
  EXPECT_EQ(out.value, "670.00");
  EXPECT_EQ(out.state, v1::RECORD_STATE_SINGLE_SOURCE);
}

TEST_F(RuleTest, AgreementWithinTolerance) {
  AddValue("finance", "670.00");
  AddValue("medical_insurance", "670.80");
  MergeOutcome out = Merge("authoritative_source");
  EXPECT_EQ(out.value, "670.00");
  EXPECT_EQ(out.state, v1::RECORD_STATE_AGREED);
  EXPECT_TRUE(out.conflicts.empty());
}

TEST_F(RuleTest, OwnerWinsButDisagreementIsFlagged) {
  AddValue("finance", "670.00");
  AddValue("medical_insurance", "640.00");
  MergeOutcome out = Merge("authoritative_source");
  EXPECT_EQ(out.value, "670.00");
  EXPECT_EQ(out.state, v1::RECORD_STATE_CONFLICT);
  ASSERT_EQ(out.conflicts.size(), 1u);
  EXPECT_EQ(out.conflicts[0].department(), "medical_insurance");
  EXPECT_EQ(out.conflicts[0].reference_department(), "finance");
  EXPECT_EQ(out.conflicts[0].difference(), "30.00");
  EXPECT_EQ(out.conflicts[0].tolerance(), "1");
}

TEST_F(RuleTest, WithoutOwnerDisagreementGivesNoValue) {
  AddValue("health_commission", "94.00");
  AddValue("medical_insurance", "89.00");
  MergeOutcome out = Merge("authoritative_source");
  EXPECT_EQ(out.value, "");
  EXPECT_EQ(out.state, v1::RECORD_STATE_CONFLICT);
}

TEST_F(RuleTest, TaskCompletedOnlyWhenEveryLeadCompletes) {
  AddStatus("health_commission", v1::TASK_STATUS_COMPLETED);
  MergeOutcome one = Merge("task_status");
  EXPECT_EQ(one.status, v1::TASK_STATUS_IN_PROGRESS);
  EXPECT_THAT(one.explanation, ::testing::HasSubstr("medical_insurance"));
  AddStatus("medical_insurance", v1::TASK_STATUS_COMPLETED);
  EXPECT_EQ(Merge("task_status").status, v1::TASK_STATUS_COMPLETED);
}

TEST_F(RuleTest, TaskBlockedWins) {
  AddStatus("health_commission", v1::TASK_STATUS_COMPLETED);
  AddStatus("medical_insurance", v1::TASK_STATUS_BLOCKED);
  EXPECT_EQ(Merge("task_status").status, v1::TASK_STATUS_BLOCKED);
}

TEST_F(RuleTest, TaskNotStarted) {
  AddStatus("finance", v1::TASK_STATUS_NOT_STARTED);
  EXPECT_EQ(Merge("task_status").status, v1::TASK_STATUS_NOT_STARTED);
}

}  // namespace
}  // namespace hub
