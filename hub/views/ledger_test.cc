// The task ledger (任务台账) of 宛医改办〔2022〕1号 (Nanyang's 2022
// responsibility list), and the laggards ranked from it.
#include "hub/views/internal/ledger.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/views/internal/views_test_util.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;
using ::hub::views_internal::NaturalCompare;
using ::hub::views_testing::AddProgress;
using ::hub::views_testing::Cst;
using ::hub::views_testing::NewSubmission;
using ::hub::views_testing::P;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class LedgerTest : public views_testing::ViewsTest {
 protected:
  void SetUp() override {
    ViewsTest::SetUp();
    now_ = Cst(2022, 7, 20);
    // Two departments report on the first half of 2022.
    v1::Submission hc = NewSubmission("hc-h1", "health_commission");
    AddProgress(&hc, "ny2022.1.8", "411300", "2022H1",
                v1::TASK_STATUS_IN_PROGRESS, "医联体建设稳步推进");
    AddProgress(&hc, "ny2022.5.1", "411300", "2022H1",
                v1::TASK_STATUS_IN_PROGRESS, "价格动态调整机制起草中");
    Send(hc, "411300");
    v1::Submission mi = NewSubmission("mi-h1", "medical_insurance");
    AddProgress(&mi, "ny2022.3.1", "411300", "2022H1",
                v1::TASK_STATUS_IN_PROGRESS, "已参加国家集采第七批");
    Send(mi, "411300");
  }
  absl::StatusOr<v1::LedgerResponse> Ledger(v1::LedgerRequest r) {
    r.set_plan_code("ny2022");
    return views_->Ledger(P("analyst@411300"), r);
  }
  static const v1::LedgerRow* Row(const v1::LedgerResponse& l,
                                  const std::string& code) {
    for (const auto& r : l.rows()) {
      if (r.task_code() == code) return &r;
    }
    return nullptr;
  }
};

TEST_F(LedgerTest, ListsEveryTaskIncludingTheUnreported) {
  v1::LedgerRequest r;
  r.set_period("2022H1");
  auto l = Ledger(r);
  ASSERT_THAT(l, IsOk());
  EXPECT_EQ(l->document_number(), "宛医改办〔2022〕1号");
  EXPECT_EQ(l->region_code(), "411300");
  EXPECT_EQ(l->rows_size(), 54);  // 14 categories and 40 tasks
  EXPECT_EQ(l->summary().tasks(), 40);
  EXPECT_EQ(l->summary().reported(), 3);
  EXPECT_EQ(l->summary().unreported(), 37);
  const v1::LedgerRow* unreported = Row(*l, "ny2022.7.1");
  ASSERT_NE(unreported, nullptr);
  EXPECT_EQ(unreported->status(), v1::LEDGER_STATUS_UNREPORTED);
  EXPECT_THAT(unreported->explanation(), HasSubstr("未报送"));
  EXPECT_THAT(unreported->lead_departments(),
              ElementsAre("hr_social_security"));
  ASSERT_GE(unreported->progress_size(), 2);
  EXPECT_EQ(unreported->progress(0).department(), "hr_social_security");
  EXPECT_EQ(unreported->progress(0).role(), "lead");
  EXPECT_FALSE(unreported->progress(0).reported());
  const v1::LedgerRow* reported = Row(*l, "ny2022.1.8");
  EXPECT_EQ(reported->status(), v1::LEDGER_STATUS_IN_PROGRESS);
  EXPECT_EQ(reported->progress(0).department(), "health_commission");
  EXPECT_TRUE(reported->progress(0).reported());
  EXPECT_EQ(reported->progress(0).text(), "医联体建设稳步推进");
  EXPECT_EQ(reported->progress(0).received_at_micros(),
            ToUnixMicros(Cst(2022, 7, 20)));
  const v1::LedgerRow* category = Row(*l, "ny2022.c1");
  EXPECT_EQ(category->depth(), 0);
  EXPECT_TRUE(category->has_children());
  EXPECT_EQ(category->status(), v1::LEDGER_STATUS_UNSPECIFIED);
}

