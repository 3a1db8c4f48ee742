// The catalog's rules for reading records: filter checks that name the bad
// field, and overdue judged against the period being reported on.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/cst_time.h"
#include "hub/common/status_matchers.h"
#include "hub/records/record_reader.h"

namespace hub {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::unique_ptr<const Catalog> SmallCatalog() {
  v1::Catalog c;
  auto* d = c.add_departments();
  d->set_code("medical_insurance");
  d->set_name("医保局");
  auto* r = c.add_regions();
  r->set_code("350400");
  r->set_name("三明市");
  auto* ind = c.add_indicators();
  ind->set_code("county_fund_spending_share");
  ind->set_name("县域内基金支出占比");
  ind->set_unit("%");
  ind->set_dimension(v1::DIMENSION_PERCENT);
  ind->add_period_types(v1::PERIOD_TYPE_HALF);
  ind->set_owner_department("medical_insurance");
  auto built = Catalog::Build(c);
  EXPECT_TRUE(built.ok()) << built.status();
  return *std::move(built);
}

TEST(FilterViolationsTest, NamesEachUnknownCodeAndMalformedPeriod) {
  auto catalog = SmallCatalog();
  EXPECT_THAT(FilterViolations(*catalog, {}), IsEmpty());
  RecordFilter ok;
  ok.region_code = "350400";
  ok.period = "2024H1";
  ok.indicator_code = "county_fund_spending_share";
  ok.department = "medical_insurance";
  EXPECT_THAT(FilterViolations(*catalog, ok), IsEmpty());
  RecordFilter bad;
  bad.region_code = "350499";
  bad.period = "2024上半年";
  bad.indicator_code = "no_such_indicator";
  bad.task_code = "sm2024.99";
  bad.department = "treasury";
  std::vector<FieldViolation> v = FilterViolations(*catalog, bad);
  ASSERT_EQ(v.size(), 5u);
  EXPECT_EQ(v[0].field, "region_code");
  EXPECT_EQ(v[0].description, "unknown region \"350499\"");
  EXPECT_EQ(v[1].field, "period");
  EXPECT_THAT(v[1].description,
              HasSubstr("\"2024上半年\" is not a valid period"));
  EXPECT_EQ(v[2].field, "indicator_code");
  EXPECT_EQ(v[3].field, "task_code");
  EXPECT_EQ(v[4].field, "department");
  EXPECT_EQ(v[4].description, "unknown department \"treasury\"");
}

v1::Task TaskDue(v1::DeadlineKind kind, const std::string& value) {
  v1::Task t;
  t.set_code("ny2022.3.1");
  t.mutable_deadline()->set_kind(kind);
  t.mutable_deadline()->set_value(value);
  return t;
}

absl::Time Cst(int y, int m, int d) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, 12, 0, 0),
                         ChinaStandardTime());
}

TEST(JudgeOverdueTest, IsJudgedAgainstThePeriodReportedOn) {
  const v1::Task year_end = TaskDue(v1::DEADLINE_KIND_DATE, "2024-12-31");
  const absl::Time later = Cst(2025, 3, 1);
  // The first half "in progress" is not late for a year-end deadline, even
  // read long after.
  EXPECT_FALSE(
      JudgeOverdue(year_end, "2024H1", v1::TASK_STATUS_IN_PROGRESS, later)
          .overdue);
  // The year report is, once the year is over; 0 days: due that last day.
  TaskOverdue year =
      JudgeOverdue(year_end, "2024", v1::TASK_STATUS_IN_PROGRESS, later);
  EXPECT_TRUE(year.overdue);
  EXPECT_EQ(year.days, 0);
  EXPECT_EQ(year.as_of, absl::CivilDay(2024, 12, 31));
  // ... but not while the year (and the deadline) is still running.
  EXPECT_FALSE(JudgeOverdue(year_end, "2024", v1::TASK_STATUS_IN_PROGRESS,
                            Cst(2024, 11, 26))
                   .overdue);
  EXPECT_FALSE(
      JudgeOverdue(year_end, "2024", v1::TASK_STATUS_COMPLETED, later).overdue);
}

TEST(JudgeOverdueTest, CountsDaysToThePeriodEndOrToday) {
  const v1::Task mid_year = TaskDue(v1::DEADLINE_KIND_DATE, "2022-06-30");
  TaskOverdue after_year = JudgeOverdue(
      mid_year, "2022", v1::TASK_STATUS_NOT_STARTED, Cst(2023, 5, 1));
  EXPECT_TRUE(after_year.overdue);
  EXPECT_EQ(after_year.days, 184);  // 2022-06-30 .. 2022-12-31
  TaskOverdue during = JudgeOverdue(
      mid_year, "2022", v1::TASK_STATUS_IN_PROGRESS, Cst(2022, 7, 25));
  EXPECT_TRUE(during.overdue);
  EXPECT_EQ(during.days, 25);
  EXPECT_EQ(during.due, absl::CivilDay(2022, 6, 30));
  // The deadline's own day is still in time.
  EXPECT_FALSE(JudgeOverdue(mid_year, "2022", v1::TASK_STATUS_IN_PROGRESS,
                            Cst(2022, 6, 30))
                   .overdue);
}

TEST(JudgeOverdueTest, YearDeadlinesAndOngoingTasks) {
  const v1::Task by_2025 = TaskDue(v1::DEADLINE_KIND_YEAR, "2025");
  EXPECT_FALSE(JudgeOverdue(by_2025, "2024", v1::TASK_STATUS_IN_PROGRESS,
                            Cst(2026, 1, 5))
                   .overdue);
  EXPECT_TRUE(JudgeOverdue(by_2025, "2025", v1::TASK_STATUS_IN_PROGRESS,
                           Cst(2026, 1, 5))
                  .overdue);
  const v1::Task ongoing = TaskDue(v1::DEADLINE_KIND_ONGOING, "");
  TaskOverdue never = JudgeOverdue(ongoing, "2022", v1::TASK_STATUS_NOT_STARTED,
                                   Cst(2030, 1, 1));
  EXPECT_FALSE(never.overdue);
  EXPECT_FALSE(never.has_deadline);
}

}  // namespace
}  // namespace hub
