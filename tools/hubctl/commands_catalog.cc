// hubctl's catalog lookups:
//   catalog show departments|regions|indicators|plans|tasks   tables
//   catalog show department|region|indicator|plan|task CODE   one entry whole
//   catalog find TEXT       entries whose code or Chinese name contains TEXT
// Names are the catalog's Chinese ones, with codes beside them; codes are
// never truncated. --json prints the catalog, the entry or the matches as
// JSON lines.
#include <iostream>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "hub/common/figures.h"
#include "tools/hubctl/catalog_entries.h"
#include "tools/hubctl/commands_internal.h"
#include "tools/hubctl/format.h"
#include "tools/hubctl/i18n.h"
#include "tools/hubctl/table.h"

ABSL_DECLARE_FLAG(bool, json);

namespace hub {
namespace hubctl {
namespace {
void ShowTable(const v1::Catalog& c, const std::string& what, const Names& n) {
  if (what == "departments") {
    Table t({Tr("代码", "code"), Tr("名称", "name")});
    for (const auto& d : c.departments()) t.AddRow({d.code(), d.name()});
    std::cout << t.Render();
  } else if (what == "regions") {
    Table t({Tr("代码", "code"), Tr("名称", "name"), Tr("上级", "parent")});
    for (const auto& r : c.regions()) {
      t.AddRow({r.code(), r.name(),
                r.parent_code().empty() ? "" : n.Region(r.parent_code())});
    }
    std::cout << t.Render();
  } else if (what == "indicators") {
    Table t({Tr("代码", "code"), Tr("名称", "name"), Tr("单位", "unit"),
             Tr("责任部门", "owner"), Tr("目标", "targets")});
    for (const auto& i : c.indicators()) {
      std::vector<std::string> targets;
      for (const auto& x : i.targets()) targets.push_back(x.source_text());
      t.AddRow({i.code(), i.name(), i.unit(),
                n.Department(i.owner_department()),
                absl::StrJoin(targets, "; ")});
    }
    t.SetMaxWidth(0, Table::kNoLimit);
    std::cout << t.Render(36);
  } else if (what == "plans") {
    Table t({Tr("代码", "code"), Tr("文号", "document"), Tr("辖区", "region"),
             Tr("印发日期", "issued"), Tr("报送日期", "reporting dates")});
    for (const auto& p : c.plans()) {
      t.AddRow({p.code(), p.document_number(), n.Region(p.region_code()),
                p.issued_on(), absl::StrJoin(p.reporting_dates(), " ")});
    }
    std::cout << t.Render(40);
  } else if (what == "tasks") {
    Table t({Tr("代码", "code"), Tr("标题", "title"), Tr("牵头单位", "lead"),
             Tr("完成时限", "deadline")});
    for (const auto& k : c.tasks()) {
      std::vector<std::string> lead;
      for (const auto& d : k.lead_departments())
        lead.push_back(n.Department(d));
      t.AddRow({k.code(), k.title(), absl::StrJoin(lead, ","),
                k.deadline().source_text().empty()
                    ? k.deadline().value()
                    : k.deadline().source_text()});
    }
    t.SetMaxWidth(0, Table::kNoLimit);
    std::cout << t.Render(36);
  }
}

const char* KindZh(const std::string& kind) {
  if (kind == "department") return "部门";
  if (kind == "region") return "区划";
  if (kind == "indicator") return "指标";
  if (kind == "plan") return "计划";
  return "任务";
}

bool Matches(absl::string_view field, absl::string_view needle) {
  return absl::StrContains(absl::AsciiStrToLower(field),
                           absl::AsciiStrToLower(needle));
}

}  // namespace

int CatalogShow(HubClient& client, const Args& args) {
  std::string what = args.empty() ? "indicators" : args[0];
  static const char* const kTables[] = {"departments", "regions", "indicators",
                                        "plans", "tasks"};
  static const char* const kEntries[] = {"department", "region", "indicator",
                                         "plan", "task"};
  bool table = std::find(std::begin(kTables), std::end(kTables), what) !=
               std::end(kTables);
  bool entry = std::find(std::begin(kEntries), std::end(kEntries), what) !=
               std::end(kEntries);
  if ((table && args.size() > 1) || (entry && args.size() != 2) ||
      (!table && !entry)) {
    return Usage();
  }
  auto catalog = client.GetCatalog();
  if (!catalog.ok()) return Fail(catalog.status());
  Names n(&*catalog);
  if (entry) {
    if (ShowCatalogEntry(*catalog, what, args[1], n)) return 0;
    std::cerr << "hubctl: "
              << (Zh() ? absl::StrCat("目录中没有", KindZh(what), " “", args[1],
                                      "”；试试 hubctl catalog find ", args[1])
                       : absl::StrCat("no ", what, " \"", args[1],
                                      "\" in the catalog; try hubctl catalog "
                                      "find ",
                                      args[1]))
              << "\n";
    return 1;
  }
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << ToJsonLine(*catalog) << std::endl;
    return 0;
  }
  ShowTable(*catalog, what, n);
  return 0;
}

int CatalogFind(HubClient& client, const Args& args) {
  if (args.size() != 1 || args[0].empty()) return Usage();
  auto catalog = client.GetCatalog();
  if (!catalog.ok()) return Fail(catalog.status());
  const std::string& q = args[0];
  const bool json = absl::GetFlag(FLAGS_json);
  Table t({Tr("类别", "kind"), Tr("代码", "code"), Tr("名称", "name")});
  size_t found = 0;
  auto add = [&](const char* kind_zh, const char* kind,
                 const google::protobuf::Message& m, const std::string& code,
                 const std::string& name) {
    ++found;
    if (json) {
      std::cout << "{\"kind\":\"" << kind << "\",\"entry\":" << ToJsonLine(m)
                << "}\n";
    } else {
      t.AddRow({Zh() ? absl::StrCat(kind_zh, " ", kind) : kind, code, name});
    }
  };
  for (const auto& d : catalog->departments())
    if (Matches(d.code(), q) || Matches(d.name(), q))
      add("部门", "department", d, d.code(), d.name());
  for (const auto& r : catalog->regions())
    if (Matches(r.code(), q) || Matches(r.name(), q))
      add("区划", "region", r, r.code(), r.name());
  for (const auto& i : catalog->indicators())
    if (Matches(i.code(), q) || Matches(i.name(), q))
      add("指标", "indicator", i, i.code(), i.name());
  for (const auto& p : catalog->plans())
    if (Matches(p.code(), q) || Matches(p.document_number(), q) ||
        Matches(p.title(), q))
      add("计划", "plan", p, p.code(),
          absl::StrCat(p.document_number(), " ", p.title()));
  for (const auto& k : catalog->tasks())
    if (Matches(k.code(), q) || Matches(k.title(), q))
      add("任务", "task", k, k.code(), k.title());
  if (json) return found == 0 ? 1 : 0;
  t.SetMaxWidth(1, Table::kNoLimit);
  t.SetMaxWidth(2, Table::kNoLimit);
  std::cout << t.Render()
            << (Zh() ? absl::StrCat(
                           "（", found,
                           " 项；详情：hubctl catalog show <类别> <代码>）\n")
                     : absl::StrCat("(", found,
                                    " entries; details: hubctl catalog show "
                                    "<kind> <code>)\n"));
  return found == 0 ? 1 : 0;
}

}  // namespace hubctl
}  // namespace hub
