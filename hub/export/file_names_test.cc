#include "gtest/gtest.h"
#include "hub/export/export.h"

namespace hub {
namespace {

TEST(FileNamesTest, ARecordsExportIsNamedByItsTableAndFilter) {
  RecordFilter f;
  EXPECT_EQ(RecordsFileName(RecordTable::kRecords, f, ExportFormat::kXlsx),
            "合并记录.xlsx");
  f.region_code = "350400";
  f.period = "2024H1";
  f.department = "finance";  // not part of the name
  EXPECT_EQ(RecordsFileName(RecordTable::kRecords, f, ExportFormat::kXlsx),
            "合并记录_350400_2024H1.xlsx");
  f.indicator_code = "county_visit_rate";
  EXPECT_EQ(RecordsFileName(RecordTable::kContributions, f, ExportFormat::kCsv),
            "报送明细_350400_2024H1_county_visit_rate.csv");
}

TEST(FileNamesTest, AViewExportIsNamedByItsRegionOrPlanAndPeriod) {
  ViewTable t;
  t.title = "目标完成情况";
  v1::AttainmentRequest a;
  a.set_region_code("350400");
  a.set_period("2024");
  EXPECT_EQ(ViewFileName(t, a, ExportFormat::kXlsx),
            "目标完成情况_350400_2024.xlsx");
  t.title = "任务台账";
  v1::LedgerRequest l;
  l.set_plan_code("sm2024");
  EXPECT_EQ(ViewFileName(t, l, ExportFormat::kJsonLines),
            "任务台账_sm2024.jsonl");
}

}  // namespace
}  // namespace hub
