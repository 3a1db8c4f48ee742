#include "tools/hubctl/views_format.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "hub/common/cst_time.h"
#include "hub/model/labels.h"
#include "hub/model/model.h"
#include "tools/hubctl/format.h"
#include "tools/hubctl/i18n.h"
#include "tools/hubctl/table.h"

namespace hub {
namespace {

using hubctl::Tr;
using hubctl::Zh;

Lang CurrentLang() { return hubctl::CurrentDisplay().lang; }

// A department as hubctl shows it: the catalog's Chinese name in Chinese,
// the code in English (as the rest of hubctl).
std::string Dept(const std::string& code, const std::string& name) {
  return Zh() && !name.empty() ? name : code;
}

// "coverage:   " / "覆盖：      ": values line up at column 12.
std::string Label(const char* zh, const char* en) {
  return PadToWidth(Zh() ? absl::StrCat(zh, "：") : absl::StrCat(en, ":"), 12);
}

std::string RecordState(v1::RecordState s) {
  return RecordStateLabel(s, CurrentLang());
}

std::string Cst(int64_t micros) {
  return micros == 0 ? "-" : FormatMicrosCst(micros);
}

std::string Or(const std::string& s, const char* fallback = "-") {
  return s.empty() ? fallback : s;
}

std::string RegionLabel(const std::string& name, const std::string& code) {
  return absl::StrCat(name, " ", code);
}

// "5080 / 10100" for a share, "" otherwise.
std::string Components(const std::string& num, const std::string& den) {
  return num.empty() ? "" : absl::StrCat(num, " / ", den);
}

// A department's code -> name, from the progress entries of ledger rows.
std::map<std::string, std::string> DepartmentNames(
    const std::vector<v1::LedgerRow>& rows) {
  std::map<std::string, std::string> out;
  for (const auto& r : rows) {
    for (const auto& p : r.progress())
      out[p.department()] = Dept(p.department(), p.department_name());
  }
  return out;
}

std::string Names(const google::protobuf::RepeatedPtrField<std::string>& codes,
                  const std::map<std::string, std::string>& names) {
  std::vector<std::string> out;
  for (const std::string& c : codes) {
    auto it = names.find(c);
    out.push_back(it == names.end() ? c : it->second);
  }
  return absl::StrJoin(out, "、");
}

std::string DeadlineText(const v1::Deadline& d) {
  if (d.kind() == v1::DEADLINE_KIND_ONGOING) return "持续推进";
  return Or(d.value());
}

// The latest progress of a row: "卫健委 in_progress 2024-07-24 10:00:00".
std::string LatestProgress(const v1::LedgerRow& r) {
  const v1::DepartmentProgress* latest = nullptr;
  int reported = 0, named = 0;
  for (const auto& p : r.progress()) {
    if (p.role() == "lead" || p.role() == "responsible") ++named;
    if (!p.reported()) continue;
    ++reported;
    if (latest == nullptr ||
        p.received_at_micros() > latest->received_at_micros())
      latest = &p;
  }
  if (latest == nullptr) return "";
  return absl::StrCat(
      reported, Tr(" 个部门已报送；最新 ", " reported; latest "),
      Dept(latest->department(), latest->department_name()), " ",
      TaskStatusLabel(latest->status(), CurrentLang()), " ",
      FormatMicrosCst(latest->received_at_micros()).substr(0, 10),
      Tr("：", ": "), latest->text());
}

// One line per unit of a roll-up.
std::string PartsTable(const v1::Rollup& r, const hubctl::Names& names) {
  Table t({Tr("区划", "region"), Tr("名称", "name"), Tr("值", "value"),
           Tr("分子", "numerator"), Tr("分母", "denominator"),
           Tr("状态", "state"), Tr("取自", "from"), Tr("计入", "used")});
  for (const auto& p : r.parts()) {
    t.AddRow(
        {p.region_code(), p.region_name(), Or(p.value()), p.numerator(),
         p.denominator(),
         p.state() == v1::RECORD_STATE_UNSPECIFIED ? Tr("无记录", "no record")
                                                   : RecordState(p.state()),
         p.value_department().empty() ? ""
                                      : names.Department(p.value_department()),
         p.used() ? Tr("是", "yes") : Tr("否", "no")});
  }
  return t.Render();
}

// The first items of a report not received yet.
std::string NotReceived(const v1::ExpectedReport& r) {
  std::vector<std::string> codes;
  for (const auto& i : r.items()) {
    if (!i.received()) codes.push_back(i.code());
  }
  if (codes.size() > 3) {
    size_t more = codes.size() - 3;
    codes.resize(3);
    codes.push_back(absl::StrCat("+", more));
  }
  return absl::StrJoin(codes, " ");
}

}  // namespace

std::string AttainmentStateName(v1::AttainmentState s) {
  return AttainmentStateLabel(s, CurrentLang());
}
std::string ReportStateName(v1::ReportState s) {
  return ReportStateLabel(s, CurrentLang());
}
std::string LedgerStatusName(v1::LedgerStatus s) {
  return LedgerStatusLabel(s, CurrentLang());
}

std::string RollupDetail(const v1::Rollup& r, const hubctl::Names& names) {
  std::string out = absl::StrCat(
      r.indicator_name(), " (", r.indicator_code(), ")  ",
      RegionLabel(r.region_name(), r.region_code()), "  ", r.period(), "\n");
  absl::StrAppend(&out, Label("值", "value"),
                  Or(r.value(), Tr("（无）", "(none)")), " ", r.unit());
  if (!r.numerator().empty()) {
    absl::StrAppend(
        &out, "  = ", Components(r.numerator(), r.denominator()),
        Tr(" 分子分母分别汇总后重新计算", " summed components, recomputed"));
  } else if (!r.value().empty()) {
    absl::StrAppend(&out, Tr("  汇总", "  summed"));
  }
  absl::StrAppend(&out, Tr("  （汇总规则 ", "  (rollup "), r.rollup_rule(),
                  Tr("）\n", ")\n"), Label("覆盖", "coverage"), r.coverage(),
                  "\n");
  if (r.conflict_count() > 0) {
    std::vector<std::string> regions;
    for (const auto& d : r.disputed()) regions.push_back(d.name());
    const std::string part =
        r.disputed_value().empty()
            ? Components(r.disputed_numerator(), r.disputed_denominator())
            : r.disputed_value();
    absl::StrAppend(&out, Label("有争议", "disputed"),
                    Zh() ? absl::StrCat(r.conflict_count(), " 个处于冲突（",
                                        absl::StrJoin(regions, "、"),
                                        "），按合并值计入：", part)
                         : absl::StrCat(r.conflict_count(), " in conflict (",
                                        absl::StrJoin(regions, ", "),
                                        "), used at their merged value: ", part,
                                        " of the figure"),
                    "\n");
  }
  if (r.has_own()) {
    const std::string dept = r.own().value_department().empty()
                                 ? "-"
                                 : names.Department(r.own().value_department());
    const std::string diff =
        r.own().difference().empty()
            ? ""
            : absl::StrCat(Tr("；本级 - 汇总 = ", "; own - rolled up = "),
                           r.own().difference());
    absl::StrAppend(&out, Label("本级记录", "own record"),
                    Or(r.own().value(), Tr("（无）", "(none)")), Tr("（", " ("),
                    dept, Tr("，", ", "), RecordState(r.own().state()),
                    Tr("），不计入汇总", "), not in the roll-up"), diff, "\n");
  }
  if (!r.children().empty()) {
    Table c({Tr("区划", "region"), Tr("名称", "name"), Tr("值", "value"),
             Tr("分子 / 分母", "components"), Tr("单位", "units"),
             Tr("本级记录", "own record")});
    for (const auto& x : r.children()) {
      c.AddRow({x.region_code(), x.region_name(), Or(x.value()),
                Components(x.numerator(), x.denominator()),
                absl::StrCat(x.contributing_count(), "/", x.expected_count()),
                x.own_value()});
    }
    absl::StrAppend(&out, "\n", c.Render());
  }
  if (!r.parts().empty()) absl::StrAppend(&out, "\n", PartsTable(r, names));
  return out;
}

std::string RollupsTable(const std::vector<v1::Rollup>& rollups) {
  Table t({Tr("指标", "indicator"), Tr("名称", "name"), Tr("值", "value"),
           Tr("单位", "unit"), Tr("覆盖", "coverage"), Tr("有争议", "disputed"),
           Tr("本级记录", "own record"), Tr("本级 - 汇总", "own - rolled up")});
  for (const auto& r : rollups) {
    t.AddRow({r.indicator_code(), r.indicator_name(), Or(r.value()), r.unit(),
              r.coverage(),
              r.conflict_count() ? absl::StrCat(r.conflict_count()) : "",
              r.has_own() ? r.own().value() : "", r.own().difference()});
  }
  t.SetMaxWidth(0, 48);
  t.SetMaxWidth(4, 60);
  return t.Render(28);
}

std::string AttainmentTable(const std::vector<v1::AttainmentRow>& rows) {
  Table t({Tr("区划", "region"), Tr("名称", "name"), Tr("指标", "indicator"),
           Tr("值", "value"), Tr("状态", "state"), Tr("文件", "plan"),
           Tr("规则", "rule")});
  for (const auto& r : rows) {
    t.AddRow(
        {r.region_code(), r.region_name(), r.indicator_name(),
         Or(r.value()) +
             (r.value_source() == "rollup" ? Tr("（汇总）", " (roll-up)") : ""),
         AttainmentStateName(r.state()), r.document_number(),
         AttainmentRuleLabel(r, Zh() ? Lang::kZh : Lang::kEn)});
  }
  t.SetMaxWidth(6, 110);
  return t.Render(30);
}

std::string AttainmentSummary(const v1::AttainmentReport& report) {
  std::vector<std::string> parts;
  for (const auto& s : report.summary()) {
    parts.push_back(
        absl::StrCat(AttainmentStateName(s.state()), " ", s.count()));
  }
  return Zh() ? absl::StrCat("（", absl::StrJoin(parts, "，"),
                             "；截至日志序号 ", report.as_of_sequence(), "）\n")
              : absl::StrCat("(", absl::StrJoin(parts, ", "),
                             "; as of sequence ", report.as_of_sequence(),
                             ")\n");
}

std::string ReportingTable(const std::vector<v1::ExpectedReport>& reports) {
  Table t(
      {Tr("方案", "plan"), Tr("报告期", "period"), Tr("截止", "due"),
       Tr("部门", "department"), Tr("区划", "region"), Tr("状态", "state"),
       Tr("天数", "days"), Tr("枢纽收到（北京时间）", "received (hub, CST)"),
       Tr("客户端报送时间", "submitted_at (client)"), Tr("更正", "corrected"),
       Tr("项目", "items"), Tr("未收到", "not received")});
  for (const auto& r : reports) {
    const bool late = r.state() == v1::REPORT_STATE_LATE ||
                      r.state() == v1::REPORT_STATE_PARTIAL ||
                      r.state() == v1::REPORT_STATE_MISSING;
    t.AddRow({r.plan_code(), r.period(), r.due_date(),
              Dept(r.department(), r.department_name()),
              RegionLabel(r.region_name(), r.region_code()),
              ReportStateName(r.state()),
              late ? absl::StrCat(r.days_late()) : "",
              Cst(r.received_at_micros()), Cst(r.submitted_at_micros()),
              r.corrected_at_micros() ? Cst(r.corrected_at_micros()) : "",
              absl::StrCat(r.items_received(), "/", r.items_expected()),
              NotReceived(r)});
  }
  t.SetMaxWidth(11, 48);
  return t.Render();
}

std::string RatesTable(const std::string& title,
                       const std::vector<v1::ReportingRate>& rates) {
  Table t({title, Tr("名称", "name"), Tr("应报", "expected"),
           Tr("按时", "on time"), Tr("迟报", "late"), Tr("部分报送", "partial"),
           Tr("缺报", "missing"), Tr("未到期", "not due"),
           Tr("完整率 %", "complete %"), Tr("及时率 %", "on time %")});
  for (const auto& r : rates) {
    t.AddRow({Or(r.code(), Tr("合计", "total")), r.name(),
              absl::StrCat(r.expected()), absl::StrCat(r.on_time()),
              absl::StrCat(r.late()), absl::StrCat(r.partial()),
              absl::StrCat(r.missing()), absl::StrCat(r.not_due()),
              Or(r.completeness_rate()), Or(r.timeliness_rate())});
  }
  return t.Render();
}

std::string LedgerTable(const std::vector<v1::LedgerRow>& rows) {
  const std::map<std::string, std::string> names = DepartmentNames(rows);
  Table t({Tr("任务", "task"), Tr("序号", "number"), Tr("标题", "title"),
           Tr("牵头", "lead"), Tr("时限", "deadline"), Tr("状态", "status"),
           Tr("逾期", "overdue"), Tr("进展", "progress")});
  for (const auto& r : rows) {
    std::string overdue;
    if (r.overdue()) {
      overdue = r.overdue_days() == 0
                    ? Tr("报告期末", "at period end")
                    : absl::StrCat(r.overdue_days(), Tr(" 天", " days"));
    }
    t.AddRow({r.task_code(),
              absl::StrCat(std::string(2 * r.depth(), ' '), r.number()),
              r.title(), Names(r.lead_departments(), names),
              DeadlineText(r.deadline()), LedgerStatusName(r.status()), overdue,
              LatestProgress(r)});
  }
  t.SetMaxWidth(7, 60);
  return t.Render(26);
}

std::string LedgerSummaryLine(const v1::LedgerResponse& l) {
  const v1::LedgerSummary& s = l.summary();
  if (Zh()) {
    return absl::StrCat(
        l.document_number(), " ", l.region_code(), " ", l.period(), "：",
        s.tasks(), " 项任务，已报送 ", s.reported(), " 项，未报送 ",
        s.unreported(), " 项，已完成 ", s.completed(), " 项，逾期 ",
        s.overdue(), " 项（截至日志序号 ", l.as_of_sequence(), "）\n");
  }
  return absl::StrCat(l.document_number(), " ", l.region_code(), " ",
                      l.period(), ": ", s.tasks(), " tasks, ", s.reported(),
                      " reported, ", s.unreported(), " 未报送, ", s.completed(),
                      " completed, ", s.overdue(), " overdue (as of sequence ",
                      l.as_of_sequence(), ")\n");
}

std::string LaggardsTable(const std::string& title,
                          const std::vector<v1::Laggard>& laggards) {
  Table t({"#", title, Tr("名称", "name"), Tr("逾期任务", "overdue"), "未报送",
           Tr("迟报", "late"), Tr("部分报送", "partial"), Tr("缺报", "missing"),
           Tr("逾期任务编号", "overdue tasks")});
  int rank = 0;
  for (const auto& l : laggards) {
    t.AddRow({absl::StrCat(++rank), l.code(), l.name(),
              absl::StrCat(l.overdue_tasks()),
              absl::StrCat(l.unreported_tasks()),
              absl::StrCat(l.late_reports()), absl::StrCat(l.partial_reports()),
              absl::StrCat(l.missing_reports()),
              absl::StrJoin(l.overdue_task_codes(), " ")});
  }
  t.SetMaxWidth(8, 60);
  return t.Render();
}

std::string ViewChangeLine(const v1::ViewChange& c) {
  std::string out = absl::StrCat(
      "#", c.sequence(), " ", FormatMicrosCst(c.time_micros()), "  ",
      RecordKeyToString(c.key()), ": ", Or(c.value_before(), "∅"), " → ",
      Or(c.value()), " (", RecordState(c.state()), ")");
  for (const auto& r : c.rollups()) {
    absl::StrAppend(&out, "\n    ", r.region_name(), Tr(" 汇总 ", " roll-up "),
                    Or(r.value()), " ", r.unit(), "  ", r.coverage());
  }
  return out;
}

}  // namespace hub
