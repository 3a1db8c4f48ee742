#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/engine/internal/test_fixtures.h"
#include "hub/export/export.h"

namespace hub {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class Sink : public ExportSink {
 public:
  absl::Status Write(absl::string_view bytes) override {
    data.append(bytes.data(), bytes.size());
    return absl::OkStatus();
  }
  std::string data;
};

std::unique_ptr<const Catalog> SmallCatalog() {
  auto catalog = Catalog::Build(testing::SanmingTestCatalog());
  EXPECT_TRUE(catalog.ok()) << catalog.status();
  return catalog.ok() ? *std::move(catalog) : nullptr;
}

std::vector<std::string> Headers(const ViewTable& t) {
  std::vector<std::string> out;
  for (const auto& c : t.columns) out.push_back(c.name);
  return out;
}

TEST(ViewTablesTest, AttainmentRowsCarryStatesAndFormats) {
  auto catalog = SmallCatalog();
  ASSERT_NE(catalog, nullptr);
  v1::AttainmentReport report;
  report.set_as_of_sequence(77);
  auto* row = report.add_rows();
  row->set_region_code("350400");
  row->set_indicator_code("primary_care_visit_share");
  row->set_value("46.1");
  row->set_state(v1::ATTAINMENT_STATE_AT_RISK);
  row->add_checks()->set_target_value("47.5");
  ViewTable t = AttainmentViewTable(report, *catalog);
  EXPECT_EQ(t.title, "目标完成情况");
  EXPECT_EQ(t.as_of_sequence, 77u);
  ASSERT_EQ(t.rows.size(), 1u);
  ASSERT_EQ(t.rows[0].size(), t.columns.size());
  EXPECT_EQ(t.rows[0][6].text(), "有风险");
  EXPECT_EQ(t.rows[0][7].text(), "at_risk");
  const ExportCell& value = t.rows[0][8];
  EXPECT_EQ(value.kind(), ExportCell::Kind::kNumber);
  EXPECT_EQ(value.text(), "46.1");
  EXPECT_EQ(value.format().kind, FigureKind::kPercent);
  EXPECT_EQ(value.format().precision, 2);
}

TEST(ViewTablesTest, ReportingCsvNamesDepartmentsAndNeutralisesNothingElse) {
  auto catalog = SmallCatalog();
  ASSERT_NE(catalog, nullptr);
  v1::ReportingReport report;
  auto* r = report.add_reports();
  r->set_plan_code("sm2024");
  r->set_period("2024");
  r->set_due_date("2024-11-25");
  r->set_department("medical_insurance");
  r->set_region_code("350404");
  r->set_region_name("三元区");
  r->set_state(v1::REPORT_STATE_LATE);
  r->set_days_late(3);
  ViewTable t = ReportingViewTable(report, *catalog);
  Sink sink;
  ExportOptions o;
  o.format = ExportFormat::kCsv;
  o.encoding = CsvEncoding::kUtf8;
  auto exporter = TableExporter::Create(o, &sink);
  ASSERT_TRUE(exporter.ok());
  HUB_ASSERT_OK(WriteViewTable(t, exporter->get()));
  EXPECT_THAT(sink.data, HasSubstr("方案,报告期,截止日期,部门代码,部门"));
  EXPECT_THAT(
      sink.data,
      HasSubstr("sm2024,2024,2024-11-25,medical_insurance,医保局,350404,"
                "三元区,迟报,late,3"));
}

TEST(ViewTablesTest, LedgerNoteIsNeutralisedInCsv) {
  auto catalog = SmallCatalog();
  ASSERT_NE(catalog, nullptr);
  v1::LedgerResponse ledger;
  auto* row = ledger.add_rows();
  row->set_task_code("sm2024.10.3");
  row->set_status(v1::LEDGER_STATUS_UNREPORTED);
  auto* p = row->add_progress();
  p->set_department("medical_insurance");
  p->set_reported(true);
  p->set_text("=HYPERLINK(\"http://x\")");
  ViewTable t = LedgerViewTable(ledger, *catalog);
  Sink sink;
  ExportOptions o;
  o.format = ExportFormat::kCsv;
  o.encoding = CsvEncoding::kUtf8;
  auto exporter = TableExporter::Create(o, &sink);
  ASSERT_TRUE(exporter.ok());
  HUB_ASSERT_OK(WriteViewTable(t, exporter->get()));
  EXPECT_THAT(sink.data, HasSubstr("未报送,unreported,否"));
  EXPECT_THAT(sink.data, HasSubstr("\"'=HYPERLINK(\"\"http://x\"\")\""));
}

TEST(ViewTablesTest, LaggardsRankDepartmentsThenRegions) {
  v1::LaggardsResponse response;
  auto* d = response.add_departments();
  d->set_code("health_commission");
  d->set_name("卫健委");
  d->set_overdue_tasks(17);
  response.add_regions()->set_code("350404");
  ViewTable t = LaggardsViewTable(response);
  EXPECT_EQ(t.title, "落后单位");
  EXPECT_THAT(Headers(t), ElementsAre("类别", "排名", "代码", "名称",
                                      "逾期任务", "未报送任务", "迟报",
                                      "部分报送", "缺报", "逾期任务编号"));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0][0].text(), "部门");
  EXPECT_EQ(t.rows[0][4].text(), "17");
  EXPECT_EQ(t.rows[1][0].text(), "区划");
  EXPECT_EQ(t.rows[1][1].text(), "1");
}

}  // namespace
}  // namespace hub
