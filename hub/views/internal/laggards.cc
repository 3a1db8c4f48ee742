// The laggards list (提醒约谈) from a plan's ledger and expected reports.
#include <algorithm>
#include <map>

#include "hub/views/internal/ledger.h"
#include "hub/views/internal/regions.h"

namespace hub {
namespace views_internal {
namespace {

using Board = std::map<std::string, v1::Laggard>;

v1::Laggard& Entry(Board* board, const std::string& code,
                   const std::string& name) {
  v1::Laggard& l = (*board)[code];
  if (l.code().empty()) {
    l.set_code(code);
    l.set_name(name);
  }
  return l;
}

// A department's standing on one task it leads or is responsible for.
void CountTask(const v1::LedgerRow& row, const v1::DepartmentProgress& p,
               v1::Laggard* l) {
  if (!p.reported()) {
    l->set_unreported_tasks(l->unreported_tasks() + 1);
    l->add_unreported_task_codes(row.task_code());
  }
  if (row.overdue() && p.status() != v1::TASK_STATUS_COMPLETED) {
    l->set_overdue_tasks(l->overdue_tasks() + 1);
    l->add_overdue_task_codes(row.task_code());
  }
}

void CountReport(const v1::ExpectedReport& r, v1::Laggard* l) {
  if (r.state() == v1::REPORT_STATE_LATE) {
    l->set_late_reports(l->late_reports() + 1);
  } else if (r.state() == v1::REPORT_STATE_PARTIAL) {
    l->set_partial_reports(l->partial_reports() + 1);
  } else if (r.state() == v1::REPORT_STATE_MISSING) {
    l->set_missing_reports(l->missing_reports() + 1);
  }
}

std::vector<v1::Laggard> Ranked(Board board, int limit) {
  std::vector<v1::Laggard> out;
  for (auto& [code, l] : board) out.push_back(std::move(l));
  auto reports = [](const v1::Laggard& l) {
    return l.late_reports() + l.partial_reports() + l.missing_reports();
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const v1::Laggard& a, const v1::Laggard& b) {
                     if (a.overdue_tasks() != b.overdue_tasks())
                       return a.overdue_tasks() > b.overdue_tasks();
                     if (a.unreported_tasks() != b.unreported_tasks())
                       return a.unreported_tasks() > b.unreported_tasks();
                     return reports(a) > reports(b);
                   });
  if (limit > 0 && out.size() > static_cast<size_t>(limit)) out.resize(limit);
  return out;
}

}  // namespace

v1::LaggardsResponse RankLaggards(
    const Catalog& catalog, const std::vector<v1::LedgerRow>& rows,
    const std::vector<v1::ExpectedReport>& reports, int limit) {
  Board departments, regions;
  for (const v1::LedgerRow& row : rows) {
    if (row.has_children()) continue;
    for (const v1::DepartmentProgress& p : row.progress()) {
      if (p.role() != "lead" && p.role() != "responsible") continue;
      CountTask(row, p,
                &Entry(&departments, p.department(), p.department_name()));
    }
    v1::Laggard& region = Entry(&regions, row.region_code(),
                                RegionName(catalog, row.region_code()));
    if (row.status() == v1::LEDGER_STATUS_UNREPORTED) {
      region.set_unreported_tasks(region.unreported_tasks() + 1);
      region.add_unreported_task_codes(row.task_code());
    }
    if (row.overdue()) {
      region.set_overdue_tasks(region.overdue_tasks() + 1);
      region.add_overdue_task_codes(row.task_code());
    }
  }
  for (const v1::ExpectedReport& r : reports) {
    CountReport(r, &Entry(&departments, r.department(), r.department_name()));
    CountReport(r, &Entry(&regions, r.region_code(), r.region_name()));
  }
  v1::LaggardsResponse out;
  for (v1::Laggard& l : Ranked(std::move(departments), limit)) {
    *out.add_departments() = std::move(l);
  }
  for (v1::Laggard& l : Ranked(std::move(regions), limit)) {
    *out.add_regions() = std::move(l);
  }
  return out;
}

}  // namespace views_internal
}  // namespace hub
