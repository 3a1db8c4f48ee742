#include "tools/hubctl/commands.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"
#include "hub/common/file_util.h"
#include "tools/demo/demo_data.h"
#include "tools/hubctl/client.h"
#include "tools/hubctl/commands_internal.h"
#include "tools/hubctl/format.h"
#include "tools/hubctl/i18n.h"
#include "tools/hubctl/table.h"

ABSL_FLAG(std::string, addr, "",
          "hubd address (default $HUB_ADDR or 127.0.0.1:50051)");
ABSL_FLAG(std::string, as, "",
          "who you are, e.g. finance@350400 (default $HUB_PRINCIPAL; required "
          "unless a client certificate says it)");
ABSL_FLAG(std::string, tls_cert, "", "client certificate (PEM): mutual TLS");
ABSL_FLAG(std::string, tls_key, "", "client private key (PEM)");
ABSL_FLAG(std::string, tls_ca, "", "CA of the server certificate (PEM)");
ABSL_FLAG(std::string, request_id, "",
          "sent as x-request-id, so the call can be found in hubd's log");
ABSL_FLAG(bool, json, false, "print JSON lines instead of tables");
ABSL_FLAG(bool, dry_run, false, "submit: report outcomes without writing");
ABSL_FLAG(std::string, region, "", "list: region code (its whole subtree)");
ABSL_FLAG(std::string, period, "", "list: period, e.g. 2024H1");
ABSL_FLAG(std::string, indicator, "", "list: indicator code");
ABSL_FLAG(std::string, task, "", "list: task code");
ABSL_FLAG(std::string, department, "", "list: contributing department");
ABSL_FLAG(std::string, state, "",
          "list: single_source|agreed|conflict|resolved|missing; views: their "
          "states, comma separated (see usage)");
ABSL_FLAG(std::string, kind, "", "list: indicator|task");
ABSL_FLAG(int, page_size, 50, "list: records per page");
ABSL_FLAG(bool, all, false, "list: follow every page");
ABSL_FLAG(uint64_t, after, 0, "log tail: start after this sequence");
ABSL_FLAG(int, limit, 50, "log tail: events to print (0: all)");
ABSL_FLAG(bool, follow, false, "log tail: keep polling for new events");
ABSL_FLAG(std::string, out, "", "demo generate: output file (default stdout)");

