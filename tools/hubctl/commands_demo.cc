// hubctl's demo commands: the demo year as JSON lines, and its load into a
// hub, each report delivered at the date the hub received it.
#include <fstream>
#include <iostream>
#include <set>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "tools/demo/demo_data.h"
#include "tools/hubctl/commands_internal.h"
#include "tools/hubctl/format.h"
#include "tools/hubctl/i18n.h"

ABSL_DECLARE_FLAG(std::string, out);

namespace hub {
namespace hubctl {

int DemoGenerate(const Args& args) {
  std::vector<std::string> dirs = args.empty() ? Args{"tools/catalog"} : args;
  v1::Catalog catalog;
  for (const std::string& dir : dirs) {
    for (const char* f : {"departments", "regions", "indicators", "plan_sm2024",
                          "plan_ny2022", "plan_qj2022", "plan_zz2021"}) {
      auto text = ReadFile(absl::StrCat(dir, "/", f, ".json"));
      if (!text.ok()) return Fail(text.status());
      v1::Catalog part;
      absl::Status s = ParseJson(*text, f, &part);
      if (!s.ok()) return Fail(s);
      catalog.MergeFrom(part);
    }
  }
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (!absl::GetFlag(FLAGS_out).empty()) {
    file.open(absl::GetFlag(FLAGS_out));
    out = &file;
  }
  for (const DemoSubmission& d : GenerateDemo(catalog)) {
    *out << ToJsonLine(d.submission) << "\n";
  }
  return 0;
}

namespace {

// Loads the catalog in dir at the demo's start (its first transaction time).
int LoadDemoCatalog(HubClient& client, const std::string& dir) {
  auto catalog = ReadCatalogFiles({dir});
  if (!catalog.ok()) return Fail(catalog.status());
  client.set_demo_time_micros(DemoCatalogMicros(*catalog));
  v1::UpdateCatalogRequest request;
  *request.mutable_catalog() = *catalog;
  auto response = client.UpdateCatalog(request);
  if (!response.ok()) return Fail(response.status());
  const std::string at = TimeText(DemoCatalogMicros(*catalog));
  if (Zh()) {
    std::cout << "demo：目录 " << dir
              << (response->sequence() == 0
                      ? std::string(" 未变")
                      : absl::StrCat(" 已载入，日志序号 ", response->sequence(),
                                     "，", at, "（北京时间）"))
              << "\n";
  } else {
    std::cout << "demo: catalog from " << dir << " "
              << (response->sequence() == 0
                      ? std::string("unchanged")
                      : absl::StrCat("loaded at sequence ",
                                     response->sequence(), ", ", at, " CST"))
              << "\n";
  }
  return 0;
}

void PrintDemoSummary(size_t accepted, size_t replayed, size_t rejected,
                      size_t items, size_t principals, size_t moved) {
  if (Zh()) {
    std::cout << "demo：接受 " << accepted << " 份报送，已存在 " << replayed
              << " 份，拒绝 " << rejected << " 份；共 " << items << " 项，来自 "
              << principals << " 个部门账号\n";
    if (moved > 0) {
      std::cout << "demo：" << moved
                << " 份报告的入库时间晚于其接收日期：hubd 启动时没有加 "
                   "--demo_clock，或其日志已越过该日期（请将演示数据载入"
                   "新的枢纽）\n";
    }
    return;
  }
  std::cout << "demo: " << accepted << " submissions accepted, " << replayed
            << " already present, " << rejected << " rejected; " << items
            << " items from " << principals << " department principals\n";
  if (moved > 0) {
    std::cout << "demo: " << moved
              << " reports were logged at a later time than their receipt "
                 "date: the hub was not started with --demo_clock, or its "
                 "log had already moved past the date (load the demo into a "
                 "fresh hub)\n";
  }
}

}  // namespace

// Each report goes in on its own call as its department, asking the hub for
// the demo's receipt time (honoured by hubd --demo_clock), in the order the
// year delivers them; the log's transaction times are then those dates.
int DemoLoad(HubClient& client, const Args& args) {
  if (args.size() > 1) return Usage();
  if (args.size() == 1) {
    int loaded = LoadDemoCatalog(client, args[0]);
    if (loaded != 0) return loaded;
  }
  auto catalog = client.GetCatalog();
  if (!catalog.ok()) return Fail(catalog.status());
  if (catalog->plans().empty()) {
    std::cerr << Tr(
        "hubctl：目录为空；请运行 `hubctl demo load "
        "tools/catalog`（或 `hubctl catalog load tools/catalog`）\n",
        "hubctl: the catalog is empty; run `hubctl demo load "
        "tools/catalog` (or `hubctl catalog load "
        "tools/catalog`)\n");
    return 1;
  }
  // The year of every jurisdiction of the seed files (the hub shows a
  // caller only its own subtree); each report goes as its department of its
  // jurisdiction, and the hub checks each. Without the seed files at hand
  // (hubctl run outside the checkout), the year of the caller's subtree.
  auto seed = ReadCatalogFiles({args.empty() ? "tools/catalog" : args[0]});
  if (!seed.ok() && !args.empty()) return Fail(seed.status());
  std::vector<DemoSubmission> demo = GenerateDemo(seed.ok() ? *seed : *catalog);
  std::set<std::string> principals;
  size_t items = 0, accepted = 0, replayed = 0, rejected = 0, moved = 0;
  for (const DemoSubmission& d : demo) {
    principals.insert(d.principal);
    client.set_principal(d.principal);
    client.set_demo_time_micros(d.received_at_micros);
    v1::SubmitRequest request;
    *request.mutable_submission() = d.submission;
    auto response = client.Submit(request);
    if (!response.ok()) {
      ++rejected;
      std::cerr << d.submission.submission_id() << Tr("：", ": ")
                << absl::StripTrailingAsciiWhitespace(
                       ErrorText(response.status()))
                << "\n";
      continue;
    }
    const v1::Receipt& r = response->receipt();
    r.replayed() ? ++replayed : ++accepted;
    if (!r.replayed() && r.accepted_at_micros() != d.received_at_micros) {
      ++moved;  // not a demo-clock hub, or its log had moved on
    }
    items += r.items_size();
  }
  client.set_demo_time_micros(0);
  PrintDemoSummary(accepted, replayed, rejected, items, principals.size(),
                   moved);
  return rejected == 0 ? 0 : 1;
}

}  // namespace hubctl
}  // namespace hub
