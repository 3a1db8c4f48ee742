#include "hub/views/internal/ledger.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "hub/common/cst_time.h"
#include "hub/common/status_macros.h"
#include "hub/records/record_reader.h"
#include "hub/views/internal/regions.h"
#include "hub/views/internal/reporting.h"

namespace hub {
namespace views_internal {
namespace {

v1::LedgerStatus ToLedgerStatus(v1::TaskStatus s) {
  switch (s) {
    case v1::TASK_STATUS_NOT_STARTED:
      return v1::LEDGER_STATUS_NOT_STARTED;
    case v1::TASK_STATUS_IN_PROGRESS:
      return v1::LEDGER_STATUS_IN_PROGRESS;
    case v1::TASK_STATUS_COMPLETED:
      return v1::LEDGER_STATUS_COMPLETED;
    case v1::TASK_STATUS_BLOCKED:
      return v1::LEDGER_STATUS_BLOCKED;
    default:
      return v1::LEDGER_STATUS_UNSPECIFIED;
  }
}

// The departments a task names, each once, with its role.
std::vector<std::pair<std::string, std::string>> NamedDepartments(
    const v1::Task& t) {
  std::vector<std::pair<std::string, std::string>> out;
  auto add = [&](const google::protobuf::RepeatedPtrField<std::string>& list,
                 const char* role) {
    for (const std::string& d : list) {
      bool seen = false;
      for (const auto& [code, r] : out) seen |= code == d;
      if (!seen) out.emplace_back(d, role);
    }
  };
  add(t.lead_departments(), "lead");
  add(t.responsible_departments(), "responsible");
  add(t.cooperating_departments(), "cooperating");
  return out;
}

void AddProgress(const Catalog& catalog, const std::string& dept,
                 const std::string& role, const v1::MergedRecord* rec,
                 v1::LedgerRow* row) {
  v1::DepartmentProgress* p = row->add_progress();
  p->set_department(dept);
  p->set_department_name(DepartmentName(catalog, dept));
  p->set_role(role);
  if (rec == nullptr) return;
  for (const v1::Contribution& c : rec->contributions()) {
    if (c.department() != dept) continue;
    p->set_reported(true);
    p->set_status(c.status());
    p->set_text(c.text());
    p->set_received_at_micros(c.accepted_at_micros());
    p->set_submitted_at_micros(c.submitted_at_micros());
  }
}

bool Names(const v1::LedgerRow& r, const std::string& dept) {
  for (const auto* list : {&r.lead_departments(), &r.responsible_departments(),
                           &r.cooperating_departments()}) {
    if (std::find(list->begin(), list->end(), dept) != list->end()) return true;
  }
  return false;
}

bool Passes(const v1::LedgerRow& r, const v1::LedgerRequest& q) {
  if (!q.department().empty() && !Names(r, q.department())) return false;
  if (q.overdue_only() && !r.overdue()) return false;
  return q.statuses().empty() ||
         std::find(q.statuses().begin(), q.statuses().end(), r.status()) !=
             q.statuses().end();
}

}  // namespace

int NaturalCompare(absl::string_view a, absl::string_view b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (absl::ascii_isdigit(a[i]) && absl::ascii_isdigit(b[j])) {
      size_t i0 = i, j0 = j;
      while (i < a.size() && absl::ascii_isdigit(a[i])) ++i;
      while (j < b.size() && absl::ascii_isdigit(b[j])) ++j;
      absl::string_view x = a.substr(i0, i - i0), y = b.substr(j0, j - j0);
      while (x.size() > 1 && x[0] == '0') x.remove_prefix(1);
      while (y.size() > 1 && y[0] == '0') y.remove_prefix(1);
      if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
      if (int c = x.compare(y); c != 0) return c;
      continue;
    }
    if (a[i] != b[j])
      return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j])
                 ? -1
                 : 1;
    ++i;
    ++j;
  }
  if (i == a.size() && j == b.size()) return 0;
  return i == a.size() ? -1 : 1;
}

std::vector<OrderedTask> PlanOrder(const Catalog& catalog,
                                   const v1::Plan& plan) {
  std::map<std::string, std::vector<const v1::Task*>> children;
  std::set<std::string> in_plan;
  for (const v1::Task& t : catalog.proto().tasks()) {
    if (t.plan_code() == plan.code()) in_plan.insert(t.code());
  }
  for (const v1::Task& t : catalog.proto().tasks()) {
    if (t.plan_code() != plan.code()) continue;
    children[in_plan.count(t.parent_code()) ? t.parent_code() : ""].push_back(
        &t);
  }
  for (auto& [parent, list] : children) {
    std::sort(list.begin(), list.end(),
              [](const v1::Task* x, const v1::Task* y) {
                return NaturalCompare(x->code(), y->code()) < 0;
              });
  }
  std::vector<OrderedTask> out;
  // Depth-first, each task before its sub-tasks.
  std::vector<std::pair<const v1::Task*, int>> stack;
  const auto& roots = children[""];
  for (auto it = roots.rbegin(); it != roots.rend(); ++it)
    stack.push_back({*it, 0});
  while (!stack.empty()) {
    auto [task, depth] = stack.back();
    stack.pop_back();
    auto kids = children.find(task->code());
    const bool has_children = kids != children.end() && !kids->second.empty();
    out.push_back({task, depth, has_children});
    if (!has_children) continue;
    for (auto it = kids->second.rbegin(); it != kids->second.rend(); ++it) {
      stack.push_back({*it, depth + 1});
    }
  }
  return out;
}

