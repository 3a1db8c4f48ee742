// hubctl: submit, get, list and log commands.
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <thread>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tools/hubctl/commands_internal.h"
#include "tools/hubctl/format.h"
#include "tools/hubctl/i18n.h"

ABSL_DECLARE_FLAG(bool, json);
ABSL_DECLARE_FLAG(bool, dry_run);
ABSL_DECLARE_FLAG(std::string, region);
ABSL_DECLARE_FLAG(std::string, period);
ABSL_DECLARE_FLAG(std::string, indicator);
ABSL_DECLARE_FLAG(std::string, task);
ABSL_DECLARE_FLAG(std::string, department);
ABSL_DECLARE_FLAG(std::string, state);
ABSL_DECLARE_FLAG(std::string, kind);
ABSL_DECLARE_FLAG(int, page_size);
ABSL_DECLARE_FLAG(bool, all);
ABSL_DECLARE_FLAG(uint64_t, after);
ABSL_DECLARE_FLAG(int, limit);
ABSL_DECLARE_FLAG(bool, follow);
ABSL_DECLARE_FLAG(std::string, out);

namespace hub {
namespace hubctl {
namespace {

// A file holds one JSON submission, or JSON lines of them.
absl::StatusOr<std::vector<v1::SubmitRequest>> ReadSubmissions(
    const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  std::vector<v1::SubmitRequest> out;
  v1::SubmitRequest one;
  if (ParseJson(*text, path, one.mutable_submission()).ok()) {
    out.push_back(std::move(one));
  } else {
    int line_no = 0;
    for (absl::string_view line : absl::StrSplit(*text, '\n')) {
      ++line_no;
      if (absl::StripAsciiWhitespace(line).empty()) continue;
      v1::SubmitRequest r;
      absl::Status s = ParseJson(line, absl::StrCat(path, ":", line_no),
                                 r.mutable_submission());
      if (!s.ok()) return s;
      out.push_back(std::move(r));
    }
  }
  for (auto& r : out) r.set_dry_run(absl::GetFlag(FLAGS_dry_run));
  return out;
}

absl::StatusOr<v1::Catalog> CatalogFor(HubClient& client) {
  return client.GetCatalog();
}

}  // namespace

int Submit(HubClient& client, const Args& args) {
  if (args.size() != 1) return Usage();
  auto requests = ReadSubmissions(args[0]);
  if (!requests.ok()) return Fail(requests.status());
  std::vector<v1::SubmitResponse> responses;
  // The receipts that came back are printed even when the stream broke
  // after them (e.g. hubd shutting down): each is an acknowledged
  // submission, and the rest may be sent again (a retry is answered with the
  // first receipt).
  const absl::Status streamed = client.StreamSubmit(*requests, &responses);
  int failed = 0;
  for (const v1::SubmitResponse& r : responses) {
    if (absl::GetFlag(FLAGS_json)) {
      std::cout << ToJsonLine(r) << "\n";
    } else if (r.has_error()) {
      std::cout << RejectionText(r.submission_id(), r.error());
    } else {
      std::cout << ReceiptSummary(r.receipt()) << "\n"
                << WarningsText(r.receipt());
    }
    failed += r.has_error() ? 1 : 0;
  }
  if (!streamed.ok()) {
    std::cout.flush();
    std::cerr << "hubctl" << Tr("：已收到 ", ": ") << responses.size()
              << Tr("/", " of ") << requests->size()
              << Tr(" 份回执；其余未确认\n",
                    " receipts came back; the rest are not acknowledged\n");
    return Fail(streamed);
  }
  return failed == 0 ? 0 : 1;
}

int Get(HubClient& client, const Args& args) {
  if (args.size() != 4 || (args[0] != "indicator" && args[0] != "task")) {
    return Usage();
  }
  v1::GetRecordRequest request;
  request.mutable_key()->set_kind(
      args[0] == "task" ? v1::SUBJECT_KIND_TASK : v1::SUBJECT_KIND_INDICATOR);
  request.mutable_key()->set_code(args[1]);
  request.mutable_key()->set_region_code(args[2]);
  request.mutable_key()->set_period(args[3]);
  auto record = client.GetRecord(request);
  if (absl::IsNotFound(record.status()) && args[0] == "indicator") {
    // A city's figure is often its counties' roll-up, not a record of its
    // own.
    std::cerr << "hint: for the figure rolled up from the regions below, "
                 "run: hubctl rollup "
              << args[1] << " " << args[2] << " " << args[3] << "\n";
  }
  if (!record.ok()) return Fail(record.status());
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << ToJsonLine(*record) << std::endl;
    return 0;
  }
  auto catalog = CatalogFor(client);
  if (!catalog.ok()) return Fail(catalog.status());
  std::cout << RecordDetail(*record, *catalog);
  return 0;
}

absl::StatusOr<v1::ListRecordsRequest> ListRequestFromFlags() {
  v1::ListRecordsRequest request;
  request.set_region_code(absl::GetFlag(FLAGS_region));
  request.set_period(absl::GetFlag(FLAGS_period));
  request.set_indicator_code(absl::GetFlag(FLAGS_indicator));
  request.set_task_code(absl::GetFlag(FLAGS_task));
  request.set_department(absl::GetFlag(FLAGS_department));
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  std::string state = absl::AsciiStrToUpper(absl::GetFlag(FLAGS_state));
  if (!state.empty()) {
    v1::RecordState s;
    if (!v1::RecordState_Parse("RECORD_STATE_" + state, &s)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--state: unknown state \"", absl::GetFlag(FLAGS_state),
          "\" (single_source, agreed, conflict, resolved, missing)"));
    }
    request.set_state(s);
  }
  std::string kind = absl::GetFlag(FLAGS_kind);
  if (kind == "indicator") request.set_kind(v1::SUBJECT_KIND_INDICATOR);
  if (kind == "task") request.set_kind(v1::SUBJECT_KIND_TASK);
  return request;
}

