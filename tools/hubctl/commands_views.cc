// hubctl's analyst views (ViewService, protos/hub/v1/views.proto):
//   rollup      an indicator rolled up the region tree
//   attainment  targets met, on track, at risk, missed, no data
//   reporting   expected reports on time, late or missing, with rates
//   ledger      the task ledger (任务台账) of a plan
//   laggards    departments and regions ranked by how far behind they are
//   watch       changes of merged records and roll-ups, live
#include <iostream>
#include <thread>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "grpcpp/grpcpp.h"
#include "hub/common/cst_time.h"
#include "hub/transport/grpc_status.h"
#include "hub/v1/views.grpc.pb.h"
#include "tools/hubctl/commands_internal.h"
#include "tools/hubctl/format.h"
#include "tools/hubctl/i18n.h"
#include "tools/hubctl/views_format.h"

ABSL_DECLARE_FLAG(bool, json);
ABSL_DECLARE_FLAG(bool, all);
ABSL_DECLARE_FLAG(bool, follow);
ABSL_DECLARE_FLAG(int, page_size);
ABSL_DECLARE_FLAG(int, limit);
ABSL_DECLARE_FLAG(uint64_t, after);
ABSL_DECLARE_FLAG(uint64_t, to);
ABSL_DECLARE_FLAG(std::string, region);
ABSL_DECLARE_FLAG(std::string, period);
ABSL_DECLARE_FLAG(std::string, indicator);
ABSL_DECLARE_FLAG(std::string, department);
ABSL_DECLARE_FLAG(std::string, state);
ABSL_FLAG(std::string, plan, "",
          "attainment, reporting: only this plan (e.g. sm2024)");
ABSL_FLAG(bool, overdue, false, "ledger: only overdue tasks");

namespace hub {
namespace hubctl {
namespace {

std::unique_ptr<v1::ViewService::Stub> Stub(HubClient& client) {
  return v1::ViewService::NewStub(client.channel());
}

template <typename Request, typename Response, typename Method>
absl::StatusOr<Response> Call(HubClient& client, const Request& request,
                              Method method) {
  grpc::ClientContext ctx;
  client.Prepare(&ctx);
  Response response;
  grpc::Status s = (Stub(client).get()->*method)(&ctx, request, &response);
  if (!s.ok()) return FromGrpcStatus(s);
  return response;
}

std::vector<std::string> CommaList(const std::string& flag) {
  return absl::StrSplit(flag, ',', absl::SkipEmpty());
}

// Parses --state as a comma list of Enum values named after prefix:
// "on_track" -> ATTAINMENT_STATE_ON_TRACK.
template <typename Enum>
absl::StatusOr<std::vector<Enum>> States(const std::string& prefix,
                                         bool (*parse)(const std::string&,
                                                       Enum*)) {
  std::vector<Enum> out;
  for (const std::string& s : CommaList(absl::GetFlag(FLAGS_state))) {
    Enum e;
    std::string name = absl::AsciiStrToUpper(s == "未报送" ? "unreported" : s);
    if (!parse(prefix + name, &e)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--state: ", Tr("未知状态", "unknown state"), " \"", s, "\""));
    }
    out.push_back(e);
  }
  return out;
}

// Every page of a paginated view when --all, else the first.
template <typename Request, typename Response, typename Method>
absl::StatusOr<std::vector<Response>> Pages(HubClient& client, Request request,
                                            Method method) {
  std::vector<Response> out;
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  do {
    absl::StatusOr<Response> page =
        Call<Request, Response>(client, request, method);
    if (!page.ok()) return page.status();
    request.set_page_token(page->next_page_token());
    out.push_back(*std::move(page));
  } while (absl::GetFlag(FLAGS_all) && !request.page_token().empty());
  return out;
}

template <typename Response>
const char* More(const std::vector<Response>& pages) {
  return pages.back().next_page_token().empty()
             ? ""
             : Tr("；还有更多：用 --all 或 --page_size",
                  "; more: use --all or --page_size");
}

absl::Status NoArguments(const char* command) {
  return absl::InvalidArgumentError(absl::StrCat(
      command, Tr("：不带位置参数（用 --region --period 等）",
                  ": takes no arguments (use --region --period ...)")));
}

absl::Status OnePlan(const char* command) {
  return absl::InvalidArgumentError(
      absl::StrCat(command, Tr("：需要一个方案代码，如 sm2024",
                               ": needs one plan code, e.g. sm2024")));
}

}  // namespace

