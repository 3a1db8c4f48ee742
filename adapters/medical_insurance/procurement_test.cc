#include <string>
#include <vector>

#include "adapters/medical_insurance/medical_insurance.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/v1/adapters/medical_insurance.pb.h"

namespace hub {
namespace adapters {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Row = v1::adapters::ProcurementRow;

Row Product(std::string division, std::string product, std::string period,
            std::string agreed, std::string actual, std::string unit) {
  Row r;
  r.set_division_code(division);
  r.set_batch("国家第九批");
  r.set_category("药品");
  r.set_product(product);
  r.set_period(period);
  r.set_agreed_volume(agreed);
  r.set_actual_volume(actual);
  r.set_unit(unit);
  return r;
}

std::vector<std::string> Reasons(const std::vector<RowIssue>& issues) {
  std::vector<std::string> out;
  for (const RowIssue& i : issues) out.push_back(i.field + ": " + i.reason);
  return out;
}

TEST(ProcurementTest, CompletionRateSumsVolumesNotPercentages) {
  auto adapter = NewProcurementAdapter();
  auto t = adapter->Begin({*Period::Parse("2024H1"), "proc.csv"});
  // 120% and 90%: the rate is 9300 / 10000 = 93%, not the mean 105%.
  EXPECT_THAT(t->AddRow(Product("350499", "阿莫西林胶囊", "202403", "1000",
                                "1200", "粒"),
                        {2, ""}),
              IsEmpty());
  EXPECT_THAT(t->AddRow(Product("350499", "盐酸二甲双胍缓释片", "2024Q2",
                                "9000", "8100", "片"),
                        {3, ""}),
              IsEmpty());
  EXPECT_THAT(
      t->AddRow(Product("350421", "阿莫西林胶囊", "2024H1", "300", "310", "粒"),
                {4, ""}),
      IsEmpty());
  HUB_ASSERT_OK_AND_ASSIGN(auto items, t->Finish());
  ASSERT_EQ(items.size(), 2u);
  const auto& city = items[0].indicator_value();
  EXPECT_EQ(city.indicator_code(), "procurement_completion_rate");
  EXPECT_EQ(city.region_code(), "350400");  // 三明市本级 pool
  EXPECT_EQ(city.period(), "2024H1");
  EXPECT_EQ(city.unit(), "%");
  EXPECT_EQ(city.numerator(), "9300");
  EXPECT_EQ(city.denominator(), "10000");
  EXPECT_THAT(city.provenance().lines(), ElementsAre(2, 3));
  std::vector<std::string> fields;
  for (const auto& c : city.provenance().conversions()) {
    fields.push_back(c.field() + " " + c.from() + " -> " + c.to());
  }
  EXPECT_THAT(fields,
              ElementsAre("numerator/denominator 实际采购量 / "
                          "约定采购量 of every product -> "
                          "procurement_completion_rate",
                          "period 202403 -> 2024H1", "period 2024Q2 -> 2024H1",
                          "region_code 350499 -> 350400", "unit 片 -> %",
                          "unit 粒 -> %"));
  EXPECT_EQ(items[1].indicator_value().region_code(), "350421");
  EXPECT_EQ(items[1].indicator_value().numerator(), "310");
}

TEST(ProcurementTest, AMonthInsideAReportedQuarterIsADuplicate) {
  auto adapter = NewProcurementAdapter();
  auto t = adapter->Begin({*Period::Parse("2024H1"), "proc.csv"});
  EXPECT_THAT(t->AddRow(Product("350421", "阿莫西林胶囊", "2024Q1", "3000",
                                "3100", "粒"),
                        {2, ""}),
              IsEmpty());
  EXPECT_THAT(
      Reasons(t->AddRow(
          Product("350421", "阿莫西林胶囊", "202402", "1000", "1000", "粒"),
          {3, ""})),
      ElementsAre("product: duplicate product row: 阿莫西林胶囊 "
                  "(国家第九批) in 350421 already reported for 2024Q1"));
  // Another division, or the next quarter, is not a duplicate.
  EXPECT_THAT(t->AddRow(Product("350425", "阿莫西林胶囊", "202402", "1000",
                                "1000", "粒"),
                        {4, ""}),
              IsEmpty());
  EXPECT_THAT(t->AddRow(Product("350421", "阿莫西林胶囊", "202404", "1000",
                                "990", "粒"),
                        {5, ""}),
              IsEmpty());
}

TEST(ProcurementTest, EveryBadCellOfARowIsReported) {
  auto adapter = NewProcurementAdapter();
  auto t = adapter->Begin({*Period::Parse("2024H1"), "proc.csv"});
  Row r = Product("350498", "阿莫西林胶囊", "2023Q4", "-5", "12.5", "盒");
  r.set_batch(" ");
  EXPECT_THAT(
      Reasons(t->AddRow(r, {2, ""})),
      ElementsAre("division_code: unknown insurance division code \"350498\"",
                  "batch: missing procurement batch",
                  "period: period 2023Q4 outside the report 2024H1",
                  "agreed_volume: negative number \"-5\"",
                  "actual_volume: \"12.5\" is not a whole number",
                  "unit: unknown unit \"盒\" for 药品: volumes are in "
                  "片、粒、袋、支、瓶、贴"));
  r = Product("350421", "阿莫西林胶囊", "202401", "100", "90", "粒 或 片");
  EXPECT_THAT(Reasons(t->AddRow(r, {3, ""})),
              ElementsAre("unit: \"粒 或 片\" names more than one unit; write "
                          "one unit per product row"));
  HUB_ASSERT_OK_AND_ASSIGN(auto items, t->Finish());
  EXPECT_THAT(items, IsEmpty());
}

TEST(ProcurementTest, AProductKeepsOneUnitAcrossDivisions) {
  auto adapter = NewProcurementAdapter();
  auto t = adapter->Begin({*Period::Parse("2024H1"), "proc.csv"});
  EXPECT_THAT(t->AddRow(Product("350421", "注射用头孢曲松钠", "202401", "100",
                                "90", "支"),
                        {2, ""}),
              IsEmpty());
  EXPECT_THAT(Reasons(t->AddRow(Product("350425", "注射用头孢曲松钠", "202401",
                                        "100", "90", "瓶"),
                                {3, ""})),
              ElementsAre("unit: unit \"瓶\" differs from 支 reported earlier "
                          "for 注射用头孢曲松钠 (国家第九批)"));
}

}  // namespace
}  // namespace adapters
}  // namespace hub
