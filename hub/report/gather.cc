// GatherReport(): the view results and records in conflict a report shows.
#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "hub/common/period.h"
#include "hub/common/status_macros.h"
#include "hub/report/report.h"

namespace hub {
namespace {

// Every page of a paginated view, rows appended to the first page's
// response (whose summaries cover the whole view).
template <typename Request, typename Response, typename Call, typename Rows>
absl::StatusOr<Response> AllPages(Request request, Call call, Rows rows) {
  request.set_page_size(1000);
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

// The plans whose jurisdiction is the region or contains it.
std::vector<v1::Plan> PlansCovering(const Catalog& catalog,
                                    const std::string& region) {
  std::vector<v1::Plan> out;
  for (const v1::Plan& p : catalog.proto().plans()) {
    if (catalog.InSubtree(region, p.region_code())) out.push_back(p);
  }
  return out;
}

absl::Status GatherPlan(const Views& views, const Principal& principal,
                        const v1::Plan& plan, const std::string& region,
                        const std::string& period, ReportData* data) {
  ReportPlan out;
  out.plan = plan;
  v1::LedgerRequest ledger;
  ledger.set_plan_code(plan.code());
  ledger.set_region_code(region);
  ledger.set_period(period);
  ledger.set_overdue_only(true);
  auto l = AllPages<v1::LedgerRequest, v1::LedgerResponse>(
      ledger,
      [&](const v1::LedgerRequest& r) { return views.Ledger(principal, r); },
      [](v1::LedgerResponse& r) { return r.mutable_rows(); });
  if (!l.ok()) return l.status();
  out.ledger = *std::move(l);
  v1::LaggardsRequest laggards;
  laggards.set_plan_code(plan.code());
  laggards.set_region_code(region);
  laggards.set_period(period);
  laggards.set_limit(5);
  auto g = views.Laggards(principal, laggards);
  if (!g.ok()) return g.status();
  out.laggards = *std::move(g);
  data->as_of_sequence =
      std::max({data->as_of_sequence, out.ledger.as_of_sequence(),
                out.laggards.as_of_sequence()});
  if (!plan.reporting_dates().empty()) {
    v1::ReportingRequest reporting;
    reporting.set_region_code(region);
    reporting.set_plan_code(plan.code());
    reporting.set_page_size(1);
    auto rep = views.Reporting(principal, reporting);
    if (!rep.ok()) return rep.status();
    rep->clear_reports();
    rep->clear_next_page_token();
    data->as_of_sequence =
        std::max(data->as_of_sequence, rep->as_of_sequence());
    data->reporting.emplace_back(plan, *std::move(rep));
  }
  data->plans.push_back(std::move(out));
  return absl::OkStatus();
}

absl::Status GatherConflicts(const ViewReaders& readers,
                             const std::string& region, const Period& period,
                             ReportData* data) {
  RecordFilter filter;
  filter.region_code = region;
  filter.state = v1::RECORD_STATE_CONFLICT;
  auto it = readers.records.Scan(filter, "");
  for (; it->Valid(); it->Next()) {
    auto p = Period::Parse(it->record().key().period());
    if (!p.ok() || p->year != period.year) continue;
    data->conflicts.push_back(it->record());
  }
  HUB_RETURN_IF_ERROR(it->status());
  auto head = readers.log.Head();
  if (!head.ok()) return head.status();
  data->conflicts_as_of_sequence = head->sequence;
  return absl::OkStatus();
}

void CollectNames(const Catalog& catalog, ReportData* data) {
  for (const auto& d : catalog.proto().departments())
    data->department_names[d.code()] = d.name();
  for (const auto& r : catalog.proto().regions())
    data->region_names[r.code()] = r.name();
  for (const auto& i : catalog.proto().indicators())
    data->indicator_names[i.code()] = i.name();
}

}  // namespace

absl::StatusOr<ReportData> GatherReport(const Views& views,
                                        const ViewReaders& readers,
                                        const Principal& principal,
                                        const std::string& region_code,
                                        const std::string& period,
                                        int64_t clock_micros) {
  ReportData data;
  data.region_code = region_code.empty() ? principal.region : region_code;
  data.period = period;
  data.as_of_micros = clock_micros;
  v1::AttainmentRequest attainment;
  attainment.set_region_code(data.region_code);
  attainment.set_period(period);
  auto a = AllPages<v1::AttainmentRequest, v1::AttainmentReport>(
      attainment,
      [&](const v1::AttainmentRequest& r) {
        return views.Attainment(principal, r);
      },
      [](v1::AttainmentReport& r) { return r.mutable_rows(); });
  if (!a.ok()) return a.status();  // also checks region and period
  data.attainment = *std::move(a);
  data.as_of_sequence = data.attainment.as_of_sequence();
  const Catalog& catalog = readers.records.catalog();
  CollectNames(catalog, &data);
  data.region_name = data.region_names[data.region_code];
  auto parsed = Period::Parse(period);
  if (!parsed.ok()) return parsed.status();
  for (const v1::Plan& plan : PlansCovering(catalog, data.region_code)) {
    HUB_RETURN_IF_ERROR(
        GatherPlan(views, principal, plan, data.region_code, period, &data));
  }
  HUB_RETURN_IF_ERROR(
      GatherConflicts(readers, data.region_code, *parsed, &data));
  data.as_of_sequence =
      std::max(data.as_of_sequence, data.conflicts_as_of_sequence);
  return data;
}

}  // namespace hub