namespace hub {
namespace hubctl {

int Usage() {
  std::cerr
      << "usage: hubctl [flags] COMMAND ...\n"
         "  catalog load FILE|DIR...        load catalog JSON (reform office)\n"
         "  catalog show [departments|regions|indicators|plans|tasks]\n"
         "  catalog show department|region|indicator|plan|task CODE   one "
         "entry\n"
         "  catalog find TEXT               by code or Chinese name\n"
         "  export [records|contributions] [--format xlsx|csv|jsonl "
         "--encoding\n"
         "          utf-8|gb18030 --out FILE] [list's filters]   a file for "
         "Excel/WPS\n"
         "  export rollup|attainment|reporting|ledger|laggards [the view's "
         "arguments]\n"
         "          [--format --encoding --out]   an analyst view as a file\n"
         "  report --region R --period P [--out FILE]   the one-page HTML "
         "report\n"
         "  submit FILE [--dry_run]         JSON submission, or JSON lines of "
         "them\n"
         "  get indicator|task CODE REGION PERIOD\n"
         "  list [--region --period --indicator --task --department --state "
         "--kind --all]\n"
         "  log tail [--after N --limit N --follow]\n"
         "  log verify [FROM [TO]]          recompute the hash chain\n"
         "  replay [--after N --to N --follow --kinds K,.. --department "
         "--region\n"
         "          --indicator --task --period --json]   filtered events\n"
         "  history indicator|task CODE REGION PERIOD      every change\n"
         "  asof indicator|task CODE REGION PERIOD --at DATE|MICROS | "
         "--at_sequence N\n"
         "          [--department D]        the record as the hub knew it "
         "then\n"
         "  key [--out FILE]                the checkpoint key and log crypto "
         "suite\n"
         "  checkpoint [--size N --out FILE --pubkey_out FILE]  signed tree "
         "head\n"
         "  receipts [--after N --limit N]  your accepted submissions and "
         "their sequences\n"
         "  prove SEQ|--submission ID [--checkpoint FILE|--size N --out FILE]\n"
         "                                  inclusion proof of an event, for a "
         "saved checkpoint\n"
         "  prove consistency OLD [NEW]     consistency proof between sizes or "
         "checkpoint files\n"
         "  rebuild [--max_differences N]   recompute records from the log\n"
         "  demo generate [--out FILE]      the demo year as JSON lines\n"
         "  demo load [CATALOG_DIR]         submit the demo year, each report "
         "at\n"
         "                                  its receipt date on a hubd "
         "--demo_clock\n"
         "                                  (with CATALOG_DIR: that catalog "
         "first)\n"
         "  import --department D --period P FILE [--dry_run --valid_rows_only "
         "--encoding E]\n"
         "                                  a department's CSV export via its "
         "adapter\n"
         "  conflicts list [--region --period --indicator --department --all]\n"
         "  resolve CODE REGION PERIOD (--choose DEPT | --value V) --reason "
         "TEXT [--etag E]\n"
         "  approve|lock|unlock REGION PERIOD --reason TEXT   (reform office)\n"
         "  locks                           approved and locked periods\n"
         "  admin status                    store, disk, recovery, log head "
         "(operator)\n"
         "  backup | backups                take an online backup | list them "
         "(operator)\n"
         "  admin accept-rollback --reason TEXT  go on after the log went "
         "backwards\n"
         "  (restore: hubd --restore_from=BACKUP_DIR --data_dir=NEW_DIR)\n"
         "analyst views (--json for JSON lines; --all for every page):\n"
         "  rollup INDICATOR REGION PERIOD  | rollup --region R --period P "
         "[--indicator a,b]\n"
         "  attainment --period P [--region --indicator --plan --state "
         "met,on_track,at_risk,missed,no_data]\n"
         "  reporting [--region --plan --period --department --state "
         "on_time,late,partial,missing,not_due]\n"
         "  ledger PLAN [--region --period --department --state "
         "unreported,in_progress,.. --overdue]\n"
         "  laggards PLAN [--region --period --limit N]\n"
         "  watch [--region --indicator a,b --period --after N --to N "
         "--follow]\n"
         "flags: --addr --as --json --tls_cert --tls_key --tls_ca (see "
         "--help)\n"
         "       --lang zh|en (default $HUB_LANG or zh) --wan (money in 万元)\n"
         "       --ambiguous_width 2|1 (how your terminal draws … “ ” ※ №)\n";
  return 2;
}

int Fail(const absl::Status& status) {
  std::cerr << "hubctl: " << ErrorText(status) << std::endl;
  return 1;
}

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

namespace {

absl::StatusOr<std::unique_ptr<HubClient>> Connect() {
  ClientOptions o;
  o.address = absl::GetFlag(FLAGS_addr).empty()
                  ? EnvOr("HUB_ADDR", "127.0.0.1:50051")
                  : absl::GetFlag(FLAGS_addr);
  o.principal = absl::GetFlag(FLAGS_as).empty() ? EnvOr("HUB_PRINCIPAL", "")
                                                : absl::GetFlag(FLAGS_as);
  o.tls_cert_file = absl::GetFlag(FLAGS_tls_cert);
  if (o.principal.empty() && o.tls_cert_file.empty()) {
    // No default: the most privileged principal would be the wrong one,
    // and any other a guess.
    return absl::InvalidArgumentError(
        "say who you are: --as <principal> (e.g. --as analyst@350400) or "
        "HUB_PRINCIPAL, or a client certificate (--tls_cert)");
  }
  o.tls_key_file = absl::GetFlag(FLAGS_tls_key);
  o.tls_ca_file = absl::GetFlag(FLAGS_tls_ca);
  o.request_id = absl::GetFlag(FLAGS_request_id);
  return HubClient::Connect(o);
}

}  // namespace

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  return ReadFileToString(path);
}

absl::Status ParseJson(absl::string_view text, const std::string& where,
                       google::protobuf::Message* out) {
  auto s = google::protobuf::util::JsonStringToMessage(std::string(text), out);
  if (!s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": ", std::string(s.message())));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Catalog> ReadCatalogFiles(const Args& paths) {
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::directory_iterator(p)) {
        if (e.path().extension() == ".json") files.push_back(e.path().string());
      }
    } else {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  v1::Catalog all;
  for (const std::string& f : files) {
    auto text = ReadFile(f);
    if (!text.ok()) return text.status();
    v1::Catalog part;
    absl::Status s = ParseJson(*text, f, &part);
    if (!s.ok()) return s;
    all.MergeFrom(part);
  }
  return all;
}