std::string DefaultLedgerPeriod(const v1::Plan& plan, absl::Time now) {
  std::vector<CalendarEntry> calendar = Calendar(plan);
  if (calendar.empty()) return plan.issued_on().substr(0, 4);
  std::string out = calendar.front().period;
  for (const CalendarEntry& e : calendar) {
    if (EndOfDayCst(e.due) <= now) out = e.period;
  }
  return out;
}

absl::StatusOr<v1::LedgerRow> LedgerRowFor(
    const Catalog& catalog, const OrderedTask& ot, const std::string& region,
    const std::string& period, RecordCache* records, absl::Time now) {
  const v1::Task& t = *ot.task;
  v1::LedgerRow row;
  row.set_task_code(t.code());
  row.set_plan_code(t.plan_code());
  row.set_parent_code(t.parent_code());
  row.set_number(t.number());
  row.set_title(t.title());
  row.set_depth(ot.depth);
  row.set_has_children(ot.has_children);
  *row.mutable_lead_departments() = t.lead_departments();
  *row.mutable_responsible_departments() = t.responsible_departments();
  *row.mutable_cooperating_departments() = t.cooperating_departments();
  *row.mutable_deadline() = t.deadline();
  *row.mutable_indicator_codes() = t.indicator_codes();
  row.set_region_code(region);
  row.set_period(period);
  HUB_ASSIGN_OR_RETURN(
      const v1::MergedRecord* rec,
      records->Find(v1::SUBJECT_KIND_TASK, t.code(), region, period));
  if (rec != nullptr) {
    row.set_status(ToLedgerStatus(rec->status()));
    row.set_state(rec->state());
    row.set_explanation(rec->explanation());
  } else if (!ot.has_children) {
    row.set_status(v1::LEDGER_STATUS_UNREPORTED);
    row.set_explanation(
        absl::StrCat("未报送: no department has reported on it for ", period));
  }
  if (rec != nullptr || !ot.has_children) {
    TaskOverdue o = JudgeOverdue(
        t, period, rec == nullptr ? v1::TASK_STATUS_UNSPECIFIED : rec->status(),
        now);
    row.set_overdue(o.overdue);
    row.set_overdue_days(o.days);
    if (o.has_deadline) row.set_overdue_as_of(FormatDate(o.as_of));
  }
  for (const auto& [dept, role] : NamedDepartments(t)) {
    AddProgress(catalog, dept, role, rec, &row);
  }
  if (rec == nullptr) return row;
  for (const v1::Contribution& c : rec->contributions()) {
    if (!Names(row, c.department())) {
      AddProgress(catalog, c.department(), "other", rec, &row);
    }
  }
  return row;
}

std::vector<const v1::LedgerRow*> FilterLedger(
    const std::vector<v1::LedgerRow>& rows, const v1::LedgerRequest& q) {
  std::vector<const v1::LedgerRow*> out;
  const bool filtered =
      !q.department().empty() || q.overdue_only() || !q.statuses().empty();
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < rows.size(); ++i) index[rows[i].task_code()] = i;
  std::vector<bool> keep(rows.size(), !filtered);
  for (size_t i = 0; filtered && i < rows.size(); ++i) {
    if (rows[i].has_children() || !Passes(rows[i], q)) continue;
    keep[i] = true;
    for (auto p = index.find(rows[i].parent_code());
         p != index.end() && !keep[p->second];
         p = index.find(rows[p->second].parent_code())) {
      keep[p->second] = true;
    }
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    if (keep[i]) out.push_back(&rows[i]);
  }
  return out;
}

v1::LedgerSummary Summarize(const std::vector<v1::LedgerRow>& rows) {
  v1::LedgerSummary s;
  for (const v1::LedgerRow& r : rows) {
    if (r.has_children()) continue;
    s.set_tasks(s.tasks() + 1);
    if (r.status() == v1::LEDGER_STATUS_UNREPORTED) {
      s.set_unreported(s.unreported() + 1);
    } else {
      s.set_reported(s.reported() + 1);
    }
    if (r.status() == v1::LEDGER_STATUS_COMPLETED) {
      s.set_completed(s.completed() + 1);
    }
    if (r.overdue()) s.set_overdue(s.overdue() + 1);
  }
  return s;
}

}  // namespace views_internal
}  // namespace hub
