// The analyst views as export tables (one table, one sheet, per view), with
// Chinese headers, figures at their indicator's format, and the driver that
// reads every page of a view and writes its table.
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "hub/export/export.h"
#include "hub/model/labels.h"

namespace hub {
namespace {

constexpr Lang kZh = Lang::kZh;
constexpr FigureFormat kCount{FigureKind::kCount, 0};

ExportColumn Text(const char* code, const char* name) {
  return {code, name, ColumnType::kText, {}};
}
ExportColumn Figure(const char* code, const char* name,
                    FigureFormat f = {FigureKind::kPlain, -1}) {
  return {code, name, ColumnType::kFigure, f};
}
ExportColumn Time(const char* code, const char* name) {
  return {code, name, ColumnType::kDateTime, {}};
}
ExportColumn Date(const char* code, const char* name) {
  return {code, name, ColumnType::kDate, {}};
}

ExportCell T(const std::string& s) { return ExportCell::Text(s); }
ExportCell N(const std::string& decimal) {
  return decimal.empty() ? ExportCell() : ExportCell::Number(decimal);
}
ExportCell N(int64_t n) { return ExportCell::Number(absl::StrCat(n)); }
ExportCell F(const std::string& decimal, const FigureFormat& f) {
  return decimal.empty() ? ExportCell() : ExportCell::Number(decimal, f);
}
ExportCell At(int64_t micros) {
  return micros == 0 ? ExportCell() : ExportCell::Time(micros);
}
ExportCell Day(const std::string& day) {
  return day.empty() ? ExportCell() : ExportCell::Date(day);
}

// The enum value's code: "ATTAINMENT_STATE_AT_RISK" -> "at_risk".
std::string Code(const std::string& name, absl::string_view prefix) {
  return absl::AsciiStrToLower(absl::StripPrefix(name, prefix));
}

FigureFormat FormatOf(const Catalog& catalog, const std::string& indicator) {
  const v1::Indicator* ind = catalog.FindIndicator(indicator);
  return ind != nullptr ? FigureFormatFor(*ind)
                        : FigureFormat{FigureKind::kPlain, -1};
}

std::string Department(const Catalog& catalog, const std::string& code) {
  const v1::Department* d = catalog.FindDepartment(code);
  return d != nullptr ? d->name() : code;
}

std::string Departments(
    const Catalog& catalog,
    const google::protobuf::RepeatedPtrField<std::string>& codes) {
  std::vector<std::string> names;
  for (const std::string& c : codes) names.push_back(Department(catalog, c));
  return absl::StrJoin(names, "、");
}

}  // namespace

ViewTable RollupsViewTable(const v1::RollupResponse& response,
                           const Catalog& catalog) {
  ViewTable t;
  t.title = "指标汇总";
  t.as_of_sequence = response.as_of_sequence();
  t.columns = {Text("indicator_code", "指标代码"),
               Text("indicator_name", "指标"),
               Text("region_code", "区划代码"),
               Text("region_name", "区划"),
               Text("period", "报告期"),
               Figure("value", "汇总值"),
               Text("unit", "单位"),
               Figure("numerator", "分子"),
               Figure("denominator", "分母"),
               Text("rollup_rule", "汇总规则"),
               Figure("contributing", "报送单位数", kCount),
               Figure("expected", "应报单位数", kCount),
               Text("coverage", "覆盖情况"),
               Figure("conflicts", "冲突单位数", kCount),
               Figure("own_value", "本级记录值"),
               Figure("own_difference", "本级减汇总")};
  for (const v1::Rollup& r : response.rollups()) {
    const FigureFormat f = FormatOf(catalog, r.indicator_code());
    t.rows.push_back(
        {T(r.indicator_code()), T(r.indicator_name()), T(r.region_code()),
         T(r.region_name()), T(r.period()), F(r.value(), f), T(r.unit()),
         N(r.numerator()), N(r.denominator()), T(r.rollup_rule()),
         N(r.contributing_count()), N(r.expected_count()), T(r.coverage()),
         N(r.conflict_count()), F(r.has_own() ? r.own().value() : "", f),
         F(r.own().difference(), f)});
  }
  return t;
}

ViewTable AttainmentViewTable(const v1::AttainmentReport& report,
                              const Catalog& catalog) {
  ViewTable t;
  t.title = "目标完成情况";
  t.as_of_sequence = report.as_of_sequence();
  t.columns = {Text("region_code", "区划代码"),
               Text("region_name", "区划"),
               Text("indicator_code", "指标代码"),
               Text("indicator_name", "指标"),
               Text("period", "报告期"),
               Text("document_number", "文件"),
               Text("state", "状态"),
               Text("state_code", "状态代码"),
               Figure("value", "数值"),
               Text("unit", "单位"),
               Text("value_source", "取值来源"),
               Figure("target", "目标"),
               Date("deadline", "截止日期"),
               Text("baseline_period", "基线期"),
               Figure("baseline", "基线值"),
               Figure("change", "较上年变化"),
               Figure("projected", "按趋势预计"),
               Text("rule", "依据"),
               Text("source_text", "原文")};
  for (const v1::AttainmentRow& r : report.rows()) {
    const FigureFormat f = FormatOf(catalog, r.indicator_code());
    v1::TargetCheck first =
        r.checks().empty() ? v1::TargetCheck() : r.checks(0);
    t.rows.push_back(
        {T(r.region_code()), T(r.region_name()), T(r.indicator_code()),
         T(r.indicator_name()), T(r.period()), T(r.document_number()),
         T(AttainmentStateLabel(r.state(), kZh)),
         T(Code(v1::AttainmentState_Name(r.state()), "ATTAINMENT_STATE_")),
         F(r.value(), f), T(r.unit()), T(r.value_source()),
         F(first.target_value(), f), Day(first.deadline()),
         T(first.baseline_period()), F(first.baseline_value(), f),
         F(first.change(), f), F(first.projected(), f),
         T(AttainmentRuleLabel(r, kZh)), T(r.source_text())});
  }
  return t;
}

ViewTable ReportingViewTable(const v1::ReportingReport& report,
                             const Catalog& catalog) {
  ViewTable t;
  t.title = "报送情况";
  t.as_of_sequence = report.as_of_sequence();
  t.columns = {Text("plan_code", "方案"),
               Text("period", "报告期"),
               Date("due_date", "截止日期"),
               Text("department", "部门代码"),
               Text("department_name", "部门"),
               Text("region_code", "区划代码"),
               Text("region_name", "区划"),
               Text("state", "状态"),
               Text("state_code", "状态代码"),
               Figure("days_late", "迟报天数", kCount),
               Time("received_at", "枢纽收到时间"),
               Time("submitted_at", "客户端报送时间"),
               Time("corrected_at", "最近更正时间"),
               Figure("items_expected", "应报项数", kCount),
               Figure("items_received", "已收项数", kCount),
               Figure("items_on_time", "按时项数", kCount)};
  for (const v1::ExpectedReport& r : report.reports()) {
    t.rows.push_back(
        {T(r.plan_code()), T(r.period()), Day(r.due_date()), T(r.department()),
         T(Department(catalog, r.department())), T(r.region_code()),
         T(r.region_name()), T(ReportStateLabel(r.state(), kZh)),
         T(Code(v1::ReportState_Name(r.state()), "REPORT_STATE_")),
         N(r.days_late()), At(r.received_at_micros()),
         At(r.submitted_at_micros()), At(r.corrected_at_micros()),
         N(r.items_expected()), N(r.items_received()), N(r.items_on_time())});
  }
  return t;
}

ViewTable LedgerViewTable(const v1::LedgerResponse& ledger,
                          const Catalog& catalog) {
  ViewTable t;
  t.title = "任务台账";
  t.as_of_sequence = ledger.as_of_sequence();
  t.columns = {Text("task_code", "任务代码"),
               Text("number", "序号"),
               Text("title", "任务"),
               Text("lead", "牵头部门"),
               Text("responsible", "责任部门"),
               Text("cooperating", "配合部门"),
               Text("deadline", "时限"),
               Text("period", "报告期"),
               Text("status", "状态"),
               Text("status_code", "状态代码"),
               Text("overdue", "逾期"),
               Figure("overdue_days", "逾期天数", kCount),
               Text("progress_department", "最新进展部门"),
               Time("progress_at", "最新进展时间"),
               Text("progress", "最新进展")};
  for (const v1::LedgerRow& r : ledger.rows()) {
    const v1::DepartmentProgress* latest = nullptr;
    for (const auto& p : r.progress()) {
      if (p.reported() &&
          (latest == nullptr ||
           p.received_at_micros() > latest->received_at_micros()))
        latest = &p;
    }
    const v1::Deadline& d = r.deadline();
    t.rows.push_back(
        {T(r.task_code()), T(r.number()), T(r.title()),
         T(Departments(catalog, r.lead_departments())),
         T(Departments(catalog, r.responsible_departments())),
         T(Departments(catalog, r.cooperating_departments())),
         T(d.kind() == v1::DEADLINE_KIND_ONGOING ? "持续推进" : d.value()),
         T(r.period()), T(LedgerStatusLabel(r.status(), kZh)),
         T(Code(v1::LedgerStatus_Name(r.status()), "LEDGER_STATUS_")),
         T(r.overdue() ? "是" : "否"), N(r.overdue_days()),
         latest ? T(Department(catalog, latest->department())) : ExportCell(),
         latest ? At(latest->received_at_micros()) : ExportCell(),
         latest ? T(latest->text()) : ExportCell()});
  }
  return t;
}

ViewTable LaggardsViewTable(const v1::LaggardsResponse& response) {
  ViewTable t;
  t.title = "落后单位";
  t.as_of_sequence = response.as_of_sequence();
  t.columns = {Text("kind", "类别"),
               Figure("rank", "排名", kCount),
               Text("code", "代码"),
               Text("name", "名称"),
               Figure("overdue_tasks", "逾期任务", kCount),
               Figure("unreported_tasks", "未报送任务", kCount),
               Figure("late_reports", "迟报", kCount),
               Figure("partial_reports", "部分报送", kCount),
               Figure("missing_reports", "缺报", kCount),
               Text("overdue_task_codes", "逾期任务编号")};
  auto add = [&](const char* kind, const auto& list) {
    int rank = 0;
    for (const v1::Laggard& l : list) {
      t.rows.push_back({T(kind), N(++rank), T(l.code()), T(l.name()),
                        N(l.overdue_tasks()), N(l.unreported_tasks()),
                        N(l.late_reports()), N(l.partial_reports()),
                        N(l.missing_reports()),
                        T(absl::StrJoin(l.overdue_task_codes(), " "))});
    }
  };
  add("部门", response.departments());
  add("区划", response.regions());
  return t;
}

namespace {

// Every page of a paginated view, the rows of later pages appended to the
// first (whose summaries cover the whole view).
template <typename Request, typename Response, typename Call, typename Rows>
absl::StatusOr<Response> AllPages(Request request, Call call, Rows rows) {
  request.set_page_size(1000);
  request.clear_page_token();
  absl::StatusOr<Response> first = call(request);
  if (!first.ok()) return first.status();
  std::string token = first->next_page_token();
  while (!token.empty()) {
    request.set_page_token(token);
    absl::StatusOr<Response> page = call(request);
    if (!page.ok()) return page.status();
    for (auto& r : *rows(*page)) *rows(*first)->Add() = std::move(r);
    token = page->next_page_token();
  }
  first->clear_next_page_token();
  return first;
}

}  // namespace

absl::StatusOr<ViewTable> ReadViewTable(const Views& views,
                                        const Catalog& catalog,
                                        const Principal& p,
                                        const ViewRequest& request) {
  if (auto* r = std::get_if<v1::RollupRequest>(&request)) {
    auto response = views.Rollups(p, *r);
    if (!response.ok()) return response.status();
    return RollupsViewTable(*response, catalog);
  }
  if (auto* r = std::get_if<v1::AttainmentRequest>(&request)) {
    auto report = AllPages<v1::AttainmentRequest, v1::AttainmentReport>(
        *r, [&](const auto& q) { return views.Attainment(p, q); },
        [](auto& x) { return x.mutable_rows(); });
    if (!report.ok()) return report.status();
    return AttainmentViewTable(*report, catalog);
  }
  if (auto* r = std::get_if<v1::ReportingRequest>(&request)) {
    auto report = AllPages<v1::ReportingRequest, v1::ReportingReport>(
        *r, [&](const auto& q) { return views.Reporting(p, q); },
        [](auto& x) { return x.mutable_reports(); });
    if (!report.ok()) return report.status();
    return ReportingViewTable(*report, catalog);
  }
  if (auto* r = std::get_if<v1::LedgerRequest>(&request)) {
    auto ledger = AllPages<v1::LedgerRequest, v1::LedgerResponse>(
        *r, [&](const auto& q) { return views.Ledger(p, q); },
        [](auto& x) { return x.mutable_rows(); });
    if (!ledger.ok()) return ledger.status();
    return LedgerViewTable(*ledger, catalog);
  }
  auto response = views.Laggards(p, std::get<v1::LaggardsRequest>(request));
  if (!response.ok()) return response.status();
  return LaggardsViewTable(*response);
}

absl::Status WriteViewTable(const ViewTable& table, TableExporter* out) {
  absl::Status s = out->BeginTable(table.title, table.columns);
  if (!s.ok()) return s;
  for (const auto& row : table.rows) {
    s = out->AddRow(row);
    if (!s.ok()) return s;
  }
  return out->Finish();
}

}  // namespace hub