namespace {

// --- catalog ---------------------------------------------------------------

int CatalogLoad(HubClient& client, const Args& paths) {
  if (paths.empty()) return Usage();
  auto catalog = ReadCatalogFiles(paths);
  if (!catalog.ok()) return Fail(catalog.status());
  v1::UpdateCatalogRequest request;
  *request.mutable_catalog() = *catalog;
  auto response = client.UpdateCatalog(request);
  if (!response.ok()) return Fail(response.status());
  std::cout << "catalog: " << catalog->departments_size() << " departments, "
            << catalog->regions_size() << " regions, "
            << catalog->indicators_size() << " indicators, "
            << catalog->plans_size() << " plans, " << catalog->tasks_size()
            << " tasks; "
            << (response->sequence() == 0 ? std::string("unchanged")
                                          : absl::StrCat("changed at sequence ",
                                                         response->sequence()))
            << std::endl;
  return 0;
}

}  // namespace
}  // namespace hubctl

int RunHubctl(const std::vector<std::string>& args) {
  using namespace hubctl;  // NOLINT

  if (absl::Status s = InitDisplayFromFlags(); !s.ok()) {
    std::cerr << "hubctl: " << s.message() << "\n";
    return 2;
  }
  if (args.empty()) return Usage();
  const std::string& cmd = args[0];
  std::string sub = args.size() > 1 ? args[1] : "";
  Args rest(args.begin() + std::min<size_t>(args.size(), 2), args.end());
  if (cmd == "demo" && sub == "generate") return DemoGenerate(rest);
  auto client = Connect();
  if (!client.ok()) return Fail(client.status());
  HubClient& c = **client;
  if (cmd == "catalog" && sub == "load") return CatalogLoad(c, rest);
  if (cmd == "catalog" && sub == "show") return CatalogShow(c, rest);
  if (cmd == "catalog" && sub == "find") return CatalogFind(c, rest);
  if (cmd == "export") return Export(c, Args(args.begin() + 1, args.end()));
  if (cmd == "submit") return Submit(c, Args(args.begin() + 1, args.end()));
  if (cmd == "get") return Get(c, Args(args.begin() + 1, args.end()));
  if (cmd == "list") return List(c, Args(args.begin() + 1, args.end()));
  if (cmd == "log" && sub == "tail") return LogTail(c, rest);
  if (cmd == "log" && sub == "verify") return LogVerify(c, rest);
  if (cmd == "demo" && sub == "load") return DemoLoad(c, rest);
  if (cmd == "import") return Import(c, Args(args.begin() + 1, args.end()));
  if (cmd == "conflicts" && sub == "list") return ConflictsList(c, rest);
  if (cmd == "resolve") return Resolve(c, Args(args.begin() + 1, args.end()));
  if (cmd == "approve") return Approve(c, Args(args.begin() + 1, args.end()));
  if (cmd == "lock") return Lock(c, Args(args.begin() + 1, args.end()));
  if (cmd == "unlock") return Unlock(c, Args(args.begin() + 1, args.end()));
  if (cmd == "locks") return Locks(c, Args(args.begin() + 1, args.end()));
  if (cmd == "replay") return Replay(c, Args(args.begin() + 1, args.end()));
  if (cmd == "history") return History(c, Args(args.begin() + 1, args.end()));
  if (cmd == "asof") return AsOf(c, Args(args.begin() + 1, args.end()));
  if (cmd == "key") return Key(c, Args(args.begin() + 1, args.end()));
  if (cmd == "receipts") return Receipts(c, Args(args.begin() + 1, args.end()));
  if (cmd == "checkpoint")
    return Checkpoint(c, Args(args.begin() + 1, args.end()));
  if (cmd == "prove") return Prove(c, Args(args.begin() + 1, args.end()));
  if (cmd == "rebuild") return Rebuild(c, Args(args.begin() + 1, args.end()));
  if (cmd == "admin" && sub == "status") return AdminStatus(c, rest);
  if (cmd == "admin" && sub == "accept-rollback")
    return AcceptRollback(c, rest);
  if (cmd == "backup") return Backup(c, Args(args.begin() + 1, args.end()));
  if (cmd == "backups") return Backups(c, Args(args.begin() + 1, args.end()));
  if (cmd == "rollup") return Rollup(c, Args(args.begin() + 1, args.end()));
  if (cmd == "attainment")
    return Attainment(c, Args(args.begin() + 1, args.end()));
  if (cmd == "reporting")
    return Reporting(c, Args(args.begin() + 1, args.end()));
  if (cmd == "ledger") return Ledger(c, Args(args.begin() + 1, args.end()));
  if (cmd == "laggards") return Laggards(c, Args(args.begin() + 1, args.end()));
  if (cmd == "watch") return Watch(c, Args(args.begin() + 1, args.end()));
  if (cmd == "report") return Report(c, Args(args.begin() + 1, args.end()));
  return Usage();
}

}  // namespace hub