TEST_F(LedgerTest, SubMeasuresAreInNumericOrder) {
  v1::LedgerRequest r;
  r.set_period("2022H1");
  auto l = Ledger(r);
  ASSERT_THAT(l, IsOk());
  std::vector<std::string> first;
  for (int i = 0; i < 12; ++i) first.push_back(l->rows(i).task_code());
  EXPECT_THAT(first, ElementsAre("ny2022.c1", "ny2022.1.1", "ny2022.1.2",
                                 "ny2022.1.3", "ny2022.1.4", "ny2022.1.5",
                                 "ny2022.1.6", "ny2022.1.7", "ny2022.1.8",
                                 "ny2022.1.9", "ny2022.1.10", "ny2022.c2"));
  EXPECT_EQ(l->rows(10).number(), "10");
  EXPECT_EQ(l->rows(10).depth(), 1);
  // Categories 一 .. 十四 follow their numbers too: c2 before c10.
  EXPECT_EQ(l->rows(l->rows_size() - 1).task_code(), "ny2022.14.4");
  EXPECT_LT(NaturalCompare("1.8", "1.10"), 0);
  EXPECT_LT(NaturalCompare("ny2022.c2", "ny2022.c10"), 0);
  EXPECT_EQ(NaturalCompare("ny2022.1.08", "ny2022.1.8"), 0);
}

TEST_F(LedgerTest, OverdueIsJudgedAgainstThePeriodReportedOn) {
  now_ = Cst(2023, 3, 1);  // read long after: the clock does not decide
  v1::LedgerRequest r;
  r.set_period("2022H1");
  auto l = Ledger(r);
  ASSERT_THAT(l, IsOk());
  // In progress in the first half, due 2022-12-31: not overdue.
  const v1::LedgerRow* procurement = Row(*l, "ny2022.3.1");
  EXPECT_EQ(procurement->deadline().value(), "2022-12-31");
  EXPECT_FALSE(procurement->overdue());
  // In progress, due 2022-06-30, the first half's last day: overdue.
  const v1::LedgerRow* pricing = Row(*l, "ny2022.5.1");
  EXPECT_TRUE(pricing->overdue());
  EXPECT_EQ(pricing->overdue_days(), 0);
  EXPECT_EQ(pricing->overdue_as_of(), "2022-06-30");
  // Unreported, due 2022-03-31: overdue by the end of June.
  const v1::LedgerRow* ledger_task = Row(*l, "ny2022.1.7");
  EXPECT_EQ(ledger_task->status(), v1::LEDGER_STATUS_UNREPORTED);
  EXPECT_TRUE(ledger_task->overdue());
  EXPECT_EQ(ledger_task->overdue_days(), 91);
  // 持续推进 is never overdue.
  const v1::LedgerRow* ongoing = Row(*l, "ny2022.1.8");
  EXPECT_EQ(ongoing->deadline().kind(), v1::DEADLINE_KIND_ONGOING);
  EXPECT_FALSE(ongoing->overdue());
  // The year's report of the same task, still in progress: overdue.
  now_ = Cst(2023, 3, 2);
  v1::Submission mi = NewSubmission("mi-2022", "medical_insurance");
  AddProgress(&mi, "ny2022.3.1", "411300", "2022", v1::TASK_STATUS_IN_PROGRESS,
              "第八批集采落地执行中");
  Send(mi, "411300");
  r.set_period("2022");
  l = Ledger(r);
  ASSERT_THAT(l, IsOk());
  EXPECT_TRUE(Row(*l, "ny2022.3.1")->overdue());
  EXPECT_EQ(Row(*l, "ny2022.1.7")->overdue_days(), 275);  // 3/31 .. 12/31
}

