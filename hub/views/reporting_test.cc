// Reporting completeness and timeliness against 三明's calendar
// (明医改组〔2024〕4号: 2024H1 by 7/25, 2024Q1-Q3 by 9/25, the year by
// 11/25), judged by when the hub received each report.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/views/internal/views_test_util.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;
using ::hub::views_testing::AddProgress;
using ::hub::views_testing::AddValue;
using ::hub::views_testing::Cst;
using ::hub::views_testing::NewSubmission;
using ::hub::views_testing::P;
using ::testing::HasSubstr;

// 金融监管分局 is responsible for the four sub-measures of task 10 and
// reports nothing else: its report is those four progress items.
constexpr char kDept[] = "financial_regulation";

class ReportingTest : public views_testing::ViewsTest {
 protected:
  absl::StatusOr<v1::ReportingReport> Report(const std::string& period,
                                             const std::string& dept = kDept) {
    v1::ReportingRequest r;
    r.set_plan_code("sm2024");
    r.set_period(period);
    r.set_department(dept);
    return views_->Reporting(P("analyst@350400"), r);
  }
  // The one expected report of kDept for period.
  v1::ExpectedReport One(const std::string& period) {
    auto report = Report(period);
    EXPECT_THAT(report, IsOk());
    if (!report.ok() || report->reports_size() != 1) {
      ADD_FAILURE() << "want one report";
      return v1::ExpectedReport();
    }
    return report->reports(0);
  }
  // kDept reports every item of its period report at the clock's time.
  void SendAll(const std::string& id, const std::string& period,
               v1::TaskStatus status, int64_t submitted_at = 0) {
    v1::Submission s = NewSubmission(id, kDept, submitted_at);
    const v1::ExpectedReport expected = One(period);
    for (const v1::ReportItem& item : expected.items()) {
      AddProgress(&s, item.code(), "350400", period, status, "按计划推进");
    }
    Send(s);
  }
};

TEST_F(ReportingTest, ExpectsEachResponsibleDepartmentsTasks) {
  now_ = Cst(2024, 11, 1);
  v1::ExpectedReport r = One("2024");
  EXPECT_EQ(r.due_date(), "2024-11-25");
  EXPECT_EQ(r.region_code(), "350400");
  EXPECT_EQ(r.items_expected(), 4);
  EXPECT_EQ(r.items(0).code(), "sm2024.10.1");
  EXPECT_EQ(r.state(), v1::REPORT_STATE_NOT_DUE);
  now_ = Cst(2024, 11, 26);
  EXPECT_EQ(One("2024").state(), v1::REPORT_STATE_MISSING);
  EXPECT_EQ(One("2024").days_late(), 1);  // outstanding for a day
}

TEST_F(ReportingTest, ReceivedBy2359OnTheDueDateIsOnTime) {
  now_ = Cst(2024, 11, 25, 23, 59, 0);
  SendAll("fr-1", "2024", v1::TASK_STATUS_IN_PROGRESS);
  now_ = Cst(2024, 12, 20);
  v1::ExpectedReport r = One("2024");
  EXPECT_EQ(r.state(), v1::REPORT_STATE_ON_TIME);
  EXPECT_EQ(r.days_late(), 0);
  EXPECT_EQ(r.items_on_time(), 4);
  EXPECT_EQ(r.received_at_micros(), ToUnixMicros(Cst(2024, 11, 25, 23, 59)));
}

TEST_F(ReportingTest, ReceivedAtMidnightIsOneDayLateWhateverTheClientSays) {
  now_ = Cst(2024, 11, 26, 0, 0, 0);
  // The client's own clock claims the 20th: shown, not believed.
  const int64_t claimed = ToUnixMicros(Cst(2024, 11, 20));
  SendAll("fr-1", "2024", v1::TASK_STATUS_IN_PROGRESS, claimed);
  v1::ExpectedReport r = One("2024");
  EXPECT_EQ(r.state(), v1::REPORT_STATE_LATE);
  EXPECT_EQ(r.days_late(), 1);
  EXPECT_EQ(r.received_at_micros(), ToUnixMicros(Cst(2024, 11, 26, 0, 0)));
  EXPECT_EQ(r.submitted_at_micros(), claimed);
  EXPECT_EQ(r.items_on_time(), 0);
}

