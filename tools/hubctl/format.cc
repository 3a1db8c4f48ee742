#include "tools/hubctl/format.h"

#include <cstring>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "hub/common/cst_time.h"
#include "hub/model/errors.h"
#include "hub/model/model.h"
#include "tools/hubctl/i18n.h"
#include "tools/hubctl/table.h"

namespace hub {
namespace {

std::string EnumSuffix(const std::string& name, absl::string_view prefix) {
  return absl::AsciiStrToLower(absl::string_view(name).substr(prefix.size()));
}

// "finance=670.00 medical_insurance=640.00" / "财政局=670.00 医保局=640.00".
std::string Contributors(const v1::MergedRecord& r, const hubctl::Names& n) {
  std::vector<std::string> parts;
  for (const auto& c : r.contributions()) {
    parts.push_back(r.key().kind() == v1::SUBJECT_KIND_TASK
                        ? absl::StrCat(n.Department(c.department()), "=",
                                       hubctl::StatusText(c.status()))
                        : absl::StrCat(n.Department(c.department()), "=",
                                       n.Figure(r.key(), c.value())));
  }
  return absl::StrJoin(parts, " ");
}

// Lines as ranges: "2-7, 9".
std::string LineRanges(const google::protobuf::RepeatedField<int64_t>& lines) {
  std::vector<std::string> parts;
  for (int i = 0; i < lines.size();) {
    int j = i;
    while (j + 1 < lines.size() && lines[j + 1] == lines[j] + 1) ++j;
    parts.push_back(j == i ? absl::StrCat(lines[i])
                           : absl::StrCat(lines[i], "-", lines[j]));
    i = j + 1;
  }
  return absl::StrJoin(parts, ", ");
}

// Where a contribution came from (adapters), and each conversion applied.
std::string ProvenanceText(const v1::Contribution& c, const hubctl::Names& n) {
  const v1::Provenance& p = c.provenance();
  std::string out =
      absl::StrCat(hubctl::Tr("\n数据来源 ", "\nprovenance of "),
                   n.Department(c.department()), hubctl::Tr("：", ": "));
  if (p.adapter().empty()) {
    absl::StrAppend(&out, hubctl::Tr("按规范模型直接报送",
                                     "submitted in the canonical model"));
  } else {
    absl::StrAppend(&out, p.adapter(), " v", p.adapter_version(), ", ",
                    p.source());
  }
  if (!p.lines().empty()) {
    absl::StrAppend(&out, hubctl::Tr(" 第 ", " lines "), LineRanges(p.lines()),
                    hubctl::Tr(" 行", ""));
  }
  if (!p.field().empty()) absl::StrAppend(&out, " ", p.field());
  absl::StrAppend(&out, "\n");
  for (const auto& v : p.conversions()) {
    absl::StrAppend(&out, "  ", v.field(), ": ", v.from(), " -> ", v.to(),
                    "  (", v.rule(), ")\n");
  }
  return out;
}

}  // namespace

std::string ToJsonLine(const google::protobuf::Message& message) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = false;
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  return out;
}

std::string StateName(v1::RecordState s) {
  return EnumSuffix(v1::RecordState_Name(s), "RECORD_STATE_");
}
std::string StatusName(v1::TaskStatus s) {
  return EnumSuffix(v1::TaskStatus_Name(s), "TASK_STATUS_");
}
std::string EventKindName(v1::EventKind k) {
  return EnumSuffix(v1::EventKind_Name(k), "EVENT_KIND_");
}

std::string RecordsTable(const std::vector<v1::MergedRecord>& records,
                         const v1::Catalog& catalog) {
  using hubctl::Tr;
  hubctl::Names n(&catalog);
  Table t({Tr("代码", "subject"), Tr("名称", "name"), Tr("区划", "region"),
           Tr("报告期", "period"), Tr("值", "value"), Tr("状态", "state"),
           Tr("版本", "v"), Tr("各部门报送", "contributions")});
  for (const auto& r : records) {
    std::string value = r.key().kind() == v1::SUBJECT_KIND_TASK
                            ? hubctl::StatusText(r.status(), r.overdue())
                            : n.Figure(r.key(), r.value(), true);
    t.AddRow({r.key().code(), n.Subject(r.key()),
              n.Region(r.key().region_code()), r.key().period(), value,
              hubctl::StateText(r.state()), absl::StrCat(r.version()),
              Contributors(r, n)});
  }
  t.SetMaxWidth(0, Table::kNoLimit);  // the code people copy
  for (size_t c : {2, 4, 7}) t.SetMaxWidth(c, Table::kNoLimit);
  return t.Render(28);
}