int List(HubClient& client, const Args& args) {
  if (!args.empty()) return Usage();
  auto parsed = ListRequestFromFlags();
  if (!parsed.ok()) {
    std::cerr << "hubctl: " << parsed.status().message() << "\n";
    return 2;
  }
  v1::ListRecordsRequest request = *std::move(parsed);
  auto catalog = CatalogFor(client);
  if (!catalog.ok()) return Fail(catalog.status());
  std::vector<v1::MergedRecord> records;
  std::string next;
  do {
    auto page = client.ListRecords(request);
    if (!page.ok()) return Fail(page.status());
    records.insert(records.end(), page->records().begin(),
                   page->records().end());
    next = page->next_page_token();
    request.set_page_token(next);
  } while (absl::GetFlag(FLAGS_all) && !next.empty());
  if (absl::GetFlag(FLAGS_json)) {
    for (const auto& r : records) std::cout << ToJsonLine(r) << "\n";
    return 0;
  }
  std::cout << RecordsTable(records, *catalog);
  if (Zh()) {
    std::cout << "（共 " << records.size() << " 条记录"
              << (next.empty() ? "" : "；还有更多：用 --all 或 --page_size")
              << "）\n";
  } else {
    std::cout << "(" << records.size() << " records"
              << (next.empty() ? "" : "; more: use --all or --page_size")
              << ")\n";
  }
  return 0;
}

int LogTail(HubClient& client, const Args& args) {
  if (!args.empty()) return Usage();
  uint64_t after = absl::GetFlag(FLAGS_after);
  int limit = absl::GetFlag(FLAGS_limit);
  bool follow = absl::GetFlag(FLAGS_follow);
  if (after == 0 && limit > 0 && !follow) {
    v1::ListEventsRequest probe;
    probe.set_page_size(1);
    auto head = client.ListEvents(probe);
    if (!head.ok()) return Fail(head.status());
    after = head->last_sequence() > static_cast<uint64_t>(limit)
                ? head->last_sequence() - limit
                : 0;
  }
  int printed = 0;
  while (true) {
    v1::ListEventsRequest request;
    request.set_after_sequence(after);
    request.set_page_size(1000);
    auto page = client.ListEvents(request);
    if (!page.ok()) return Fail(page.status());
    std::vector<v1::ChangeEvent> events(page->events().begin(),
                                        page->events().end());
    if (!events.empty()) {
      if (absl::GetFlag(FLAGS_json)) {
        for (const auto& e : events) std::cout << ToJsonLine(e) << "\n";
      } else {
        std::cout << EventsTable(events, LogCatalog(client));
      }
      std::cout.flush();
      printed += static_cast<int>(events.size());
    }
    // Events the caller may not read are skipped, not sent: resume_after
    // says how far the page looked.
    after = std::max({after, page->resume_after(),
                      events.empty() ? 0 : events.back().sequence()});
    if (after < page->last_sequence()) continue;
    if (!follow) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  if (!follow && !absl::GetFlag(FLAGS_json)) {
    std::cout << Tr("（共 ", "(") << printed << Tr(" 条事件）", " events)")
              << "\n";
  }
  return 0;
}

int LogVerify(HubClient& client, const Args& args) {
  v1::VerifyChainRequest request;
  uint64_t from = 0, to = 0;
  if (args.size() > 2 || (!args.empty() && !absl::SimpleAtoi(args[0], &from)) ||
      (args.size() == 2 && !absl::SimpleAtoi(args[1], &to))) {
    return Usage();
  }
  request.set_from_sequence(from);
  request.set_to_sequence(to);
  auto v = client.VerifyChain(request);
  if (!v.ok()) return Fail(v.status());
  if (v->ok()) {
    std::cout << "chain OK: " << v->events_checked() << " events ("
              << v->log_crypto() << ")\n";
    return 0;
  }
  std::cout << "chain BROKEN at sequence " << v->first_bad_sequence() << ": "
            << v->reason() << "\n";
  return 1;
}

}  // namespace hubctl
}  // namespace hub