TEST_F(ReportingTest, LatenessCountsChinaStandardDaysAcrossTheYearBoundary) {
  // 2024-12-31T16:30Z is already 2025-01-01 00:30 in CST: 37 days after
  // 2024-11-25 (36 if counted in UTC).
  now_ = absl::FromUnixSeconds(1735662600);
  ASSERT_EQ(now_, Cst(2025, 1, 1, 0, 30));
  SendAll("fr-1", "2024", v1::TASK_STATUS_COMPLETED);
  v1::ExpectedReport r = One("2024");
  EXPECT_EQ(r.state(), v1::REPORT_STATE_LATE);
  EXPECT_EQ(r.days_late(), 37);
}

TEST_F(ReportingTest, ACorrectionAfterTheDueDateKeepsTheOriginalOnTime) {
  now_ = Cst(2024, 7, 24, 10);
  SendAll("fr-h1", "2024H1", v1::TASK_STATUS_IN_PROGRESS);
  now_ = Cst(2024, 8, 2, 16);  // corrected a week after the due date
  SendAll("fr-h1-fix", "2024H1", v1::TASK_STATUS_COMPLETED);
  v1::ExpectedReport r = One("2024H1");
  EXPECT_EQ(r.state(), v1::REPORT_STATE_ON_TIME);
  EXPECT_EQ(r.due_date(), "2024-07-25");
  EXPECT_EQ(r.received_at_micros(), ToUnixMicros(Cst(2024, 7, 24, 10)));
  EXPECT_EQ(r.corrected_at_micros(), ToUnixMicros(Cst(2024, 8, 2, 16)));
  EXPECT_EQ(r.items(0).corrected_at_micros(),
            ToUnixMicros(Cst(2024, 8, 2, 16)));
}

TEST_F(ReportingTest, SomeItemsOnlyIsPartialOnceDue) {
  // Finance owes 宁化县's three yearly figures of the plan (the two per-person
  // standards and government spending on public hospitals).
  now_ = Cst(2024, 11, 20);
  v1::Submission s = NewSubmission("fin-1", "finance");
  AddValue(&s, "resident_insurance_subsidy_per_person", "350424", "2024",
           "670.00", "元/人");
  Send(s);
  auto report = Report("2024", "finance");
  ASSERT_THAT(report, IsOk());
  const v1::ExpectedReport* ninghua = nullptr;
  for (const auto& r : report->reports()) {
    if (r.region_code() == "350424") ninghua = &r;
  }
  ASSERT_NE(ninghua, nullptr);
  EXPECT_EQ(ninghua->items_expected(), 3);
  EXPECT_EQ(ninghua->items_received(), 1);
  EXPECT_EQ(ninghua->state(), v1::REPORT_STATE_NOT_DUE);
  now_ = Cst(2024, 11, 30);
  report = Report("2024", "finance");
  ASSERT_THAT(report, IsOk());
  for (const auto& r : report->reports()) {
    if (r.region_code() != "350424") continue;
    EXPECT_EQ(r.state(), v1::REPORT_STATE_PARTIAL);
    EXPECT_EQ(r.region_name(), "宁化县");
  }
}