absl::StatusOr<v1::RollupRequest> RollupRequestFromFlags(const Args& args) {
  v1::RollupRequest request;
  if (args.size() == 3) {
    request.add_indicator_codes(args[0]);
    request.set_region_code(args[1]);
    request.set_period(args[2]);
  } else if (args.empty()) {
    for (const auto& c : CommaList(absl::GetFlag(FLAGS_indicator)))
      request.add_indicator_codes(c);
    request.set_region_code(absl::GetFlag(FLAGS_region));
    request.set_period(absl::GetFlag(FLAGS_period));
  } else {
    return absl::InvalidArgumentError(
        Tr("rollup：用法 rollup INDICATOR REGION PERIOD 或 rollup --region R "
           "--period P",
           "rollup: usage rollup INDICATOR REGION PERIOD or rollup --region R "
           "--period P"));
  }
  return request;
}

absl::StatusOr<v1::AttainmentRequest> AttainmentRequestFromFlags(
    const Args& args) {
  if (!args.empty()) return NoArguments("attainment");
  v1::AttainmentRequest request;
  request.set_region_code(absl::GetFlag(FLAGS_region));
  request.set_period(absl::GetFlag(FLAGS_period));
  request.set_plan_code(absl::GetFlag(FLAGS_plan));
  for (const auto& c : CommaList(absl::GetFlag(FLAGS_indicator)))
    request.add_indicator_codes(c);
  auto states = States<v1::AttainmentState>("ATTAINMENT_STATE_",
                                            &v1::AttainmentState_Parse);
  if (!states.ok()) return states.status();
  for (auto s : *states) request.add_states(s);
  return request;
}

absl::StatusOr<v1::ReportingRequest> ReportingRequestFromFlags(
    const Args& args) {
  if (!args.empty()) return NoArguments("reporting");
  v1::ReportingRequest request;
  request.set_region_code(absl::GetFlag(FLAGS_region));
  request.set_plan_code(absl::GetFlag(FLAGS_plan));
  request.set_period(absl::GetFlag(FLAGS_period));
  request.set_department(absl::GetFlag(FLAGS_department));
  auto states =
      States<v1::ReportState>("REPORT_STATE_", &v1::ReportState_Parse);
  if (!states.ok()) return states.status();
  for (auto s : *states) request.add_states(s);
  return request;
}

absl::StatusOr<v1::LedgerRequest> LedgerRequestFromFlags(const Args& args) {
  if (args.size() != 1) return OnePlan("ledger");
  v1::LedgerRequest request;
  request.set_plan_code(args[0]);
  request.set_region_code(absl::GetFlag(FLAGS_region));
  request.set_period(absl::GetFlag(FLAGS_period));
  request.set_department(absl::GetFlag(FLAGS_department));
  request.set_overdue_only(absl::GetFlag(FLAGS_overdue));
  auto states =
      States<v1::LedgerStatus>("LEDGER_STATUS_", &v1::LedgerStatus_Parse);
  if (!states.ok()) return states.status();
  for (auto s : *states) request.add_statuses(s);
  return request;
}

absl::StatusOr<v1::LaggardsRequest> LaggardsRequestFromFlags(const Args& args) {
  if (args.size() != 1) return OnePlan("laggards");
  v1::LaggardsRequest request;
  request.set_plan_code(args[0]);
  request.set_region_code(absl::GetFlag(FLAGS_region));
  request.set_period(absl::GetFlag(FLAGS_period));
  request.set_limit(absl::GetFlag(FLAGS_limit));
  return request;
}

