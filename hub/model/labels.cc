#include "hub/model/labels.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace hub {
namespace {

std::string Suffix(const std::string& name, absl::string_view prefix) {
  if (!absl::StartsWith(name, prefix)) return name;
  return absl::AsciiStrToLower(absl::string_view(name).substr(prefix.size()));
}

template <typename Enum>
std::string CodeOr(const std::string& name, absl::string_view prefix,
                   Enum value) {
  if (name.empty()) return absl::StrCat(static_cast<int>(value));
  return Suffix(name, prefix);
}

// "ATTAINMENT_STATE_ON_TRACK" -> "on track".
std::string Spaced(const std::string& name, absl::string_view prefix) {
  return absl::StrReplaceAll(Suffix(name, prefix), {{"_", " "}});
}

}  // namespace

bool ParseLang(absl::string_view text, Lang* lang) {
  std::string t = absl::AsciiStrToLower(text);
  if (t == "zh" || absl::StartsWith(t, "zh_") || absl::StartsWith(t, "zh-")) {
    *lang = Lang::kZh;
    return true;
  }
  if (t == "en" || absl::StartsWith(t, "en_") || absl::StartsWith(t, "en-") ||
      t == "c" || t == "posix" || absl::StartsWith(t, "c.")) {
    *lang = Lang::kEn;
    return true;
  }
  return false;
}

std::string RecordStateCode(v1::RecordState s) {
  return CodeOr(v1::RecordState_Name(s), "RECORD_STATE_", s);
}
std::string TaskStatusCode(v1::TaskStatus s) {
  return CodeOr(v1::TaskStatus_Name(s), "TASK_STATUS_", s);
}
std::string EventKindCode(v1::EventKind k) {
  return CodeOr(v1::EventKind_Name(k), "EVENT_KIND_", k);
}
std::string SubjectKindCode(v1::SubjectKind k) {
  return CodeOr(v1::SubjectKind_Name(k), "SUBJECT_KIND_", k);
}

std::string RecordStateLabel(v1::RecordState s, Lang lang) {
  if (lang == Lang::kEn) return RecordStateCode(s);
  switch (s) {
    case v1::RECORD_STATE_SINGLE_SOURCE:
      return "单一来源";
    case v1::RECORD_STATE_AGREED:
      return "一致";
    case v1::RECORD_STATE_CONFLICT:
      return "冲突";
    case v1::RECORD_STATE_RESOLVED:
      return "已裁定";
    case v1::RECORD_STATE_MISSING:
      return "缺报";
    default:
      return RecordStateCode(s);
  }
}

std::string TaskStatusLabel(v1::TaskStatus s, Lang lang) {
  if (lang == Lang::kEn) return TaskStatusCode(s);
  switch (s) {
    case v1::TASK_STATUS_NOT_STARTED:
      return "未开始";
    case v1::TASK_STATUS_IN_PROGRESS:
      return "推进中";
    case v1::TASK_STATUS_COMPLETED:
      return "已完成";
    case v1::TASK_STATUS_BLOCKED:
      return "受阻";
    default:
      return TaskStatusCode(s);
  }
}

std::string EventKindLabel(v1::EventKind k, Lang lang) {
  if (lang == Lang::kEn) return EventKindCode(k);
  switch (k) {
    case v1::EVENT_KIND_SUBMISSION_ACCEPTED:
      return "接受报送";
    case v1::EVENT_KIND_SUBMISSION_REJECTED:
      return "拒绝报送";
    case v1::EVENT_KIND_RECORD_CHANGED:
      return "记录变更";
    case v1::EVENT_KIND_CONFLICT_OPENED:
      return "出现冲突";
    case v1::EVENT_KIND_CONFLICT_RESOLVED:
      return "冲突裁定";
    case v1::EVENT_KIND_PERIOD_APPROVED:
      return "审定报告期";
    case v1::EVENT_KIND_PERIOD_LOCKED:
      return "锁定报告期";
    case v1::EVENT_KIND_PERIOD_UNLOCKED:
      return "解锁报告期";
    case v1::EVENT_KIND_CATALOG_CHANGED:
      return "目录变更";
    case v1::EVENT_KIND_CONTRIBUTION_WITHDRAWN:
      return "撤回报送";
    case v1::EVENT_KIND_RECORD_REMERGED:
      return "重新合并";
    default:
      return EventKindCode(k);
  }
}

std::string SubjectKindLabel(v1::SubjectKind k, Lang lang) {
  if (lang == Lang::kEn) return SubjectKindCode(k);
  switch (k) {
    case v1::SUBJECT_KIND_INDICATOR:
      return "指标";
    case v1::SUBJECT_KIND_TASK:
      return "任务";
    default:
      return SubjectKindCode(k);
  }
}