namespace {

std::string ContributionsTable(const v1::MergedRecord& r,
                               const hubctl::Names& n) {
  using hubctl::Tr;
  Table c({Tr("部门", "department"), Tr("值", "value"), Tr("分子", "numerator"),
           Tr("分母", "denominator"), Tr("状态", "status"),
           Tr("提交编号", "submission"), Tr("序号", "seq"),
           Tr("接收时间（北京时间）", "accepted (CST)"),
           Tr("进展/备注", "text/note")});
  for (const auto& x : r.contributions()) {
    c.AddRow({n.DepartmentWithCode(x.department()),
              n.Figure(r.key(), x.value()), x.numerator(), x.denominator(),
              x.status() ? hubctl::StatusText(x.status()) : "",
              x.submission_id(), absl::StrCat(x.sequence()),
              hubctl::TimeText(x.accepted_at_micros()),
              x.text().empty() ? x.note() : x.text()});
  }
  for (size_t col : {0, 1, 5}) c.SetMaxWidth(col, Table::kNoLimit);
  return c.Render(40);
}

std::string ConflictsTable(const v1::MergedRecord& r, const hubctl::Names& n) {
  using hubctl::Tr;
  Table k({Tr("部门", "department"), Tr("值", "value"), Tr("对照部门", "vs"),
           Tr("对照值", "reference"), Tr("差额", "difference"),
           Tr("容差", "tolerance")});
  for (const auto& x : r.conflicts()) {
    k.AddRow(
        {n.DepartmentWithCode(x.department()), n.Figure(r.key(), x.value()),
         n.DepartmentWithCode(x.reference_department()),
         n.Figure(r.key(), x.reference_value()),
         n.Figure(r.key(), x.difference()), n.Figure(r.key(), x.tolerance())});
  }
  for (size_t col = 0; col < 6; ++col) k.SetMaxWidth(col, Table::kNoLimit);
  return k.Render();
}

}  // namespace

std::string RecordDetail(const v1::MergedRecord& r,
                         const v1::Catalog& catalog) {
  using hubctl::FieldLabel;
  using hubctl::Tr;
  hubctl::Names n(&catalog);
  std::string out =
      absl::StrCat(RecordKeyToString(r.key()), "  ", n.Subject(r.key()), " / ",
                   n.RegionName(r.key().region_code()), "\n");
  if (r.key().kind() == v1::SUBJECT_KIND_TASK) {
    absl::StrAppend(&out, FieldLabel("任务状态", "status"),
                    hubctl::StatusText(r.status()),
                    r.overdue() ? Tr("（逾期）", " (OVERDUE)") : "", "\n");
  } else {
    absl::StrAppend(&out, FieldLabel("合并值", "value"),
                    r.value().empty() ? Tr("（无）", "(none)")
                                      : n.Figure(r.key(), r.value(), true),
                    "\n");
  }
  absl::StrAppend(
      &out, FieldLabel("状态", "state"), hubctl::StateText(r.state()), "\n",
      FieldLabel("规则", "rule"), r.rule_name(), " v", r.rule_version(), "\n",
      FieldLabel("说明", "explanation"), r.explanation(), "\n",
      FieldLabel("版本", "version"), r.version(), "  etag ", r.etag(),
      Tr("  最后变更序号 ", "  last change at sequence "), r.last_sequence(),
      "\n");
  absl::StrAppend(&out, Tr("\n各部门报送：\n", "\ncontributions:\n"),
                  ContributionsTable(r, n));
  for (const auto& x : r.contributions()) {
    if (x.has_provenance()) absl::StrAppend(&out, ProvenanceText(x, n));
    for (const auto& w : x.warnings()) {
      absl::StrAppend(&out, FieldLabel("警告", "warning"),
                      n.Department(x.department()), ": ", w, "\n");
    }
  }
  if (r.has_resolution()) {
    absl::StrAppend(&out, "\n", FieldLabel("裁定", "resolution"),
                    n.Figure(r.key(), r.resolution().value()),
                    Tr("，裁定人 ", " by "), r.resolution().actor(),
                    Tr("，序号 ", " at sequence "), r.resolution().sequence(),
                    Tr("：", ": "), r.resolution().reason(), "\n");
  }
  if (!r.conflicts().empty()) {
    absl::StrAppend(&out, Tr("\n冲突：\n", "\nconflicts:\n"),
                    ConflictsTable(r, n));
  }
  return out;
}

namespace {

// What an event is about, and what changed, as a person reads it.
std::pair<std::string, std::string> EventSubjectAndChange(
    const v1::ChangeEvent& e, const hubctl::Names& n) {
  using hubctl::Tr;
  std::string none = Tr("无", "none");
  if (e.has_after()) {
    const v1::RecordKey& key = e.record_key();
    if (key.kind() == v1::SUBJECT_KIND_TASK) {
      return {
          RecordKeyToString(key),
          absl::StrCat(
              e.has_before() ? hubctl::StatusText(e.before().status()) : none,
              " -> ", hubctl::StatusText(e.after().status()))};
    }
    return {
        RecordKeyToString(key),
        absl::StrCat(
            e.has_before() && !e.before().value().empty()
                ? n.Figure(key, e.before().value())
                : none,
            " -> ",
            e.after().value().empty() ? none : n.Figure(key, e.after().value()),
            Tr("（", " ("), hubctl::StateText(e.after().state()),
            Tr("）", ")"))};
  }
  if (e.has_submission()) {
    if (e.has_rejection()) {
      return {e.submission().submission_id(),
              absl::StrCat(Tr("拒绝：", "refused: "), e.rejection().code(), " ",
                           e.rejection().message())};
    }
    return {e.submission().submission_id(),
            absl::StrCat(e.submission().item_count(), Tr(" 项", " items"))};
  }
  if (e.has_lock()) {
    return {absl::StrCat(Tr("报告期 ", "period "), e.lock().region_code(), "/",
                         e.lock().period()),
            e.reason()};
  }
  if (e.has_catalog()) {
    return {
        Tr("目录", "catalog"),
        absl::StrCat(e.catalog().indicators(), Tr(" 个指标，", " indicators, "),
                     e.catalog().tasks(), Tr(" 项任务", " tasks"))};
  }
  return {"", ""};
}

}  // namespace