TEST_F(ReportingTest, RatesPerDepartmentAndRegion) {
  now_ = Cst(2024, 7, 25, 9);
  SendAll("fr-h1", "2024H1", v1::TASK_STATUS_IN_PROGRESS);
  now_ = Cst(2024, 9, 28);
  SendAll("fr-q3", "2024Q1-Q3", v1::TASK_STATUS_IN_PROGRESS);
  now_ = Cst(2024, 12, 1);
  v1::ReportingRequest r;
  r.set_plan_code("sm2024");
  auto report = views_->Reporting(P("analyst@350400"), r);
  ASSERT_THAT(report, IsOk());
  const v1::ReportingRate* fr = nullptr;
  for (const auto& d : report->by_department()) {
    if (d.code() == kDept) fr = &d;
  }
  ASSERT_NE(fr, nullptr);
  EXPECT_EQ(fr->name(), "金融监管分局");
  EXPECT_EQ(fr->expected(), 3);
  EXPECT_EQ(fr->on_time(), 1);
  EXPECT_EQ(fr->late(), 1);
  EXPECT_EQ(fr->missing(), 1);
  EXPECT_EQ(fr->completeness_rate(), "66.67");
  EXPECT_EQ(fr->timeliness_rate(), "33.33");
  EXPECT_EQ(report->by_region_size(), 12);  // the city and its counties
  EXPECT_GT(report->total().expected(), 100);
  EXPECT_EQ(report->total().on_time(), 1);
  // A listing filtered by state; the rates still cover everything.
  r.add_states(v1::REPORT_STATE_LATE);
  auto late = views_->Reporting(P("analyst@350400"), r);
  ASSERT_THAT(late, IsOk());
  ASSERT_EQ(late->reports_size(), 1);
  EXPECT_EQ(late->reports(0).department(), kDept);
  EXPECT_EQ(late->reports(0).days_late(), 3);
  EXPECT_EQ(late->total().expected(), report->total().expected());
}

TEST_F(ReportingTest, LateReportsCountAgainstTheirDepartmentAmongLaggards) {
  now_ = Cst(2024, 7, 29);  // four days after the first half's due date
  SendAll("fr-h1", "2024H1", v1::TASK_STATUS_IN_PROGRESS);
  now_ = Cst(2024, 12, 1);
  v1::LaggardsRequest r;
  r.set_plan_code("sm2024");
  r.set_period("2024Q1-Q3");
  auto lag = views_->Laggards(P("analyst@350400"), r);
  ASSERT_THAT(lag, IsOk());
  const v1::Laggard* fr = nullptr;
  for (const auto& d : lag->departments()) {
    if (d.code() == kDept) fr = &d;
  }
  ASSERT_NE(fr, nullptr);
  EXPECT_EQ(fr->late_reports(), 1);      // 2024H1
  EXPECT_EQ(fr->missing_reports(), 1);   // 2024Q1-Q3; the year is not asked
  EXPECT_EQ(fr->unreported_tasks(), 4);  // nothing for 2024Q1-Q3
  EXPECT_EQ(fr->overdue_tasks(), 0);     // due at the end of 2024
}

TEST_F(ReportingTest, PlansWithoutACalendarAndPeriodsOutsideIt) {
  v1::ReportingRequest r;
  r.set_plan_code("ny2022");
  EXPECT_THAT(views_->Reporting(P("analyst@411300"), r),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("宛医改办〔2022〕1号) has no reporting "
                                 "calendar")));
  r.clear_plan_code();  // every plan covering Nanyang: none has a calendar
  auto none = views_->Reporting(P("analyst@411300"), r);
  ASSERT_THAT(none, IsOk());
  EXPECT_EQ(none->reports_size(), 0);
  ASSERT_EQ(none->plans_without_calendar_size(), 1);
  r.set_plan_code("sm2024");
  r.set_period("2024Q3");
  EXPECT_THAT(views_->Reporting(P("analyst@350400"), r),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("period: \"2024Q3\" is not in the calendar "
                                 "of plan sm2024")));
  r.set_period("2024上半年");
  EXPECT_THAT(views_->Reporting(P("analyst@350400"), r),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("period: \"2024上半年\" is not a valid")));
  r.set_period("");
  r.set_department("treasury");
  EXPECT_THAT(views_->Reporting(P("analyst@350400"), r),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("department: unknown department")));
}

}  // namespace
}  // namespace hub