int Rollup(HubClient& client, const Args& args) {
  auto request = RollupRequestFromFlags(args);
  if (!request.ok()) return Usage();
  auto response = Call<v1::RollupRequest, v1::RollupResponse>(
      client, *request, &v1::ViewService::Stub::GetRollups);
  if (!response.ok()) return Fail(response.status());
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << ToJsonLine(*response) << "\n";
    return 0;
  }
  if (response->rollups_size() == 1) {
    std::cout << RollupDetail(response->rollups(0), Names(LogCatalog(client)));
  } else {
    std::cout << RollupsTable(
        {response->rollups().begin(), response->rollups().end()});
  }
  for (const auto& s : response->skipped()) {
    if (request->indicator_codes().empty()) continue;
    std::cout << Tr("跳过 ", "skipped ") << s.indicator_code() << ": "
              << s.reason() << "\n";
  }
  std::cout << Tr("（截至日志序号 ", "(as of sequence ")
            << response->as_of_sequence() << Tr("）\n", ")\n");
  return 0;
}

int Attainment(HubClient& client, const Args& args) {
  if (!args.empty()) return Usage();
  auto request = AttainmentRequestFromFlags(args);
  if (!request.ok()) return Fail(request.status());
  auto pages = Pages<v1::AttainmentRequest, v1::AttainmentReport>(
      client, *request, &v1::ViewService::Stub::GetAttainment);
  if (!pages.ok()) return Fail(pages.status());
  std::vector<v1::AttainmentRow> rows;
  for (const auto& p : *pages) {
    for (const auto& r : p.rows()) {
      if (absl::GetFlag(FLAGS_json)) std::cout << ToJsonLine(r) << "\n";
      rows.push_back(r);
    }
  }
  if (absl::GetFlag(FLAGS_json)) return 0;
  std::cout << AttainmentTable(rows) << AttainmentSummary(pages->front());
  if (*More(*pages)) {
    std::cout << Tr("（", "(") << rows.size() << Tr(" 行", " rows")
              << More(*pages) << Tr("）\n", ")\n");
  }
  return 0;
}

int Reporting(HubClient& client, const Args& args) {
  if (!args.empty()) return Usage();
  auto request = ReportingRequestFromFlags(args);
  if (!request.ok()) return Fail(request.status());
  auto pages = Pages<v1::ReportingRequest, v1::ReportingReport>(
      client, *request, &v1::ViewService::Stub::GetReporting);
  if (!pages.ok()) return Fail(pages.status());
  std::vector<v1::ExpectedReport> reports;
  for (const auto& p : *pages) {
    for (const auto& r : p.reports()) {
      if (absl::GetFlag(FLAGS_json)) std::cout << ToJsonLine(r) << "\n";
      reports.push_back(r);
    }
  }
  const v1::ReportingReport& first = pages->front();
  if (absl::GetFlag(FLAGS_json)) return 0;
  std::cout << ReportingTable(reports) << Tr("（列出应报 ", "(")
            << reports.size() << Tr(" 份", " expected reports listed")
            << More(*pages) << Tr("）\n\n", ")\n\n")
            << RatesTable(
                   Tr("部门", "department"),
                   {first.by_department().begin(), first.by_department().end()})
            << "\n"
            << RatesTable(Tr("区划", "region"),
                          {first.by_region().begin(), first.by_region().end()})
            << "\n"
            << RatesTable("", {first.total()});
  for (const auto& p : first.plans_without_calendar()) {
    std::cout << (Zh() ? absl::StrCat("方案 ", p, " 没有报送日历\n")
                       : absl::StrCat("plan ", p,
                                      " has no reporting calendar\n"));
  }
  std::cout << Tr("（截至日志序号 ", "(as of sequence ")
            << first.as_of_sequence() << Tr("，", ", ")
            << FormatMicrosCst(first.as_of_micros()) << Tr("）\n", ")\n");
  return 0;
}

