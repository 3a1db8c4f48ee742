// Report: the one-page HTML report of a region and period (issue 11) that
// the reform office (医改办) sends its leaders. One self-contained file in
// Chinese, opened in a browser with no server and no network: no external
// scripts, fonts, styles or images; charts are inline SVG; it prints on one
// A4 page (@page A4, @media print).
//
// It holds, each with the figures behind it and the as-of sequence of the
// view it comes from:
//   * target attainment: a bar of the states over every row judged in the
//     region's subtree, and the region's own rows (value, target, state in
//     its colour: 达标 green, 进度正常 blue, 有风险 amber, 未达标 red, 无数据
//     grey) with the check's arithmetic;
//   * reporting completeness and timeliness by department (bars and rates);
//   * overdue tasks of each plan covering the region, with the latest
//     progress, and the laggards (提醒约谈);
//   * the records in conflict in the region's subtree for the period's year.
// The data's as-of sequence and time head the page.
//
// GatherReport() reads the views (hub/views) and the records in conflict
// (hub/records); RenderReportHtml() is a pure function of what was
// gathered. Every text from the hub (department notes, titles, names) is
// HTML-escaped. No gRPC here: hub/server serves the bytes as
// hub.v1.ReportService, and hubctl writes them to a file.
//
// Thread safety: the functions may be called concurrently.
#ifndef HUB_REPORT_REPORT_H_
#define HUB_REPORT_REPORT_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hub/model/principal.h"
#include "hub/records/record_reader.h"
#include "hub/v1/views.pb.h"
#include "hub/views/views.h"

namespace hub {

// One plan covering the region: its overdue tasks and its laggards.
struct ReportPlan {
  v1::Plan plan;
  v1::LedgerResponse ledger;  // overdue rows only, every page
  v1::LaggardsResponse laggards;
};

struct ReportData {
  std::string region_code;
  std::string region_name;
  std::string period;
  uint64_t as_of_sequence = 0;      // the newest of the views read
  int64_t as_of_micros = 0;         // the hub's clock when gathered (UTC)
  v1::AttainmentReport attainment;  // every row, every page
  // One per plan with a reporting calendar: the rates of all its calendar
  // periods (the expected reports themselves are not kept).
  std::vector<std::pair<v1::Plan, v1::ReportingReport>> reporting;
  std::vector<ReportPlan> plans;
  // Records in conflict in the region's subtree, periods of the year of
  // period, and the log position the list was read at.
  std::vector<v1::MergedRecord> conflicts;
  uint64_t conflicts_as_of_sequence = 0;
  // Names for codes shown (departments, regions, indicators).
  std::map<std::string, std::string> department_names;
  std::map<std::string, std::string> region_names;
  std::map<std::string, std::string> indicator_names;
};

// Reads what the report of region_code and period shows, from views and
// (the records in conflict) readers: region_code must
// be in principal's jurisdiction and period canonical text ("2024",
// "2024H1"). Errors of the views (InvalidArgument naming the field,
// PermissionDenied, ...) pass through. clock_micros is "now" (the hub's
// clock).
absl::StatusOr<ReportData> GatherReport(const Views& views,
                                        const ViewReaders& readers,
                                        const Principal& principal,
                                        const std::string& region_code,
                                        const std::string& period,
                                        int64_t clock_micros);

// The report as one HTML document (UTF-8).
std::string RenderReportHtml(const ReportData& data);

// "a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;": text safe inside HTML
// elements and quoted attributes.
std::string HtmlEscape(absl::string_view text);

// "区域报告_350400_2024.html"
std::string ReportFileName(const std::string& region_code,
                           const std::string& period);

}  // namespace hub

#endif  // HUB_REPORT_REPORT_H_