TEST_F(LedgerTest, FiltersByDepartmentStatusAndOverdue) {
  v1::LedgerRequest r;
  r.set_period("2022H1");
  r.set_department("hr_social_security");
  auto l = Ledger(r);
  ASSERT_THAT(l, IsOk());
  std::vector<std::string> codes;
  for (const auto& row : l->rows()) codes.push_back(row.task_code());
  // Its tasks, each with the category above it for context.
  EXPECT_THAT(codes,
              ElementsAre("ny2022.c7", "ny2022.7.1", "ny2022.7.2", "ny2022.7.3",
                          "ny2022.7.4", "ny2022.c8", "ny2022.8.1", "ny2022.8.2",
                          "ny2022.8.3", "ny2022.c9", "ny2022.9.2", "ny2022.c10",
                          "ny2022.10.1"));
  EXPECT_EQ(l->summary().tasks(), 40);  // the summary is the whole ledger
  r.clear_department();
  r.add_statuses(v1::LEDGER_STATUS_IN_PROGRESS);
  l = Ledger(r);
  ASSERT_THAT(l, IsOk());
  int tasks = 0;
  for (const auto& row : l->rows()) tasks += row.has_children() ? 0 : 1;
  EXPECT_EQ(tasks, 3);
  r.clear_statuses();
  r.set_overdue_only(true);
  l = Ledger(r);
  ASSERT_THAT(l, IsOk());
  for (const auto& row : l->rows()) {
    if (!row.has_children()) EXPECT_TRUE(row.overdue()) << row.task_code();
  }
}

TEST_F(LedgerTest, WithoutACalendarThePeriodIsThePlansYear) {
  auto l = Ledger(v1::LedgerRequest());
  ASSERT_THAT(l, IsOk());
  EXPECT_EQ(l->period(), "2022");
  v1::LedgerRequest bad;
  bad.set_region_code("350400");
  EXPECT_THAT(views_->Ledger(P("analyst@350000"),
                             [&] {
                               bad.set_plan_code("ny2022");
                               return bad;
                             }()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("region_code: 350400 is outside the "
                                 "jurisdiction 411300 of plan ny2022")));
  EXPECT_THAT(views_->Ledger(P("analyst@411300"), v1::LedgerRequest()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("plan_code: required")));
}

TEST_F(LedgerTest, LaggardsAreRankedByOverdueThenUnreportedTasks) {
  v1::LaggardsRequest r;
  r.set_plan_code("ny2022");
  r.set_period("2022H1");
  auto lag = views_->Laggards(P("analyst@411300"), r);
  ASSERT_THAT(lag, IsOk());
  ASSERT_GE(lag->departments_size(), 5);
  for (int i = 1; i < lag->departments_size(); ++i) {
    const auto& a = lag->departments(i - 1);
    const auto& b = lag->departments(i);
    EXPECT_TRUE(a.overdue_tasks() > b.overdue_tasks() ||
                (a.overdue_tasks() == b.overdue_tasks() &&
                 a.unreported_tasks() >= b.unreported_tasks()))
        << a.code() << " before " << b.code();
  }
  // 医改办 leads the seven organisational tasks, two of them due by 3/31
  // and two by 6/30, and has reported none.
  const v1::Laggard* office = nullptr;
  const v1::Laggard* hc = nullptr;
  for (const auto& d : lag->departments()) {
    if (d.code() == "reform_office") office = &d;
    if (d.code() == "health_commission") hc = &d;
  }
  ASSERT_NE(office, nullptr);
  EXPECT_EQ(office->name(), "医改办");
  EXPECT_EQ(office->overdue_tasks(), 4);
  EXPECT_EQ(office->unreported_tasks(), 7);
  // The health commission reported 1.8 and 5.1 (overdue, in progress).
  ASSERT_NE(hc, nullptr);
  EXPECT_THAT(hc->overdue_task_codes(), ::testing::Contains("ny2022.5.1"));
  EXPECT_THAT(hc->unreported_task_codes(),
              ::testing::Not(::testing::Contains("ny2022.1.8")));
  r.set_limit(3);
  lag = views_->Laggards(P("analyst@411300"), r);
  ASSERT_THAT(lag, IsOk());
  EXPECT_EQ(lag->departments_size(), 3);
}

}  // namespace
}  // namespace hub
