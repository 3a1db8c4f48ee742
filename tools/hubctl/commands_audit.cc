// hubctl's audit commands (AuditService, protos/hub/v1/audit.proto):
//   replay      events with filters, as a table or JSON lines, optionally
//               following live and reconnecting without gaps or repeats
//   history     every change of one record
//   asof        a record as of a sequence number or a time
//   receipts    the caller's accepted submissions and their sequences
// (checkpoint, prove and rebuild are in commands_proof.cc).
#include <deque>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "grpcpp/grpcpp.h"
#include "hub/audit/proof_text.h"
#include "hub/common/cst_time.h"
#include "hub/model/model.h"
#include "hub/transport/grpc_status.h"
#include "hub/v1/audit.grpc.pb.h"
#include "tools/hubctl/commands_internal.h"
#include "tools/hubctl/format.h"
#include "tools/hubctl/i18n.h"
#include "tools/hubctl/stop_signal.h"
#include "tools/hubctl/table.h"

ABSL_DECLARE_FLAG(bool, json);
ABSL_DECLARE_FLAG(bool, follow);
ABSL_DECLARE_FLAG(uint64_t, after);
ABSL_DECLARE_FLAG(std::string, region);
ABSL_DECLARE_FLAG(std::string, period);
ABSL_DECLARE_FLAG(std::string, indicator);
ABSL_DECLARE_FLAG(std::string, task);
ABSL_DECLARE_FLAG(std::string, department);
ABSL_DECLARE_FLAG(int, limit);
ABSL_FLAG(uint64_t, to, 0,
          "replay: last sequence (0: the head, or live with --follow)");
ABSL_FLAG(std::string, kinds, "",
          "replay: event kinds, comma separated, e.g. "
          "record_changed,submission_rejected");
ABSL_FLAG(uint64_t, size, 0, "checkpoint, prove: tree size (0: the whole log)");
ABSL_FLAG(
    std::string, at, "",
    "asof: a CST date (end of that day, e.g. 2024-07-25) or UTC microseconds");
ABSL_FLAG(uint64_t, at_sequence, 0, "asof: a log sequence number");
ABSL_FLAG(std::string, pubkey_out, "",
          "checkpoint: also write the server's public key here");
ABSL_FLAG(int, max_differences, 20, "rebuild: differences to list");

