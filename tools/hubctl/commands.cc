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
#include "tools/hubctl/table.h"

ABSL_FLAG(std::string, addr, "",
          "hubd address (default $HUB_ADDR or 127.0.0.1:50051)");
ABSL_FLAG(std::string, as, "",
          "who you are, e.g. finance@350400 (default $HUB_PRINCIPAL; required "
          "unless a client certificate says it)");
ABSL_FLAG(std::string, tls_cert, "", "client certificate (PEM): mutual TLS");
ABSL_FLAG(std::string, tls_key, "", "client private key (PEM)");
ABSL_FLAG(std::string, tls_ca, "", "CA of the server certificate (PEM)");
ABSL_FLAG(bool, json, false, "print JSON lines instead of tables");
ABSL_FLAG(bool, dry_run, false, "submit: report outcomes without writing");
ABSL_FLAG(std::string, region, "", "list: region code (its whole subtree)");
ABSL_FLAG(std::string, period, "", "list: period, e.g. 2024H1");
ABSL_FLAG(std::string, indicator, "", "list: indicator code");
ABSL_FLAG(std::string, task, "", "list: task code");
ABSL_FLAG(std::string, department, "", "list: contributing department");
ABSL_FLAG(std::string, state, "",
          "list: single_source|agreed|conflict|resolved|missing");
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
         "  checkpoint [--size N --out FILE --pubkey_out FILE]  signed tree "
         "head\n"
         "  prove SEQ [--size N --out FILE] inclusion proof of an event\n"
         "  prove consistency OLD [NEW]     consistency proof between sizes\n"
         "  rebuild [--max_differences N]   recompute records from the log\n"
         "  demo generate [--out FILE]      the demo year as JSON lines\n"
         "  demo load [DIR]                 generate and submit the demo year\n"
         "  import --department D --period P FILE [--dry_run --valid_rows_only "
         "--encoding E]\n"
         "                                  a department's CSV export via its "
         "adapter\n"
         "  conflicts list [--region --period --indicator --department --all]\n"
         "  resolve CODE REGION PERIOD (--choose DEPT | --value V) --reason "
         "TEXT [--etag E]\n"
         "  approve|lock|unlock REGION PERIOD --reason TEXT   (reform office)\n"
         "  locks                           approved and locked periods\n"
         "flags: --addr --as --json --tls_cert --tls_key --tls_ca (see "
         "--help)\n";
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

namespace {

// --- catalog ---------------------------------------------------------------

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

int CatalogShow(HubClient& client, const Args& args) {
  auto catalog = client.GetCatalog();
  if (!catalog.ok()) return Fail(catalog.status());
  std::string what = args.empty() ? "indicators" : args[0];
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << ToJsonLine(*catalog) << std::endl;
    return 0;
  }
  if (what == "departments") {
    Table t({"code", "name"});
    for (const auto& d : catalog->departments()) t.AddRow({d.code(), d.name()});
    std::cout << t.Render();
  } else if (what == "regions") {
    Table t({"code", "name", "parent"});
    for (const auto& r : catalog->regions())
      t.AddRow({r.code(), r.name(), r.parent_code()});
    std::cout << t.Render();
  } else if (what == "indicators") {
    Table t({"code", "name", "unit", "owner", "targets"});
    for (const auto& i : catalog->indicators()) {
      std::vector<std::string> targets;
      for (const auto& x : i.targets()) targets.push_back(x.source_text());
      t.AddRow({i.code(), i.name(), i.unit(), i.owner_department(),
                absl::StrJoin(targets, "; ")});
    }
    std::cout << t.Render(36);
  } else if (what == "plans") {
    Table t({"code", "document", "region", "issued", "reporting dates"});
    for (const auto& p : catalog->plans()) {
      t.AddRow({p.code(), p.document_number(), p.region_code(), p.issued_on(),
                absl::StrJoin(p.reporting_dates(), " ")});
    }
    std::cout << t.Render(40);
  } else if (what == "tasks") {
    Table t({"code", "title", "lead", "deadline"});
    for (const auto& k : catalog->tasks()) {
      t.AddRow({k.code(), k.title(), absl::StrJoin(k.lead_departments(), ","),
                k.deadline().source_text().empty()
                    ? k.deadline().value()
                    : k.deadline().source_text()});
    }
    std::cout << t.Render(36);
  } else {
    return Usage();
  }
  return 0;
}

}  // namespace
}  // namespace hubctl

int RunHubctl(const std::vector<std::string>& args) {
  using namespace hubctl;  // NOLINT

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
  if (cmd == "checkpoint")
    return Checkpoint(c, Args(args.begin() + 1, args.end()));
  if (cmd == "prove") return Prove(c, Args(args.begin() + 1, args.end()));
  if (cmd == "rebuild") return Rebuild(c, Args(args.begin() + 1, args.end()));
  return Usage();
}

}  // namespace hub