std::string AttainmentStateLabel(v1::AttainmentState s, Lang lang) {
  if (lang == Lang::kZh) {
    switch (s) {
      case v1::ATTAINMENT_STATE_MET:
        return "达标";
      case v1::ATTAINMENT_STATE_ON_TRACK:
        return "进度正常";
      case v1::ATTAINMENT_STATE_AT_RISK:
        return "有风险";
      case v1::ATTAINMENT_STATE_MISSED:
        return "未达标";
      case v1::ATTAINMENT_STATE_NO_DATA:
        return "无数据";
      default:
        break;
    }
  }
  return Spaced(v1::AttainmentState_Name(s), "ATTAINMENT_STATE_");
}

std::string TargetCheckLabel(const v1::TargetCheck& c, const std::string& unit,
                             Lang lang) {
  const bool zh = lang == Lang::kZh;
  if (zh && !c.explanation_zh().empty()) return c.explanation_zh();
  if (!zh && !c.explanation().empty()) return c.explanation();
  std::string out = zh ? "目标" : "target";
  switch (c.comparator()) {
    case v1::COMPARATOR_AT_LEAST:
      absl::StrAppend(&out, " ≥ ", c.target_value(), unit);
      break;
    case v1::COMPARATOR_AT_MOST:
      absl::StrAppend(&out, " ≤ ", c.target_value(), unit);
      break;
    case v1::COMPARATOR_INCREASE_BY:
      absl::StrAppend(&out, zh ? " 较上年增加 " : " an increase of ",
                      c.target_value(),
                      unit != "%" ? unit
                      : zh        ? " 个百分点"
                                  : " percentage points");
      break;
    case v1::COMPARATOR_INCREASE:
      absl::StrAppend(&out, zh ? " 较上年增加" : " an increase");
      break;
    default:
      break;
  }
  const char* sep = zh ? "；" : "; ";
  if (!c.deadline().empty()) {
    absl::StrAppend(&out, zh ? "（" : " (", c.deadline(), zh ? "）" : ")");
  }
  if (!c.baseline_value().empty()) {
    absl::StrAppend(&out, sep, zh ? "" : "baseline ", c.baseline_period(), " ",
                    c.baseline_value());
  }
  if (!c.change().empty()) {
    absl::StrAppend(&out, sep, zh ? "变化 " : "change ", c.change());
  }
  if (!c.projected().empty()) {
    absl::StrAppend(&out, sep, zh ? "按趋势预计 " : "projected ",
                    c.projected());
  }
  if (c.state() == v1::ATTAINMENT_STATE_NO_DATA) {
    absl::StrAppend(&out, sep, zh ? "缺少数据" : "no data");
  }
  absl::StrAppend(&out, zh ? "：" : ": ",
                  AttainmentStateLabel(c.state(), lang));
  return out;
}

std::string AttainmentRuleLabel(const v1::AttainmentRow& row, Lang lang) {
  std::string out;
  for (const v1::TargetCheck& c : row.checks()) {
    if (!out.empty())
      absl::StrAppend(&out, lang == Lang::kZh ? "；或 " : "; or ");
    absl::StrAppend(&out, TargetCheckLabel(c, row.unit(), lang));
  }
  return out;
}

std::string ReportStateLabel(v1::ReportState s, Lang lang) {
  if (lang == Lang::kZh) {
    switch (s) {
      case v1::REPORT_STATE_ON_TIME:
        return "按时";
      case v1::REPORT_STATE_LATE:
        return "迟报";
      case v1::REPORT_STATE_PARTIAL:
        return "部分报送";
      case v1::REPORT_STATE_MISSING:
        return "缺报";
      case v1::REPORT_STATE_NOT_DUE:
        return "未到期";
      default:
        break;
    }
  }
  return Spaced(v1::ReportState_Name(s), "REPORT_STATE_");
}

std::string LedgerStatusLabel(v1::LedgerStatus s, Lang lang) {
  switch (s) {
    case v1::LEDGER_STATUS_UNSPECIFIED:
      return "";
    case v1::LEDGER_STATUS_UNREPORTED:
      return "未报送";
    case v1::LEDGER_STATUS_NOT_STARTED:
      return TaskStatusLabel(v1::TASK_STATUS_NOT_STARTED, lang);
    case v1::LEDGER_STATUS_IN_PROGRESS:
      return TaskStatusLabel(v1::TASK_STATUS_IN_PROGRESS, lang);
    case v1::LEDGER_STATUS_COMPLETED:
      return TaskStatusLabel(v1::TASK_STATUS_COMPLETED, lang);
    case v1::LEDGER_STATUS_BLOCKED:
      return TaskStatusLabel(v1::TASK_STATUS_BLOCKED, lang);
    default:
      return Suffix(v1::LedgerStatus_Name(s), "LEDGER_STATUS_");
  }
}

std::string OverdueLabel(Lang lang) {
  return lang == Lang::kZh ? "逾期" : "overdue";
}

std::string TaskRecordLabel(v1::TaskStatus status, bool overdue, Lang lang) {
  if (overdue && status != v1::TASK_STATUS_COMPLETED) {
    return lang == Lang::kZh
               ? absl::StrCat(OverdueLabel(lang), "（",
                              TaskStatusLabel(status, lang), "）")
               : absl::StrCat(TaskStatusLabel(status, lang), " OVERDUE");
  }
  return TaskStatusLabel(status, lang);
}

}  // namespace hub
