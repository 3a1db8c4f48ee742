// Labels people read for the model's enums, in Chinese (the default) or
// English: record states (单一来源, 一致, 冲突, 已裁定, 缺报), task statuses
// (未开始, 推进中, 已完成, 受阻; 逾期 for overdue), event kinds and subject
// kinds. The English labels are the enum names' lower-case suffixes
// ("single_source", "in_progress", "record_changed"), which are also the
// codes tools and --json use. hubctl, the exports and the reports all take
// their labels from here.
//
// All functions are pure and thread-safe.
#ifndef HUB_MODEL_LABELS_H_
#define HUB_MODEL_LABELS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "hub/v1/model.pb.h"
#include "hub/v1/views.pb.h"

namespace hub {

enum class Lang { kZh, kEn };

// "zh" (also "zh-CN", "zh_CN.UTF-8", ...) or "en" (also "en_US", "C", ...).
// Returns false, leaving *lang alone, for anything else.
bool ParseLang(absl::string_view text, Lang* lang);

// Codes: "conflict", "in_progress", "record_changed", "indicator".
std::string RecordStateCode(v1::RecordState state);
std::string TaskStatusCode(v1::TaskStatus status);
std::string EventKindCode(v1::EventKind kind);
std::string SubjectKindCode(v1::SubjectKind kind);

// Labels in lang; the code in kEn. An unknown value gives its number.
std::string RecordStateLabel(v1::RecordState state, Lang lang);
std::string TaskStatusLabel(v1::TaskStatus status, Lang lang);
std::string EventKindLabel(v1::EventKind kind, Lang lang);
std::string SubjectKindLabel(v1::SubjectKind kind, Lang lang);
// "逾期" / "overdue".
std::string OverdueLabel(Lang lang);

// The analyst views' states (protos/hub/v1/views.proto). In kZh: 达标, 进度
// 正常, 有风险, 未达标, 无数据; 按时, 迟报, 部分报送, 缺报, 未到期; 未报送,
// 未开始, 推进中, 已完成, 受阻. In kEn the code with spaces ("on track",
// "on time", "not due"); the ledger's unreported status is 未报送 in both.
std::string AttainmentStateLabel(v1::AttainmentState state, Lang lang);
std::string ReportStateLabel(v1::ReportState state, Lang lang);
std::string LedgerStatusLabel(v1::LedgerStatus status, Lang lang);

// One target check of an attainment row as people read it: the hub's own
// explanation with its arithmetic in lang ("48.10 ≥ 47.5：达标", "48.10 >=
// 47.5: met"); from the check's parts when the hub sent none (kZh: "目标 ≥
// 47.5%（2024-12-31）；2023 62.00；变化 4.00：达标").
std::string TargetCheckLabel(const v1::TargetCheck& check,
                             const std::string& unit, Lang lang);

// Every check of row (TargetCheckLabel), alternatives (满足其一) joined by
// "；或 " ("; or " in kEn).
std::string AttainmentRuleLabel(const v1::AttainmentRow& row, Lang lang);

// A task record's status as people read it: "逾期" when overdue and not
// completed, otherwise TaskStatusLabel ("推进中").
std::string TaskRecordLabel(v1::TaskStatus status, bool overdue, Lang lang);

}  // namespace hub

#endif  // HUB_MODEL_LABELS_H_
