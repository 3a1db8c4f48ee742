#include "hub/report/report.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace hub {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A report of 三明市 2024 as GatherReport() would fill it, by hand.
ReportData Sample() {
  ReportData d;
  d.region_code = "350400";
  d.region_name = "三明市";
  d.period = "2024";
  d.as_of_sequence = 4242;
  d.as_of_micros = 1732982400000000;  // 2024-12-01 00:00:00 CST
  d.department_names = {{"finance", "财政局"}, {"medical_insurance", "医保局"}};
  d.region_names = {{"350400", "三明市"}, {"350404", "三元区"}};
  d.indicator_names = {
      {"resident_insurance_subsidy_per_person", "居民医保人均财政补助标准"}};
  v1::AttainmentRow* row = d.attainment.add_rows();
  row->set_region_code("350400");
  row->set_region_name("三明市");
  row->set_indicator_name("县域内基金支出占比");
  row->set_unit("%");
  row->set_value("46.10");
  row->set_state(v1::ATTAINMENT_STATE_MISSED);
  v1::TargetCheck* check = row->add_checks();
  check->set_comparator(v1::COMPARATOR_AT_LEAST);
  check->set_target_value("47.5");
  check->set_deadline("2024-12-31");
  check->set_state(v1::ATTAINMENT_STATE_MISSED);
  v1::AttainmentRow* met = d.attainment.add_rows();
  *met = *row;
  met->set_region_code("350404");
  met->set_state(v1::ATTAINMENT_STATE_MET);
  d.attainment.set_as_of_sequence(4240);

  v1::Plan plan;
  plan.set_code("sm2024");
  plan.set_document_number("明医改组〔2024〕4号");
  v1::ReportingReport rep;
  v1::ReportingRate* rate = rep.add_by_department();
  rate->set_code("medical_insurance");
  rate->set_expected(36);
  rate->set_on_time(30);
  rate->set_late(4);
  rate->set_missing(2);
  rate->set_completeness_rate("94.44");
  rate->set_timeliness_rate("83.33");
  rep.mutable_total()->set_expected(36);
  d.reporting.emplace_back(plan, rep);

  ReportPlan p;
  p.plan = plan;
  p.ledger.set_period("2024");
  p.ledger.mutable_summary()->set_tasks(24);
  p.ledger.mutable_summary()->set_overdue(1);
  v1::LedgerRow* task = p.ledger.add_rows();
  task->set_number("10.3");
  task->set_title("推进医保支付方式改革");
  task->add_lead_departments("medical_insurance");
  task->mutable_deadline()->set_value("2024-06-30");
  task->set_overdue(true);
  task->set_overdue_days(184);
  v1::DepartmentProgress* progress = task->add_progress();
  progress->set_department("medical_insurance");
  progress->set_reported(true);
  progress->set_status(v1::TASK_STATUS_IN_PROGRESS);
  progress->set_text("<script>alert('x')</script> & 推进中");
  v1::Laggard* lag = p.laggards.add_departments();
  lag->set_code("medical_insurance");
  lag->set_name("医保局");
  lag->set_overdue_tasks(1);
  d.plans.push_back(p);

  v1::MergedRecord conflict;
  conflict.mutable_key()->set_code("resident_insurance_subsidy_per_person");
  conflict.mutable_key()->set_region_code("350404");
  conflict.mutable_key()->set_period("2024");
  conflict.set_value("670.00");
  v1::Contribution* c = conflict.add_contributions();
  c->set_department("finance");
  c->set_value("670.00");
  c = conflict.add_contributions();
  c->set_department("medical_insurance");
  c->set_value("640.00");
  d.conflicts.push_back(conflict);
  d.conflicts_as_of_sequence = 4242;
  return d;
}

TEST(ReportTest, HoldsEverySectionInChinese) {
  const std::string html = RenderReportHtml(Sample());
  EXPECT_THAT(html, HasSubstr("<html lang=\"zh-CN\">"));
  EXPECT_THAT(html, HasSubstr("三明市医改工作报告（2024）"));
  EXPECT_THAT(html, HasSubstr("数据截至日志序号 <b id=\"as-of-sequence\">4242"
                              "</b>，2024-12-01 00:00:00（北京时间）"));
  EXPECT_THAT(html, HasSubstr("一、目标完成情况"));
  EXPECT_THAT(html, HasSubstr("<span class=\"badge st-missed\">未达标</span>"));
  EXPECT_THAT(html, HasSubstr("目标 ≥ 47.5%（2024-12-31）：未达标"));
  EXPECT_THAT(html, HasSubstr("未达标 1</text>"));  // the bar's legend
  EXPECT_THAT(html, HasSubstr("达标 1</text>"));
  EXPECT_THAT(html, HasSubstr("二、报送完整性与及时性（按部门）"));
  EXPECT_THAT(html, HasSubstr("<td>医保局</td><td><span class=\"num\">36"));
  EXPECT_THAT(html, HasSubstr("94.44%"));
  EXPECT_THAT(
      html, HasSubstr("<rect width=\"56.7\" height=\"8\" fill=\"#1565c0\"/>"));
  EXPECT_THAT(html, HasSubstr("三、逾期任务与落后单位"));
  EXPECT_THAT(html, HasSubstr("推进医保支付方式改革"));
  EXPECT_THAT(html, HasSubstr("<span class=\"num\">184</span>"));
  EXPECT_THAT(html, HasSubstr("四、未解决的数据冲突"));
  EXPECT_THAT(html, HasSubstr("财政局 670.00；医保局 640.00"));
  EXPECT_THAT(html, HasSubstr("@page { size: A4;"));
  EXPECT_THAT(html, HasSubstr("@media print"));
  EXPECT_THAT(html, HasSubstr("<svg xmlns=\"http://www.w3.org/2000/svg\""));
}

TEST(ReportTest, SelfContained) {
  const std::string html = RenderReportHtml(Sample());
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<link")));
  EXPECT_THAT(html, Not(HasSubstr("src=")));
  EXPECT_THAT(html, Not(HasSubstr("url(")));
  EXPECT_THAT(html, Not(HasSubstr("@import")));
  EXPECT_THAT(html, Not(HasSubstr("http://example")));
}

TEST(ReportTest, DepartmentTextIsEscaped) {
  const std::string html = RenderReportHtml(Sample());
  EXPECT_THAT(html, HasSubstr("医保局 推进中：&lt;script&gt;alert(&#39;x&#39;)"
                              "&lt;/script&gt; &amp; 推进中"));
  EXPECT_THAT(html, Not(HasSubstr("<script>alert")));
}

TEST(ReportTest, HtmlEscape) {
  EXPECT_EQ(HtmlEscape("a <b> & \"c\" 'd' 三明"),
            "a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; 三明");
  EXPECT_EQ(ReportFileName("350400", "2024"), "区域报告_350400_2024.html");
}

TEST(ReportTest, LongListsAreCutWithACount) {
  ReportData d = Sample();
  for (int i = 0; i < 20; ++i) d.conflicts.push_back(d.conflicts[0]);
  const std::string html = RenderReportHtml(d);
  EXPECT_THAT(html, HasSubstr("共 21 条记录冲突"));
  EXPECT_THAT(html, HasSubstr("另有 15 项未列出"));
}

}  // namespace
}  // namespace hub
