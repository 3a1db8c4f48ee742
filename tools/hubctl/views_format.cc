#include "tools/hubctl/views_format.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "hub/common/cst_time.h"
#include "hub/model/model.h"
#include "tools/hubctl/format.h"
#include "tools/hubctl/table.h"

namespace hub {
namespace {

std::string Lower(const std::string& enum_name, absl::string_view prefix) {
  return absl::StrReplaceAll(
      absl::AsciiStrToLower(absl::string_view(enum_name).substr(prefix.size())),
      {{"_", " "}});
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
      out[p.department()] = p.department_name();
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
      reported, " reported; latest ", latest->department_name(), " ",
      StatusName(latest->status()), " ",
      FormatMicrosCst(latest->received_at_micros()).substr(0, 10), ": ",
      latest->text());
}

// One line per unit of a roll-up.
std::string PartsTable(const v1::Rollup& r) {
  Table t({"region", "name", "value", "numerator", "denominator", "state",
           "from", "used"});
  for (const auto& p : r.parts()) {
    t.AddRow({p.region_code(), p.region_name(), Or(p.value()), p.numerator(),
              p.denominator(),
              p.state() == v1::RECORD_STATE_UNSPECIFIED ? "no record"
                                                        : StateName(p.state()),
              p.value_department(), p.used() ? "yes" : "no"});
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
  return Lower(v1::AttainmentState_Name(s), "ATTAINMENT_STATE_");
}
std::string ReportStateName(v1::ReportState s) {
  return Lower(v1::ReportState_Name(s), "REPORT_STATE_");
}
std::string LedgerStatusName(v1::LedgerStatus s) {
  if (s == v1::LEDGER_STATUS_UNREPORTED) return "未报送";
  if (s == v1::LEDGER_STATUS_UNSPECIFIED) return "";
  return absl::AsciiStrToLower(
      absl::string_view(v1::LedgerStatus_Name(s)).substr(14));
}

std::string RollupDetail(const v1::Rollup& r) {
  std::string out = absl::StrCat(
      r.indicator_name(), " (", r.indicator_code(), ")  ",
      RegionLabel(r.region_name(), r.region_code()), "  ", r.period(), "\n");
  absl::StrAppend(&out, "value:      ", Or(r.value(), "(none)"), " ", r.unit());
  if (!r.numerator().empty()) {
    absl::StrAppend(&out, "  = ", Components(r.numerator(), r.denominator()),
                    " summed components, recomputed");
  } else if (!r.value().empty()) {
    absl::StrAppend(&out, "  summed");
  }
  absl::StrAppend(&out, "  (rollup ", r.rollup_rule(), ")\n",
                  "coverage:   ", r.coverage(), "\n");
  if (r.conflict_count() > 0) {
    std::vector<std::string> names;
    for (const auto& d : r.disputed()) names.push_back(d.name());
    absl::StrAppend(
        &out, "disputed:   ", r.conflict_count(), " in conflict (",
        absl::StrJoin(names, ", "), "), used at their merged value: ",
        r.disputed_value().empty()
            ? Components(r.disputed_numerator(), r.disputed_denominator())
            : r.disputed_value(),
        " of the figure\n");
  }
  if (r.has_own()) {
    absl::StrAppend(
        &out, "own record: ", Or(r.own().value(), "(none)"), " (",
        Or(r.own().value_department()), ", ", StateName(r.own().state()),
        "), not in the roll-up",
        r.own().difference().empty()
            ? ""
            : absl::StrCat("; own - rolled up = ", r.own().difference()),
        "\n");
  }
  if (!r.children().empty()) {
    Table c({"region", "name", "value", "components", "units", "own record"});
    for (const auto& x : r.children()) {
      c.AddRow({x.region_code(), x.region_name(), Or(x.value()),
                Components(x.numerator(), x.denominator()),
                absl::StrCat(x.contributing_count(), "/", x.expected_count()),
                x.own_value()});
    }
    absl::StrAppend(&out, "\n", c.Render());
  }
  if (!r.parts().empty()) absl::StrAppend(&out, "\n", PartsTable(r));
  return out;
}

std::string RollupsTable(const std::vector<v1::Rollup>& rollups) {
  Table t({"indicator", "name", "value", "unit", "coverage", "disputed",
           "own record", "own - rolled up"});
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
  Table t({"region", "name", "indicator", "value", "state", "plan", "rule"});
  for (const auto& r : rows) {
    std::vector<std::string> checks;
    for (const auto& c : r.checks()) checks.push_back(c.explanation());
    t.AddRow(
        {r.region_code(), r.region_name(), r.indicator_name(),
         Or(r.value()) + (r.value_source() == "rollup" ? " (roll-up)" : ""),
         AttainmentStateName(r.state()), r.document_number(),
         absl::StrJoin(checks, checks.size() > 1 ? "; or " : "")});
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
  return absl::StrCat("(", absl::StrJoin(parts, ", "), "; as of sequence ",
                      report.as_of_sequence(), ")\n");
}

std::string ReportingTable(const std::vector<v1::ExpectedReport>& reports) {
  Table t({"plan", "period", "due", "department", "region", "state", "days",
           "received (hub, CST)", "submitted_at (client)", "corrected", "items",
           "not received"});
  for (const auto& r : reports) {
    const bool late = r.state() == v1::REPORT_STATE_LATE ||
                      r.state() == v1::REPORT_STATE_PARTIAL ||
                      r.state() == v1::REPORT_STATE_MISSING;
    t.AddRow({r.plan_code(), r.period(), r.due_date(), r.department_name(),
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
  Table t({title, "name", "expected", "on time", "late", "partial", "missing",
           "not due", "complete %", "on time %"});
  for (const auto& r : rates) {
    t.AddRow({Or(r.code(), "total"), r.name(), absl::StrCat(r.expected()),
              absl::StrCat(r.on_time()), absl::StrCat(r.late()),
              absl::StrCat(r.partial()), absl::StrCat(r.missing()),
              absl::StrCat(r.not_due()), Or(r.completeness_rate()),
              Or(r.timeliness_rate())});
  }
  return t.Render();
}

std::string LedgerTable(const std::vector<v1::LedgerRow>& rows) {
  const std::map<std::string, std::string> names = DepartmentNames(rows);
  Table t({"task", "number", "title", "lead", "deadline", "status", "overdue",
           "progress"});
  for (const auto& r : rows) {
    t.AddRow({r.task_code(),
              absl::StrCat(std::string(2 * r.depth(), ' '), r.number()),
              r.title(), Names(r.lead_departments(), names),
              DeadlineText(r.deadline()), LedgerStatusName(r.status()),
              !r.overdue()            ? ""
              : r.overdue_days() == 0 ? "at period end"
                                      : absl::StrCat(r.overdue_days(), " days"),
              LatestProgress(r)});
  }
  t.SetMaxWidth(7, 60);
  return t.Render(26);
}

std::string LedgerSummaryLine(const v1::LedgerResponse& l) {
  const v1::LedgerSummary& s = l.summary();
  return absl::StrCat(l.document_number(), " ", l.region_code(), " ",
                      l.period(), ": ", s.tasks(), " tasks, ", s.reported(),
                      " reported, ", s.unreported(), " 未报送, ", s.completed(),
                      " completed, ", s.overdue(), " overdue (as of sequence ",
                      l.as_of_sequence(), ")\n");
}

std::string LaggardsTable(const std::string& title,
                          const std::vector<v1::Laggard>& laggards) {
  Table t({"#", title, "name", "overdue", "未报送", "late", "partial",
           "missing", "overdue tasks"});
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
      Or(c.value()), " (", StateName(c.state()), ")");
  for (const auto& r : c.rollups()) {
    absl::StrAppend(&out, "\n    ", r.region_name(), " roll-up ", Or(r.value()),
                    " ", r.unit(), "  ", r.coverage());
  }
  return out;
}

}  // namespace hub