std::string EventsTable(const std::vector<v1::ChangeEvent>& events,
                        const v1::Catalog* catalog) {
  using hubctl::Tr;
  hubctl::Names n(catalog);
  Table t({Tr("序号", "seq"), Tr("时间（北京时间）", "time (CST)"),
           Tr("操作者", "actor"), Tr("事件", "kind"), Tr("对象", "subject"),
           Tr("变化", "change"), Tr("哈希", "hash")});
  for (const auto& e : events) {
    auto [subject, change] = EventSubjectAndChange(e, n);
    t.AddRow({absl::StrCat(e.sequence()), hubctl::TimeText(e.time_micros()),
              e.actor(), hubctl::EventKindText(e.kind()), subject, change,
              ToHex(e.hash()).substr(0, 12)});
  }
  t.SetMaxWidth(4, Table::kNoLimit);  // the record key
  return t.Render(48);
}

std::string ReceiptSummary(const v1::Receipt& r) {
  if (hubctl::Zh()) return hubctl::ReceiptSummaryZh(r);
  std::map<std::string, int> actions;
  for (const auto& i : r.items()) {
    actions[EnumSuffix(v1::ItemOutcome::Action_Name(i.action()), "ACTION_")]++;
  }
  std::vector<std::string> parts;
  for (const auto& [a, n] : actions) parts.push_back(absl::StrCat(n, " ", a));
  std::string what;
  if (r.replayed()) {
    what = absl::StrCat(r.dry_run() ? "already " : "", "accepted earlier at ",
                        "sequence ", r.sequence(),
                        " (retry; first receipt returned)");
  } else if (r.dry_run()) {
    what = "would be accepted (dry run: nothing written, no sequence taken)";
  } else {
    what = absl::StrCat("accepted at sequence ", r.sequence());
  }
  return absl::StrCat(r.dry_run() ? "[dry run] " : "", r.submission_id(), ": ",
                      what, "; ", absl::StrJoin(parts, ", "),
                      r.withdrawn().empty()
                          ? ""
                          : absl::StrCat("; ", r.withdrawn_size(),
                                         " withdrawn by the replace scope"));
}

namespace {

std::string OutcomeSubject(const v1::ItemOutcome& i) {
  return absl::StrCat(i.key().code(), " ", i.key().region_code(), " ",
                      i.key().period());
}

}  // namespace

std::string ItemOutcomesText(const v1::Receipt& receipt) {
  using hubctl::Tr;
  std::string out;
  for (const v1::ItemOutcome& i : receipt.items()) {
    std::string value = i.key().kind() == v1::SUBJECT_KIND_TASK
                            ? hubctl::StatusText(i.status())
                            : i.merged_value();
    if (value.empty()) value = Tr("（无）", "(none)");
    std::string action =
        v1::ItemOutcome::Action_Name(i.action()).substr(strlen("ACTION_"));
    if (hubctl::Zh()) {
      action = i.action() == v1::ItemOutcome::ACTION_CREATED   ? "新建"
               : i.action() == v1::ItemOutcome::ACTION_UPDATED ? "更新"
                                                               : "未变";
    }
    absl::StrAppend(&out, "  ", action, "  ", OutcomeSubject(i), " = ", value,
                    " (", hubctl::StateText(i.state()), ")\n");
    for (const std::string& w : i.warnings()) {
      absl::StrAppend(&out, Tr("    警告：", "    warning: "), w, "\n");
    }
  }
  return out;
}

std::string WarningsText(const v1::Receipt& receipt) {
  using hubctl::Tr;
  std::string out;
  for (const std::string& w : receipt.translation_warnings()) {
    absl::StrAppend(&out, Tr("  警告  ", "  warning  "), w, "\n");
  }
  for (const v1::ItemOutcome& i : receipt.items()) {
    for (const std::string& w : i.warnings()) {
      absl::StrAppend(&out, Tr("  警告  ", "  warning  "), "items[", i.index(),
                      "] ", OutcomeSubject(i), Tr("：", ": "), w, "\n");
    }
  }
  return out;
}

std::string ErrorText(const absl::Status& status) {
  return hubctl::LocalizedErrorText(status);
}

}  // namespace hub
