#include "adapters/finance/finance.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/v1/adapters/finance.pb.h"

namespace hub {
namespace adapters {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::IsOkAndHolds;
using ::hub::testing::StatusIs;

using ::testing::IsEmpty;
using Row = v1::adapters::BudgetExecutionRow;

Row Subject(std::string code, std::string executed) {
  Row r;
  r.set_division_code("350400");
  r.set_budget_year("2024");
  r.set_quarter("3");
  r.set_subject_code(code);
  r.set_unit("万元");
  r.set_budget_amount("100000");
  r.set_executed_amount(executed);
  return r;
}

TEST(BudgetSubjectsTest, TableDependsOnFiscalYear) {
  ASSERT_NE(FindBudgetSubject("2101202", 2024), nullptr);
  EXPECT_EQ(FindBudgetSubject("2101202", 2024)->name,
            "财政对城乡居民基本医疗保险基金的补助");
  EXPECT_EQ(FindBudgetSubject("2101202", 2017)->name,
            "财政对城镇居民基本医疗保险基金的补助");
  EXPECT_NE(FindBudgetSubject("2101203", 2017), nullptr);
  EXPECT_EQ(FindBudgetSubject("2101203", 2024), nullptr);
}

// 覆盖人数 is used: standard × covered population, accrued by quarter,
// against the executed amount (1% tolerance).
TEST(BudgetExecutionTest, ExecutionFarFromStandardTimesPopulationIsAWarning) {
  auto adapter = NewBudgetExecutionAdapter();
  auto t = adapter->Begin({*Period::Parse("2024Q1-Q3"), "fin.csv"});
  Row standard = Subject("2101202", "52000");
  standard.set_subsidy_per_person("670");
  standard.set_covered_persons("2216300");
  EXPECT_THAT(t->AddRow(standard, {5, ""}), IsEmpty());
  HUB_ASSERT_OK_AND_ASSIGN(auto items, t->Finish());
  ASSERT_EQ(items.size(), 1u);  // a warning, not a rejection
  std::vector<TranslationWarning> warnings = t->Warnings();
  ASSERT_EQ(warnings.size(), 1u);
  const TranslationWarning& w = warnings[0];
  EXPECT_EQ(w.source.line, 5);
  EXPECT_EQ(w.field, "executed_amount");
  EXPECT_EQ(w.message,
            "执行数 52000万元 (520000000元) differs from 人均补助标准 670 × "
            "覆盖人数 2216300 × 3/4 of the year = 1113690750.00元 by "
            "593690750.00元, more than 1%: check the standard and the covered "
            "population");
}

TEST(BudgetExecutionTest, ExecutionWithinTheToleranceIsQuiet) {
  auto adapter = NewBudgetExecutionAdapter();
  auto t = adapter->Begin({*Period::Parse("2024Q1-Q3"), "fin.csv"});
  // The sample export: 111367.50万元 of 670 × 2216300 × 3/4 = 111369.075万元.
  Row standard = Subject("2101202", "111367.50");
  standard.set_subsidy_per_person("670");
  standard.set_covered_persons("2216300");
  EXPECT_THAT(t->AddRow(standard, {5, ""}), IsEmpty());
  // 1% below the accrual: 1113690750 × 0.99 = 1102553842.5元 is at the edge.
  Row edge = Subject("2100408", "110255.38425");
  edge.set_subsidy_per_person("670");
  edge.set_covered_persons("2216300");
  EXPECT_THAT(t->AddRow(edge, {6, ""}), IsEmpty());
  HUB_ASSERT_OK_AND_ASSIGN(auto items, t->Finish());
  EXPECT_THAT(t->Warnings(), IsEmpty());
}

TEST(BudgetExecutionTest, WanYuanToYuanExactlyYearToDate) {
  auto adapter = NewBudgetExecutionAdapter();
  auto t = adapter->Begin({*Period::Parse("2024Q1-Q3"), "fin.csv"});
  // 0.1 + 0.2 in binary floating point is not 0.3; in 万元 decimals it is.
  EXPECT_THAT(t->AddRow(Subject("2100201", "12345.6701"), {2, ""}), IsEmpty());
  EXPECT_THAT(t->AddRow(Subject("2100202", "0.0001"), {3, ""}), IsEmpty());
  EXPECT_THAT(t->AddRow(Subject("2100101", "999"), {4, ""}), IsEmpty());
  Row standard = Subject("2101202", "52000");
  standard.set_subsidy_per_person("670.00");
  standard.set_covered_persons("2100000");
  EXPECT_THAT(t->AddRow(standard, {5, ""}), IsEmpty());
  HUB_ASSERT_OK_AND_ASSIGN(auto items, t->Finish());
  ASSERT_EQ(items.size(), 2u);
  const auto& spending = items[0].indicator_value();
  EXPECT_EQ(spending.indicator_code(), "govt_spending_public_hospitals");
  EXPECT_EQ(spending.value(), "123456702");
  EXPECT_EQ(spending.unit(), "元");
  EXPECT_EQ(spending.period(), "2024Q1-Q3");
  const auto& subsidy = items[1].indicator_value();
  EXPECT_EQ(subsidy.indicator_code(), "resident_insurance_subsidy_per_person");
  EXPECT_EQ(subsidy.value(), "670.00");
  EXPECT_EQ(subsidy.period(), "2024");
}

TEST(BudgetExecutionTest, ReportsUnitSubjectQuarterAndDuplicates) {
  auto adapter = NewBudgetExecutionAdapter();
  auto t = adapter->Begin({*Period::Parse("2024Q1-Q3"), "fin.csv"});
  Row bad = Subject("2101203", "abc");
  bad.set_unit("千元");
  std::vector<RowIssue> issues = t->AddRow(bad, {2, ""});
  ASSERT_EQ(issues.size(), 3u);
  EXPECT_EQ(issues[0].reason,
            "wrong unit \"千元\": amounts must be in 万元 or 元");
  EXPECT_EQ(issues[1].reason,
            "unknown budget subject \"2101203\" in the 2024 classification");
  EXPECT_EQ(issues[2].reason, "unparsable number \"abc\"");
  Row early = Subject("2100201", "1");
  early.set_quarter("2");
  issues = t->AddRow(early, {3, ""});
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].reason, "period 2024Q1-Q2 outside the report 2024Q1-Q3");
  EXPECT_THAT(t->AddRow(Subject("2100201", "1"), {4, ""}), IsEmpty());
  issues = t->AddRow(Subject("2100201", "1"), {5, ""});
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].reason,
            "duplicate subject row: 2100201 already reported for 350400");
}

}  // namespace
}  // namespace adapters
}  // namespace hub
