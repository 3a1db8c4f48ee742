// hubctl: the reform office's stewardship commands: conflicts, resolve,
// approve, lock, unlock, locks.
#include <iostream>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "hub/model/model.h"
#include "tools/hubctl/commands_internal.h"
#include "tools/hubctl/format.h"
#include "tools/hubctl/i18n.h"
#include "tools/hubctl/table.h"

ABSL_FLAG(std::string, reason, "",
          "resolve/approve/lock/unlock: why (mandatory)");
ABSL_FLAG(std::string, choose, "",
          "resolve: pick this department's contribution");
ABSL_FLAG(std::string, value, "", "resolve: enter this value instead");
ABSL_FLAG(std::string, etag, "",
          "resolve: the record's etag as read (default: read it now)");

ABSL_DECLARE_FLAG(bool, json);
ABSL_DECLARE_FLAG(std::string, region);
ABSL_DECLARE_FLAG(std::string, period);
ABSL_DECLARE_FLAG(std::string, indicator);
ABSL_DECLARE_FLAG(std::string, department);
ABSL_DECLARE_FLAG(int, page_size);
ABSL_DECLARE_FLAG(bool, all);

namespace hub {
namespace hubctl {
namespace {

// "medical_insurance 640.00 vs finance 670.00 (diff 30.00 > 1.00)" /
// "医保局 640.00 与 财政局 670.00 相差 30.00（容差 1.00）": every figure
// whole, at the indicator's precision.
std::string ConflictText(const v1::MergedRecord& r, const Names& n) {
  std::vector<std::string> parts;
  for (const auto& c : r.conflicts()) {
    std::string v = n.Figure(r.key(), c.value());
    std::string ref = n.Figure(r.key(), c.reference_value());
    std::string diff = n.Figure(r.key(), c.difference());
    std::string tol = n.Figure(r.key(), c.tolerance());
    parts.push_back(
        Zh() ? absl::StrCat(n.Department(c.department()), " ", v, " 与 ",
                            n.Department(c.reference_department()), " ", ref,
                            " 相差 ", diff, "（容差 ", tol, "）")
             : absl::StrCat(c.department(), " ", v, " vs ",
                            c.reference_department(), " ", ref, " (diff ", diff,
                            " > ", tol, ")"));
  }
  return absl::StrJoin(parts, Tr("；", "; "));
}

std::string LockTable(const std::vector<v1::PeriodLock>& locks) {
  Table t({Tr("区划", "region"), Tr("报告期", "period"),
           Tr("审定人", "approved by"), Tr("锁定", "locked"),
           Tr("锁定人", "locked by"), Tr("理由", "reason")});
  for (const auto& l : locks) {
    t.AddRow({l.region_code(), l.period(), l.approved_by(),
              l.locked() ? Tr("已锁定", "LOCKED") : Tr("未锁定", "open"),
              l.locked_by(),
              l.locked() ? l.lock_reason() : l.approval_reason()});
  }
  return t.Render(40);
}

int PrintLock(const absl::StatusOr<v1::PeriodLock>& lock, const char* verb_zh,
              const char* verb) {
  if (!lock.ok()) return Fail(lock.status());
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << ToJsonLine(*lock) << std::endl;
    return 0;
  }
  std::vector<std::string> state;
  if (lock->approved()) state.push_back(Tr("已审定", "approved"));
  state.push_back(lock->locked() ? Tr("已锁定", "locked")
                                 : Tr("未锁定", "open"));
  std::cout << lock->region_code() << " " << lock->period() << Tr("：", ": ")
            << Tr(verb_zh, verb) << Tr("（现为", " [now ")
            << absl::StrJoin(state, Tr("、", ", ")) << Tr("）", "]")
            << std::endl;
  return 0;
}

// approve|lock|unlock REGION PERIOD --reason TEXT
absl::StatusOr<v1::PeriodRequest> PeriodArgs(const Args& args) {
  if (args.size() != 2) {
    return absl::InvalidArgumentError("expected REGION PERIOD --reason TEXT");
  }
  v1::PeriodRequest r;
  r.set_region_code(args[0]);
  r.set_period(args[1]);
  r.set_reason(absl::GetFlag(FLAGS_reason));
  return r;
}

}  // namespace

int ConflictsList(HubClient& client, const Args& args) {
  if (!args.empty()) return Usage();
  v1::ListRecordsRequest request;
  request.set_region_code(absl::GetFlag(FLAGS_region));
  request.set_period(absl::GetFlag(FLAGS_period));
  request.set_indicator_code(absl::GetFlag(FLAGS_indicator));
  request.set_department(absl::GetFlag(FLAGS_department));
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  std::vector<v1::MergedRecord> records;
  std::string next;
  do {
    auto page = client.ListConflicts(request);
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
  auto catalog = LogCatalog(client);
  Names n(catalog);
  Table t({Tr("指标", "indicator"), Tr("区划", "region"),
           Tr("报告期", "period"), Tr("值", "value"), Tr("冲突", "conflict"),
           "etag"});
  for (const auto& r : records) {
    t.AddRow({r.key().code(),
              Zh() ? n.Region(r.key().region_code()) : r.key().region_code(),
              r.key().period(),
              r.value().empty() ? Tr("（无）", "(none)")
                                : n.Figure(r.key(), r.value()),
              ConflictText(r, n), r.etag()});
  }
  for (size_t c : {0, 1, 3, 4, 5}) t.SetMaxWidth(c, Table::kNoLimit);
  std::cout << t.Render(40);
  if (Zh()) {
    std::cout << "（" << records.size() << " 个未决冲突"
              << (next.empty() ? "" : "；还有更多：用 --all") << "）\n";
  } else {
    std::cout << "(" << records.size() << " open conflicts"
              << (next.empty() ? "" : "; more: use --all") << ")\n";
  }
  return 0;
}

// resolve CODE REGION PERIOD (--choose DEPT | --value V) --reason TEXT
int Resolve(HubClient& client, const Args& args) {
  if (args.size() != 3) return Usage();
  v1::ResolveRecordRequest request;
  v1::RecordKey* key = request.mutable_key();
  key->set_kind(v1::SUBJECT_KIND_INDICATOR);
  key->set_code(args[0]);
  key->set_region_code(args[1]);
  key->set_period(args[2]);
  request.set_etag(absl::GetFlag(FLAGS_etag));
  if (request.etag().empty()) {
    v1::GetRecordRequest get;
    *get.mutable_key() = *key;
    auto current = client.GetRecord(get);
    if (!current.ok()) return Fail(current.status());
    request.set_etag(current->etag());
  }
  request.set_chosen_department(absl::GetFlag(FLAGS_choose));
  request.set_value(absl::GetFlag(FLAGS_value));
  request.set_reason(absl::GetFlag(FLAGS_reason));
  auto record = client.ResolveRecord(request);
  if (!record.ok()) return Fail(record.status());
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << ToJsonLine(*record) << std::endl;
    return 0;
  }
  Names n(LogCatalog(client));
  std::cout << RecordKeyToString(record->key()) << ": "
            << StateText(record->state()) << Tr(" 值 ", " at ")
            << n.Figure(record->key(), record->value())
            << Tr("（版本 ", " (version ") << record->version() << ", etag "
            << record->etag() << Tr("）", ")") << "\n";
  return 0;
}

int Approve(HubClient& client, const Args& args) {
  auto r = PeriodArgs(args);
  if (!r.ok()) return Fail(r.status());
  return PrintLock(client.ApprovePeriod(*r), "已审定", "approved");
}

int Lock(HubClient& client, const Args& args) {
  auto r = PeriodArgs(args);
  if (!r.ok()) return Fail(r.status());
  return PrintLock(client.LockPeriod(*r), "已锁定", "locked");
}

int Unlock(HubClient& client, const Args& args) {
  auto r = PeriodArgs(args);
  if (!r.ok()) return Fail(r.status());
  return PrintLock(client.UnlockPeriod(*r), "已解锁", "unlocked");
}

int Locks(HubClient& client, const Args& args) {
  if (!args.empty()) return Usage();
  auto locks = client.ListLocks();
  if (!locks.ok()) return Fail(locks.status());
  if (absl::GetFlag(FLAGS_json)) {
    for (const auto& l : locks->locks()) std::cout << ToJsonLine(l) << "\n";
    return 0;
  }
  std::vector<v1::PeriodLock> list(locks->locks().begin(),
                                   locks->locks().end());
  std::cout << LockTable(list)
            << (Zh() ? absl::StrCat("（共 ", list.size(),
                                    " 个已审定或锁定的报告期）\n")
                     : absl::StrCat("(", list.size(),
                                    " approved or locked periods)\n"));
  return 0;
}

}  // namespace hubctl
}  // namespace hub
