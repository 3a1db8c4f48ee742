#include "hub/model/labels.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

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
