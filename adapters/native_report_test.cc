// NativeRequestToSubmission(): the gRPC way in, without gRPC: a native
// request message is enough to find the adapter and translate.
#include "adapters/builtin.h"
#include "adapters/import.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/model/errors.h"
#include "hub/v1/adapters/finance.pb.h"
#include "hub/v1/adapters/health_commission.pb.h"

namespace hub {
namespace adapters {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;
using ::testing::HasSubstr;

class NativeReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_THAT(RegisterBuiltinAdapters(&registry_), IsOk());
  }
  AdapterRegistry registry_;
};

// 明医改组〔2024〕4号 task 10.3, reported by finance for 三明市.
v1::adapters::SubmitTaskProgressRequest Progress(const char* period) {
  v1::adapters::SubmitTaskProgressRequest r;
  r.mutable_report()->set_report_period(period);
  v1::adapters::TaskProgressRow* row = r.mutable_report()->add_rows();
  row->set_task_code("sm2024.10.3");
  row->set_division_code("350400");
  row->set_status("已完成");  // a word every department uses
  row->set_text("已完成居民医保财政补助资金拨付");
  return r;
}

TEST_F(NativeReportTest, TheServicesDepartmentAndTheRowTypeChooseTheAdapter) {
  v1::adapters::SubmitTaskProgressRequest request = Progress("2024H1");
  request.mutable_options()->set_dry_run(true);
  auto finance = NativeRequestToSubmission(registry_, "finance", request,
                                           "FinanceAdapter.SubmitTaskProgress");
  ASSERT_THAT(finance, IsOk());
  EXPECT_EQ(finance->submission.adapter(), "finance_task_progress");
  EXPECT_EQ(finance->submission.department(), "finance");
  EXPECT_TRUE(finance->dry_run);
  ASSERT_EQ(finance->submission.items_size(), 1);
  EXPECT_EQ(finance->submission.items(0).task_progress().task_code(),
            "sm2024.10.3");
  auto health =
      NativeRequestToSubmission(registry_, "health_commission", request,
                                "HealthCommissionAdapter.SubmitTaskProgress");
  ASSERT_THAT(health, IsOk());
  EXPECT_EQ(health->submission.adapter(), "health_commission_task_progress");
  EXPECT_NE(health->submission.submission_id(),
            finance->submission.submission_id());
}

TEST_F(NativeReportTest, AGivenSubmissionIdReplacesTheDerivedOne) {
  v1::adapters::SubmitTaskProgressRequest request = Progress("2024H1");
  request.mutable_options()->set_submission_id("fin-progress-2024h1");
  auto out = NativeRequestToSubmission(registry_, "finance", request, "test");
  ASSERT_THAT(out, IsOk());
  EXPECT_EQ(out->submission.submission_id(), "fin-progress-2024h1");
  EXPECT_FALSE(out->dry_run);
}

TEST_F(NativeReportTest, ABadPeriodNamesTheReportField) {
  auto out = NativeRequestToSubmission(registry_, "finance", Progress("2024H3"),
                                       "test");
  EXPECT_THAT(out, StatusIs(absl::StatusCode::kInvalidArgument));
  std::vector<FieldViolation> v = GetFieldViolations(out.status());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].field, "report.report_period");
  EXPECT_EQ(v[0].reason, "INVALID_PERIOD");
  EXPECT_THAT(v[0].localized, HasSubstr("“2024H3”不是有效的报告期"));
}

TEST_F(NativeReportTest, RowsNoAdapterOfTheDepartmentReadsAreNotFound) {
  v1::adapters::SubmitInstitutionReportRequest request;
  request.mutable_report()->set_report_period("2024H1");
  EXPECT_THAT(NativeRequestToSubmission(registry_, "finance", request, "test"),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("no adapter of finance reads "
                                 "hub.v1.adapters.InstitutionMonthlyRow")));
}

TEST_F(NativeReportTest, AMessageOfAnotherShapeIsAnInternalError) {
  v1::adapters::TaskProgressReport not_a_request;
  EXPECT_THAT(
      NativeRequestToSubmission(registry_, "finance", not_a_request, "test"),
      StatusIs(absl::StatusCode::kInternal,
               HasSubstr("is not a native report request")));
}

}  // namespace
}  // namespace adapters
}  // namespace hub
