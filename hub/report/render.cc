// RenderReportHtml(): the one-page report, section by section.
#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "hub/model/labels.h"
#include "hub/report/internal/html.h"
#include "hub/report/report.h"

namespace hub {
namespace {

using report_internal::CstText;
using report_internal::Table;

constexpr size_t kMaxRows = 6;  // rows per list, so the page stays one page

constexpr char kStyle[] = R"css(
@page { size: A4; margin: 10mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei",
  "PingFang SC", sans-serif; font-size: 9pt; color: #212121; margin: 0 auto;
  max-width: 186mm; line-height: 1.35; }
h1 { font-size: 15pt; margin: 0 0 2pt; }
h2 { font-size: 10.5pt; margin: 5pt 0 2pt; border-bottom: 1px solid #90a4ae; }
h3 { font-size: 9.5pt; margin: 4pt 0 2pt; }
p { margin: 2pt 0; }
.meta { color: #546e7a; font-size: 8pt; }
table { border-collapse: collapse; width: 100%; margin: 2pt 0; }
th, td { border: 1px solid #cfd8dc; padding: 0 3pt; text-align: left;
  vertical-align: top; font-size: 7.5pt; line-height: 1.25; }
svg.bar { vertical-align: middle; margin-right: 3pt; }
th { background: #eceff1; }
td.num { text-align: right; white-space: nowrap; }
td:first-child { white-space: nowrap; }
.badge { color: #fff; padding: 0 3pt; border-radius: 2pt; white-space: nowrap; }
.st-met { background: #2e7d32; } .st-on-track { background: #1565c0; }
.st-at-risk { background: #ef8f00; } .st-missed { background: #c62828; }
.st-no-data { background: #9e9e9e; }
.more { color: #546e7a; font-size: 8pt; }
svg.chart { display: block; margin: 2pt 0; }
@media print { body { max-width: none; } h2 { break-after: avoid; }
  table, svg { break-inside: avoid; } }
)css";

std::string Esc(const std::string& s) { return HtmlEscape(s); }
std::string Num(const std::string& s) {
  return absl::StrCat("<span class=\"num\">", Esc(s.empty() ? "-" : s),
                      "</span>");
}

std::string Name(const std::map<std::string, std::string>& names,
                 const std::string& code) {
  auto it = names.find(code);
  return it == names.end() ? code : it->second;
}

std::string More(size_t shown, size_t total) {
  if (total <= shown) return "";
  return absl::StrCat("<p class=\"more\">另有 ", total - shown,
                      " 项未列出（完整清单见 hubctl 或导出文件）。</p>");
}

std::string AsOf(uint64_t sequence) {
  return absl::StrCat("<p class=\"meta\">数据截至日志序号 ", sequence, "</p>");
}

std::string Badge(v1::AttainmentState s) {
  return absl::StrCat("<span class=\"badge ", report_internal::StateClass(s),
                      "\">", Esc(AttainmentStateLabel(s, Lang::kZh)),
                      "</span>");
}

// Attainment: the states over every row, then the region's own rows (or,
// when it has none, the rows most in need of attention).
std::string AttainmentSection(const ReportData& d) {
  const v1::AttainmentReport& a = d.attainment;
  std::vector<report_internal::Segment> segments;
  for (auto s : {v1::ATTAINMENT_STATE_MET, v1::ATTAINMENT_STATE_ON_TRACK,
                 v1::ATTAINMENT_STATE_AT_RISK, v1::ATTAINMENT_STATE_MISSED,
                 v1::ATTAINMENT_STATE_NO_DATA}) {
    int n = 0;
    for (const auto& r : a.rows()) n += r.state() == s ? 1 : 0;
    segments.push_back({AttainmentStateLabel(s, Lang::kZh), n,
                        report_internal::StateColor(s)});
  }
  std::vector<const v1::AttainmentRow*> rows;
  for (const auto& r : a.rows()) {
    if (r.region_code() == d.region_code) rows.push_back(&r);
  }
  if (rows.empty()) {
    for (const auto& r : a.rows()) rows.push_back(&r);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const auto* x, const auto* y) {
    auto rank = [](v1::AttainmentState s) {
      return s == v1::ATTAINMENT_STATE_MISSED    ? 0
             : s == v1::ATTAINMENT_STATE_AT_RISK ? 1
             : s == v1::ATTAINMENT_STATE_NO_DATA ? 2
                                                 : 3;
    };
    return rank(x->state()) < rank(y->state());
  });
  std::vector<std::vector<std::string>> cells;
  for (size_t i = 0; i < rows.size() && i < kMaxRows + 2; ++i) {
    const v1::AttainmentRow& r = *rows[i];
    cells.push_back({Esc(r.region_name()), Esc(r.indicator_name()),
                     Num(r.value() + (r.value().empty() ? "" : r.unit())),
                     Badge(r.state()), Esc(AttainmentRuleLabel(r, Lang::kZh))});
  }
  return absl::StrCat(
      "<section id=\"attainment\"><h2>一、目标完成情况</h2>",
      "<p>辖区内共判定 ", a.rows_size(), " 项（指标 × 区划）：</p>",
      report_internal::StackedBarSvg(segments),
      Table({"区划", "指标", "数值", "状态", "依据"}, cells, "attainment"),
      More(std::min(rows.size(), kMaxRows + 2), rows.size()),
      AsOf(a.as_of_sequence()), "</section>");
}

// "88.89%" with its bar; "-" when nothing is due.
std::string Rate(const std::string& rate, const char* color) {
  double percent = 0;
  if (!absl::SimpleAtod(rate, &percent)) return Num("");
  return absl::StrCat(report_internal::MiniBarSvg(percent, color),
                      Num(rate + "%"));
}

std::string ReportingSection(const ReportData& d) {
  std::string out =
      "<section id=\"reporting\"><h2>二、报送完整性与及时性（按部门）</h2>";
  if (d.reporting.empty())
    absl::StrAppend(&out, "<p>所涉方案没有报送日历。</p>");
  for (const auto& [plan, rep] : d.reporting) {
    std::vector<std::vector<std::string>> cells;
    auto row = [&](const v1::ReportingRate& r, const std::string& name) {
      cells.push_back(
          {Esc(name), Num(absl::StrCat(r.expected())),
           Num(absl::StrCat(r.on_time())), Num(absl::StrCat(r.late())),
           Num(absl::StrCat(r.partial())), Num(absl::StrCat(r.missing())),
           Num(absl::StrCat(r.not_due())),
           Rate(r.completeness_rate(), "#1565c0"),
           Rate(r.timeliness_rate(), "#2e7d32")});
    };
    // The departments with the most reports due first; the rest summed.
    std::vector<v1::ReportingRate> rates(rep.by_department().begin(),
                                         rep.by_department().end());
    std::stable_sort(rates.begin(), rates.end(),
                     [](const auto& x, const auto& y) {
                       return x.expected() > y.expected();
                     });
    v1::ReportingRate rest;
    int others = 0;
    for (size_t i = 0; i < rates.size(); ++i) {
      if (i < kMaxRows) {
        row(rates[i], Name(d.department_names, rates[i].code()));
        continue;
      }
      ++others;
      rest.set_expected(rest.expected() + rates[i].expected());
      rest.set_on_time(rest.on_time() + rates[i].on_time());
      rest.set_late(rest.late() + rates[i].late());
      rest.set_partial(rest.partial() + rates[i].partial());
      rest.set_missing(rest.missing() + rates[i].missing());
      rest.set_not_due(rest.not_due() + rates[i].not_due());
    }
    if (others > 0) row(rest, absl::StrCat("其余 ", others, " 个部门"));
    row(rep.total(), "合计");
    absl::StrAppend(
        &out, "<h3>", Esc(plan.document_number()), " ", Esc(plan.title()),
        "</h3>",
        Table({"部门", "应报", "按时", "迟报", "部分报送", "缺报", "未到期",
               "完整率", "及时率"},
              cells, "reporting"),
        "<p class=\"meta\">完整率 =（按时 + 迟报）/ 已到期；及时率 = 按时 / "
        "已到期；以枢纽收到时间（北京时间）判定。数据截至日志序号 ",
        rep.as_of_sequence(), "，", CstText(rep.as_of_micros()), "</p>");
  }
  return absl::StrCat(out, "</section>");
}

// The latest progress text of a ledger row, with its department.
std::string LatestProgress(const v1::LedgerRow& r,
                           const std::map<std::string, std::string>& names) {
  const v1::DepartmentProgress* latest = nullptr;
  for (const auto& p : r.progress()) {
    if (p.reported() && (latest == nullptr ||
                         p.received_at_micros() > latest->received_at_micros()))
      latest = &p;
  }
  if (latest == nullptr) return "未报送";
  return absl::StrCat(Esc(Name(names, latest->department())), " ",
                      Esc(TaskStatusLabel(latest->status(), Lang::kZh)), "：",
                      Esc(latest->text()));
}

std::string TasksSection(const ReportData& d) {
  std::string out = "<section id=\"tasks\"><h2>三、逾期任务与落后单位</h2>";
  for (const ReportPlan& p : d.plans) {
    const v1::LedgerSummary& s = p.ledger.summary();
    std::vector<std::vector<std::string>> tasks;
    for (const auto& r : p.ledger.rows()) {
      if (!r.overdue() || r.has_children() || tasks.size() >= kMaxRows)
        continue;
      std::vector<std::string> leads;
      for (const auto& c : r.lead_departments())
        leads.push_back(Name(d.department_names, c));
      tasks.push_back(
          {Esc(r.number()), Esc(r.title()), Esc(absl::StrJoin(leads, "、")),
           Esc(r.deadline().value()),
           r.overdue_days() == 0 ? std::string("报告期末")
                                 : Num(absl::StrCat(r.overdue_days())),
           LatestProgress(r, d.department_names)});
    }
    std::vector<std::vector<std::string>> lag;
    for (const auto& l : p.laggards.departments()) {
      lag.push_back({Esc(l.name()), Num(absl::StrCat(l.overdue_tasks())),
                     Num(absl::StrCat(l.unreported_tasks())),
                     Num(absl::StrCat(l.late_reports())),
                     Num(absl::StrCat(l.partial_reports())),
                     Num(absl::StrCat(l.missing_reports()))});
    }
    absl::StrAppend(
        &out, "<h3>", Esc(p.plan.document_number()), "（",
        Esc(p.ledger.period()), "）：", s.tasks(), " 项任务，已报送 ",
        s.reported(), " 项，未报送 ", s.unreported(), " 项，已完成 ",
        s.completed(), " 项，逾期 ", s.overdue(), " 项</h3>",
        tasks.empty() ? "<p>无逾期任务。</p>"
                      : Table({"序号", "任务", "牵头部门", "时限", "逾期天数",
                               "最新进展"},
                              tasks, "tasks"),
        More(tasks.size(), static_cast<size_t>(s.overdue())),
        "<p>落后单位（按逾期任务、未报送任务、迟报/部分报送/缺报排序，前 5 "
        "名）：</p>",
        Table({"部门", "逾期任务", "未报送任务", "迟报", "部分报送", "缺报"},
              lag, "laggards"),
        AsOf(p.ledger.as_of_sequence()));
  }
  return absl::StrCat(out, "</section>");
}

std::string ConflictsSection(const ReportData& d) {
  std::vector<std::vector<std::string>> cells;
  for (const v1::MergedRecord& r : d.conflicts) {
    if (cells.size() >= kMaxRows) break;
    std::vector<std::string> values;
    for (const auto& c : r.contributions()) {
      values.push_back(absl::StrCat(Name(d.department_names, c.department()),
                                    " ", c.value()));
    }
    cells.push_back({Esc(Name(d.indicator_names, r.key().code())),
                     Esc(Name(d.region_names, r.key().region_code())),
                     Esc(r.key().period()), Esc(absl::StrJoin(values, "；")),
                     Num(r.value())});
  }
  return absl::StrCat(
      "<section id=\"conflicts\"><h2>四、未解决的数据冲突</h2>",
      d.conflicts.empty()
          ? std::string("<p>无。</p>")
          : absl::StrCat(
                "<p>共 ", d.conflicts.size(), " 条记录冲突：</p>",
                Table({"指标", "区划", "报告期", "各部门数值", "合并值"}, cells,
                      "conflicts")),
      More(cells.size(), d.conflicts.size()), AsOf(d.conflicts_as_of_sequence),
      "</section>");
}

}  // namespace

std::string HtmlEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string ReportFileName(const std::string& region_code,
                           const std::string& period) {
  return absl::StrCat("区域报告_", region_code, "_", period, ".html");
}

std::string RenderReportHtml(const ReportData& d) {
  const std::string title =
      absl::StrCat(d.region_name, "医改工作报告（", d.period, "）");
  return absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
      "'none'; style-src 'unsafe-inline'; img-src data:\">"
      "<title>",
      Esc(title), "</title><style>", kStyle, "</style></head><body>",
      "<header><h1>", Esc(title), "</h1><p class=\"meta\">区划 ",
      Esc(d.region_code), "；数据截至日志序号 <b id=\"as-of-sequence\">",
      d.as_of_sequence, "</b>，", CstText(d.as_of_micros),
      "（北京时间）；医改数据交换枢纽生成</p></header>", AttainmentSection(d),
      ReportingSection(d), TasksSection(d), ConflictsSection(d),
      "</body></html>\n");
}

}  // namespace hub