namespace hub {
namespace hubctl {
namespace {

std::unique_ptr<v1::AuditService::Stub> Stub(HubClient& client) {
  return v1::AuditService::NewStub(client.channel());
}

absl::StatusOr<v1::RecordKey> KeyFromArgs(const Args& args) {
  if (args.size() != 4 || (args[0] != "indicator" && args[0] != "task")) {
    return absl::InvalidArgumentError(
        "want: indicator|task CODE REGION PERIOD");
  }
  v1::RecordKey key;
  key.set_kind(args[0] == "indicator" ? v1::SUBJECT_KIND_INDICATOR
                                      : v1::SUBJECT_KIND_TASK);
  key.set_code(args[1]);
  key.set_region_code(args[2]);
  key.set_period(args[3]);
  return key;
}

absl::StatusOr<v1::ReplayFilter> FilterFromFlags() {
  v1::ReplayFilter f;
  f.set_department(absl::GetFlag(FLAGS_department));
  f.set_region_code(absl::GetFlag(FLAGS_region));
  f.set_indicator_code(absl::GetFlag(FLAGS_indicator));
  f.set_task_code(absl::GetFlag(FLAGS_task));
  f.set_period(absl::GetFlag(FLAGS_period));
  for (absl::string_view k :
       absl::StrSplit(absl::GetFlag(FLAGS_kinds), ',', absl::SkipEmpty())) {
    v1::EventKind kind;
    if (!v1::EventKind_Parse(
            absl::StrCat("EVENT_KIND_", absl::AsciiStrToUpper(k)), &kind)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--kinds: unknown kind ", k));
    }
    f.add_kinds(kind);
  }
  return f;
}

// One Replay call; *resume advances as responses arrive.
// Events of a bounded replay go to *table, printed as one table at the end.
grpc::Status ReplayOnce(HubClient& client, v1::ReplayRequest request,
                        uint64_t* resume, uint64_t* shown,
                        std::vector<v1::ChangeEvent>* table, StopSignal* stop) {
  request.set_after_sequence(*resume);
  grpc::ClientContext ctx;
  client.Prepare(&ctx);
  if (request.follow())
    ctx.set_deadline(std::chrono::system_clock::time_point::max());
  struct Unwatch {
    StopSignal* stop;
    ~Unwatch() {
      if (stop != nullptr) stop->Watch(nullptr);
    }
  } unwatch{stop};
  if (stop != nullptr) stop->Watch(&ctx);
  auto reader = Stub(client)->Replay(&ctx, request);
  v1::ReplayResponse response;
  const bool json = absl::GetFlag(FLAGS_json);
  while (reader->Read(&response)) {
    if (response.has_event()) {
      if (json) {
        std::cout << ToJsonLine(response.event()) << std::endl;
      } else if (request.follow()) {
        std::cout << EventsTable({response.event()}, LogCatalog(client))
                  << std::endl;
      } else {
        table->push_back(response.event());
      }
      ++*shown;
    }
    *resume = response.resume_after();
  }
  return reader->Finish();
}

}  // namespace

int Replay(HubClient& client, const Args& args) {
  if (!args.empty()) return Usage();
  auto filter = FilterFromFlags();
  if (!filter.ok()) return Fail(filter.status());
  v1::ReplayRequest request;
  *request.mutable_filter() = *filter;
  request.set_to_sequence(absl::GetFlag(FLAGS_to));
  request.set_follow(absl::GetFlag(FLAGS_follow));
  uint64_t resume = absl::GetFlag(FLAGS_after), shown = 0;
  std::vector<v1::ChangeEvent> table;
  // A live replay runs until Ctrl-C (or `timeout`): then it says where to
  // resume and exits 0.
  std::optional<StopSignal> stop;
  if (request.follow()) stop.emplace();
  while (true) {
    grpc::Status s = ReplayOnce(client, request, &resume, &shown, &table,
                                stop ? &*stop : nullptr);
    if (s.ok()) break;
    if (stop && stop->stopped()) {
      std::cerr << (Zh() ? absl::StrCat("hubctl：回放已停止；续读请用 --after ",
                                        resume, "\n")
                         : absl::StrCat(
                               "hubctl: replay stopped; continue with --after ",
                               resume, "\n"));
      break;
    }
    if (!request.follow() || s.error_code() != grpc::StatusCode::UNAVAILABLE) {
      return Fail(FromGrpcStatus(s));
    }
    // The hub went away: resume after the last position it confirmed.
    std::cerr << "hubctl: replay interrupted after " << resume
              << "; resuming\n";
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  if (!table.empty()) std::cout << EventsTable(table, LogCatalog(client));
  if (!absl::GetFlag(FLAGS_json)) {
    std::cout << (Zh() ? absl::StrCat("（共 ", shown,
                                      " 条事件；续读请用 --after ", resume,
                                      "）\n")
                       : absl::StrCat("(", shown, " events; resume after ",
                                      resume, ")\n"));
  }
  return 0;
}

// The caller's accepted submissions (a department sees only its own), each
// with the sequence of its SUBMISSION_ACCEPTED event (what `prove` proves),
// the hub's receipt time and the department's own clock.
int Receipts(HubClient& client, const Args& args) {
  if (!args.empty()) return Usage();
  v1::ReplayRequest request;
  request.mutable_filter()->add_kinds(v1::EVENT_KIND_SUBMISSION_ACCEPTED);
  request.set_after_sequence(absl::GetFlag(FLAGS_after));
  grpc::ClientContext ctx;
  client.Prepare(&ctx);
  auto reader = Stub(client)->Replay(&ctx, request);
  std::deque<v1::ChangeEvent> events;
  const int limit = absl::GetFlag(FLAGS_limit);
  v1::ReplayResponse response;
  while (reader->Read(&response)) {
    if (!response.has_event()) continue;
    events.push_back(response.event());
    if (limit > 0 && static_cast<int>(events.size()) > limit) {
      events.pop_front();
    }
  }
  grpc::Status s = reader->Finish();
  if (!s.ok()) return Fail(FromGrpcStatus(s));
  if (absl::GetFlag(FLAGS_json)) {
    for (const auto& e : events) std::cout << ToJsonLine(e) << "\n";
    return 0;
  }
  Names n(LogCatalog(client));
  Table t({Tr("序号", "seq"), Tr("接收时间（北京时间）", "received (CST)"),
           Tr("提交编号", "submission"), Tr("部门", "department"),
           Tr("项数", "items"),
           Tr("部门自填时间（北京时间）", "stamped by the department (CST)")});
  for (const v1::ChangeEvent& e : events) {
    const int64_t stamped = e.submission_body().submitted_at_micros();
    t.AddRow({absl::StrCat(e.sequence()), TimeText(e.time_micros()),
              e.submission().submission_id(),
              n.Department(e.submission().department()),
              absl::StrCat(e.submission().item_count()),
              stamped == 0 ? "-" : TimeText(stamped)});
  }
  std::cout << t.Render(48)
            << (Zh() ? absl::StrCat("（共 ", events.size(), " 份回执）\n")
                     : absl::StrCat("(", events.size(), " receipts)\n"));
  return 0;
}

int History(HubClient& client, const Args& args) {
  auto key = KeyFromArgs(args);
  if (!key.ok()) return Usage();
  v1::GetRecordHistoryRequest request;
  *request.mutable_key() = *key;
  v1::GetRecordHistoryResponse response;
  grpc::ClientContext ctx;
  client.Prepare(&ctx);
  grpc::Status s = Stub(client)->GetRecordHistory(&ctx, request, &response);
  if (!s.ok()) return Fail(FromGrpcStatus(s));
  if (absl::GetFlag(FLAGS_json)) {
    for (const auto& e : response.changes()) std::cout << ToJsonLine(e) << "\n";
    return 0;
  }
  std::vector<v1::ChangeEvent> changes(response.changes().begin(),
                                       response.changes().end());
  std::cout << EventsTable(changes, LogCatalog(client))
            << (Zh() ? absl::StrCat("（共 ", changes.size(), " 次变更）\n")
                     : absl::StrCat("(", changes.size(), " changes)\n"));
  return 0;
}

absl::Status SetAsOf(v1::GetRecordAsOfRequest* request) {
  const std::string at = absl::GetFlag(FLAGS_at);
  if (absl::GetFlag(FLAGS_at_sequence) != 0) {
    request->set_sequence(absl::GetFlag(FLAGS_at_sequence));
  } else if (!at.empty()) {
    int64_t micros = 0;
    if (absl::SimpleAtoi(at, &micros)) {
      request->set_time_micros(micros);
    } else {
      auto day = ParseDate(at);
      if (!day.ok()) return day.status();
      // "As of 25 July": everything the hub had learned by the end of that
      // day in China Standard Time.
      request->set_time_micros(absl::ToUnixMicros(EndOfDayCst(*day)) - 1);
    }
  }
  return absl::OkStatus();
}

int AsOf(HubClient& client, const Args& args) {
  auto key = KeyFromArgs(args);
  if (!key.ok()) return Usage();
  v1::GetRecordAsOfRequest request;
  *request.mutable_key() = *key;
  request.set_department(absl::GetFlag(FLAGS_department));
  absl::Status set = SetAsOf(&request);
  if (!set.ok()) return Fail(set);
  v1::GetRecordAsOfResponse response;
  grpc::ClientContext ctx;
  client.Prepare(&ctx);
  grpc::Status s = Stub(client)->GetRecordAsOf(&ctx, request, &response);
  if (!s.ok()) return Fail(FromGrpcStatus(s));
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << ToJsonLine(response) << "\n";
    return 0;
  }
  const v1::MergedRecord& r = response.record();
  Names n(LogCatalog(client));
  std::string learned = TimeText(response.changed_at_micros());
  if (Zh()) {
    std::cout << RecordKeyToString(r.key()) << "（有效时间：报告期 "
              << r.key().period() << "）\n截至日志序号 "
              << response.as_of_sequence() << "；最后变更于序号 "
              << response.changed_at_sequence() << "，入库于 " << learned
              << "（北京时间）\n合并值："
              << (r.value().empty() ? "无" : n.Figure(r.key(), r.value(), true))
              << "（" << StateText(r.state()) << "，版本 " << r.version()
              << "）\n";
  } else {
    std::cout << RecordKeyToString(r.key()) << " (valid time: period "
              << r.key().period() << ")\n"
              << "as of sequence " << response.as_of_sequence()
              << "; last changed at sequence " << response.changed_at_sequence()
              << ", learned " << learned << " CST\nmerged value: "
              << (r.value().empty() ? "-" : n.Figure(r.key(), r.value()))
              << " (" << StateText(r.state()) << ", version " << r.version()
              << ")\n";
  }
  for (const v1::Contribution& c : r.contributions()) {
    std::cout << "  " << n.Department(c.department()) << Tr("：", ": ")
              << n.Figure(r.key(), c.value()) << Tr("（提交 ", " (submission ")
              << c.submission_id() << Tr("，序号 ", ", sequence ")
              << c.sequence() << Tr("）", ")") << "\n";
  }
  if (!request.department().empty()) {
    std::cout << n.Department(request.department())
              << Tr(" 当时已报送：", " had reported: ")
              << (response.has_contribution()
                      ? n.Figure(r.key(), response.contribution().value())
                      : std::string(Tr("无", "nothing")))
              << "\n";
  }
  return 0;
}

}  // namespace hubctl
}  // namespace hub
