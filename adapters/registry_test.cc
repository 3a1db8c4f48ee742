#include "adapters/registry.h"

#include "adapters/builtin.h"
#include "adapters/finance/finance.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/v1/adapters/common.pb.h"
#include "hub/v1/adapters/medical_insurance.pb.h"

namespace hub {
namespace adapters {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::IsOkAndHolds;
using ::hub::testing::StatusIs;

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(AdapterRegistryTest, BuiltinsRegisterOnceByStableName) {
  AdapterRegistry registry;
  HUB_ASSERT_OK(RegisterBuiltinAdapters(&registry));
  EXPECT_THAT(registry.Names(),
              ElementsAre("finance_budget_execution", "finance_task_progress",
                          "health_commission_community_monitoring",
                          "health_commission_institution_monthly",
                          "health_commission_task_progress",
                          "medical_insurance_financing",
                          "medical_insurance_procurement",
                          "medical_insurance_settlement",
                          "medical_insurance_task_progress"));
  EXPECT_THAT(RegisterBuiltinAdapters(&registry),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       HasSubstr("\"health_commission_institution_monthly\" is "
                                 "already registered")));
}

TEST(AdapterRegistryTest, CreateUnknownIsNotFound) {
  AdapterRegistry registry;
  HUB_ASSERT_OK(RegisterBuiltinAdapters(&registry));
  EXPECT_THAT(registry.Create("hr_social_security_payroll"),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("no adapter \"hr_social_security_payroll\"")));
  HUB_ASSERT_OK_AND_ASSIGN(auto adapter,
                           registry.Create("finance_budget_execution"));
  EXPECT_EQ(adapter->Department(), "finance");
  EXPECT_EQ(adapter->Version(), 1);
}

TEST(AdapterRegistryTest, ForDepartmentListsItsAdapters) {
  AdapterRegistry registry;
  HUB_ASSERT_OK(RegisterBuiltinAdapters(&registry));
  HUB_ASSERT_OK_AND_ASSIGN(auto mi,
                           registry.ForDepartment("medical_insurance"));
  ASSERT_EQ(mi.size(), 4u);
  EXPECT_EQ(mi[0]->Name(), "medical_insurance_financing");
  EXPECT_EQ(mi[1]->Name(), "medical_insurance_procurement");
  EXPECT_EQ(mi[2]->Name(), "medical_insurance_settlement");
  EXPECT_EQ(mi[3]->Name(), "medical_insurance_task_progress");
  EXPECT_THAT(registry.ForDepartment("tcm"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("\"tcm\"")));
}

TEST(AdapterRegistryTest, ForRowTypeFindsTheDepartmentsAdapterOfThoseRows) {
  AdapterRegistry registry;
  HUB_ASSERT_OK(RegisterBuiltinAdapters(&registry));
  HUB_ASSERT_OK_AND_ASSIGN(
      auto settlement,
      registry.ForRowType("medical_insurance",
                          *v1::adapters::SettlementRow::descriptor()));
  EXPECT_EQ(settlement->Name(), "medical_insurance_settlement");
  // Every department reads task progress rows: the department decides.
  HUB_ASSERT_OK_AND_ASSIGN(
      auto progress,
      registry.ForRowType("finance",
                          *v1::adapters::TaskProgressRow::descriptor()));
  EXPECT_EQ(progress->Name(), "finance_task_progress");
  EXPECT_THAT(registry.ForRowType("finance",
                                  *v1::adapters::SettlementRow::descriptor()),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("no adapter of finance reads "
                                 "hub.v1.adapters.SettlementRow")));
}

TEST(AdapterRegistryTest, TwoAdaptersOfOneDepartmentForOneRowTypeAreRefused) {
  AdapterRegistry registry;
  HUB_ASSERT_OK(RegisterBuiltinAdapters(&registry));
  HUB_ASSERT_OK(registry.Register("finance_task_progress_v2", [] {
    return absl::StatusOr<std::unique_ptr<Adapter>>(
        NewFinanceTaskProgressAdapter());
  }));
  EXPECT_THAT(registry.ForRowType("finance",
                                  *v1::adapters::TaskProgressRow::descriptor()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("both read hub.v1.adapters.TaskProgressRow")));
}

TEST(AdapterRegistryTest, RejectsEmptyNameAndNullFactory) {
  AdapterRegistry registry;
  EXPECT_THAT(
      registry.Register("",
                        [] {
                          return absl::StatusOr<std::unique_ptr<Adapter>>(
                              absl::InternalError("x"));
                        }),
      StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      registry.Register("x", nullptr),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no factory")));
}

}  // namespace
}  // namespace adapters
}  // namespace hub
