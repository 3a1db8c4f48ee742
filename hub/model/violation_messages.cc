// The Chinese message of every field-violation reason (errors.h). "{name}"
// is replaced by the violation's argument of that name.
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_replace.h"
#include "hub/model/errors.h"

namespace hub {
namespace {

const absl::flat_hash_map<std::string, std::string>& MessagesZh() {
  namespace r = reason;
  static const auto* messages =
      new absl::flat_hash_map<std::string, std::string>{
          {r::kRequired, "必填"},
          {r::kInvalidId, "“{value}”须为 1 至 128 个 A-Z a-z 0-9 - _ . : 字符"},
          {r::kUnknownDepartment, "未知部门“{value}”"},
          {r::kUnknownRegion, "未知区划“{value}”"},
          {r::kUnknownIndicator, "未知指标“{value}”"},
          {r::kUnknownTask, "未知任务“{value}”"},
          {r::kUnknownSubject, "未知指标或任务“{value}”"},
          {r::kTooManyItems, "共 {count} 项，每次报送最多 {max} 项"},
          {r::kInvalidPeriod,
           "“{value}”不是有效的报告期（应写作 2024、2024H1、2024Q3、2024-07 "
           "或 2024Q1-Q3）"},
          {r::kNonCanonicalPeriod, "报告期请写作 {canonical}"},
          {r::kWrongPeriodType,
           "指标 {indicator} 按{allowed}报送，不按{given}报送（“{value}”）"},
          {r::kDuplicateItem,
           "与 items[{other}] 重复（指标或任务、区划、报告期相同）"},
          {r::kItemKindRequired,
           "须填写 indicator_value 或 task_progress 之一"},
          {r::kInvalidNumber, "“{value}”不是有效的数字"},
          {r::kNumberOutOfRange, "数值超出可精确表示的范围"},
          {r::kNegative, "不能为负数"},
          {r::kNotPositive, "必须大于零"},
          {r::kBelowMinimum, "{value} 低于 {indicator} 的下限 {min} {unit}"},
          {r::kAboveMaximum, "{value} 高于 {indicator} 的上限 {max} {unit}"},
          {r::kFinerThanFen, "{value} {unit} 精确到分以下：金额最多两位小数"},
          {r::kNotWholeNumber,
           "{value} {unit} 不是整数：{indicator} 计的是{what}，须为整数"},
          {r::kPeriodNotBegun,
           "报告期 {value} 尚未开始：自 {start}（北京时间）起，"
           "枢纽时钟为 {today}；只有目标值可以指向未来"},
          {r::kNegativeTolerance,
           "“{value}”为负数：容差是差额的绝对值，应为 0 或更大"},
          {r::kRuleNeedsRatio,
           "{indicator} 不是比率指标：没有分子和分母可比较"},
          {r::kNotReporter,
           "部门 {department} 不报送指标 {indicator}（责任部门 {owner}）"},
          {r::kUnitRequired, "必填；{indicator} 的单位是“{unit}”"},
          {r::kUnitMismatch, "单位“{value}”与 {indicator} 的单位“{unit}”不符"},
          {r::kTooLong, "过长（最多 {max} 字节）"},
          {r::kInvalidUtf8, "不是有效的 UTF-8（第 {byte} 字节）"},
          {r::kControlCharacter, "含控制字符 {character}：文本只可换行"},
          {r::kTooManyEntries, "共 {count} 项，最多 {max} 项"},
          {r::kNotACode, "不是目录代码（{bytes} 字节）"},
          {r::kValueDisagrees,
           "“{value}”与分子/分母计算结果 {computed} 不一致"},
          {r::kNotARatio, "{indicator} 不是比率指标，只填 value"},
          {r::kOutsideTaskRegion,
           "区划 {region} 不在任务 {task} 的辖区 {task_region} 内"},
          {r::kNotTaskDepartment,
           "部门 {department} 不是任务 {task} 的牵头、责任或配合单位"},
          {r::kStatusRequired,
           "必填（NOT_STARTED 未开始、IN_PROGRESS 推进中、COMPLETED "
           "已完成或 BLOCKED 受阻）"},
          {r::kRuleNumeratorAbove,
           "规则 {rule}{severity}：分子 {numerator} 大于分母 {denominator}"},
          {r::kRuleAboveIndicator,
           "规则 {rule}{severity}：{value} 大于 {other} 的 {other_value}"},
          {r::kRuleBelowIndicator,
           "规则 {rule}{severity}：{value} 小于此前报送的 {other} "
           "{other_value}"},
          {r::kNotConflictKind, "只有指标记录会有冲突"},
          {r::kExactlyOne, "{first} 与 {second} 须且只能填写一项"},
          {r::kNoContribution, "{department} 对 {record} 没有现行报送"},
          {r::kPastLogHead, "{value} 超出日志末尾（共 1..{head} 条事件）"},
          {r::kRangeReversed, "{value} 小于 from_sequence {from}"},
          {r::kUnknownRule, "未知合并规则“{value}”"},
          {r::kPageSizeOutOfRange, "{value} 不在 0..{max} 之内"},
          {r::kInvalidPageToken, "页标记无效，请原样传回 next_page_token"},
          {r::kBatchSizeOutOfRange, "{value} 不在 0..{max} 之内"},
      };
  return *messages;
}

}  // namespace

std::string ReasonMessageZh(absl::string_view reason,
                            const ViolationArgs& args) {
  auto it = MessagesZh().find(std::string(reason));
  if (it == MessagesZh().end()) return "";
  std::vector<std::pair<std::string, std::string>> replacements;
  for (const auto& [name, value] : args) {
    replacements.emplace_back("{" + name + "}", value);
  }
  return absl::StrReplaceAll(it->second, replacements);
}

}  // namespace hub