int Ledger(HubClient& client, const Args& args) {
  if (args.size() != 1) return Usage();
  auto request = LedgerRequestFromFlags(args);
  if (!request.ok()) return Fail(request.status());
  auto pages = Pages<v1::LedgerRequest, v1::LedgerResponse>(
      client, *request, &v1::ViewService::Stub::GetLedger);
  if (!pages.ok()) return Fail(pages.status());
  std::vector<v1::LedgerRow> rows;
  for (const auto& p : *pages) {
    for (const auto& r : p.rows()) {
      if (absl::GetFlag(FLAGS_json)) std::cout << ToJsonLine(r) << "\n";
      rows.push_back(r);
    }
  }
  if (absl::GetFlag(FLAGS_json)) return 0;
  std::cout << LedgerTable(rows) << LedgerSummaryLine(pages->front());
  if (*More(*pages)) {
    std::cout << Tr("（", "(") << rows.size() << Tr(" 行", " rows")
              << More(*pages) << Tr("）\n", ")\n");
  }
  return 0;
}

int Laggards(HubClient& client, const Args& args) {
  if (args.size() != 1) return Usage();
  auto request = LaggardsRequestFromFlags(args);
  if (!request.ok()) return Fail(request.status());
  auto response = Call<v1::LaggardsRequest, v1::LaggardsResponse>(
      client, *request, &v1::ViewService::Stub::GetLaggards);
  if (!response.ok()) return Fail(response.status());
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << ToJsonLine(*response) << "\n";
    return 0;
  }
  std::cout << response->plan_code() << " " << response->period()
            << Tr("：按逾期任务、未报送任务、迟报/部分报送/缺报次数排序\n\n",
                  ": ranked by overdue tasks, then 未报送 tasks, then late, "
                  "partial and missing reports\n\n")
            << LaggardsTable(Tr("部门", "department"),
                             {response->departments().begin(),
                              response->departments().end()})
            << "\n"
            << LaggardsTable(Tr("区划", "region"), {response->regions().begin(),
                                                    response->regions().end()});
  return 0;
}

int Watch(HubClient& client, const Args& args) {
  if (!args.empty()) return Usage();
  v1::WatchRequest request;
  request.set_region_code(absl::GetFlag(FLAGS_region));
  request.set_period(absl::GetFlag(FLAGS_period));
  for (const auto& c : CommaList(absl::GetFlag(FLAGS_indicator)))
    request.add_indicator_codes(c);
  request.set_to_sequence(absl::GetFlag(FLAGS_to));
  request.set_follow(absl::GetFlag(FLAGS_follow));
  uint64_t resume = absl::GetFlag(FLAGS_after), shown = 0;
  while (true) {
    request.set_after_sequence(resume);
    grpc::ClientContext ctx;
    client.Prepare(&ctx);
    if (request.follow())
      ctx.set_deadline(std::chrono::system_clock::time_point::max());
    auto reader = Stub(client)->Watch(&ctx, request);
    v1::WatchResponse response;
    while (reader->Read(&response)) {
      if (response.has_change()) {
        std::cout << (absl::GetFlag(FLAGS_json)
                          ? ToJsonLine(response)
                          : ViewChangeLine(response.change()))
                  << std::endl;
        ++shown;
      }
      resume = response.resume_after();
    }
    grpc::Status s = reader->Finish();
    if (s.ok()) break;
    if (!request.follow() || s.error_code() != grpc::StatusCode::UNAVAILABLE) {
      return Fail(FromGrpcStatus(s));
    }
    std::cerr << Tr("hubctl：监看在序号 ", "hubctl: watch interrupted after ")
              << resume << Tr(" 后中断；继续\n", "; resuming\n");
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  if (!absl::GetFlag(FLAGS_json)) {
    std::cout << (Zh() ? absl::StrCat("（共 ", shown,
                                      " 项变更；续看请用 --after ", resume,
                                      "）\n")
                       : absl::StrCat("(", shown, " changes; resume after ",
                                      resume, ")\n"));
  }
  return 0;
}

}  // namespace hubctl
}  // namespace hub
