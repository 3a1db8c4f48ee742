#include "tools/hubctl/i18n.h"

#include <cstdlib>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "hub/common/cst_time.h"
#include "hub/model/errors.h"
#include "tools/hubctl/table.h"

ABSL_FLAG(std::string, lang, "",
          "zh (default) or en: the language of tables, labels and errors "
          "(default $HUB_LANG, else zh)");
ABSL_FLAG(bool, wan, false, "show amounts of money in 万元 (10,000 元)");
ABSL_FLAG(int, ambiguous_width, 2,
          "columns the terminal gives East Asian Ambiguous characters "
          "(… “ ” ※ №): 2 as CJK terminals draw them, 1 for Western settings");

namespace hub {
namespace hubctl {
namespace {

Display& MutableDisplay() {
  static Display* display = new Display();
  return *display;
}

}  // namespace

absl::Status InitDisplayFromFlags() {
  Display d;
  std::string lang = absl::GetFlag(FLAGS_lang);
  if (lang.empty()) {
    const char* env = std::getenv("HUB_LANG");
    lang = env != nullptr ? env : "";
  }
  if (!lang.empty() && !ParseLang(lang, &d.lang)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--lang: \"", lang, "\" is neither zh nor en"));
  }
  d.figures.wan = absl::GetFlag(FLAGS_wan);
  int ambiguous = absl::GetFlag(FLAGS_ambiguous_width);
  if (ambiguous != 1 && ambiguous != 2) {
    return absl::InvalidArgumentError("--ambiguous_width: must be 1 or 2");
  }
  d.ambiguous =
      ambiguous == 2 ? AmbiguousWidth::kWide : AmbiguousWidth::kNarrow;
  SetDisplay(d);
  return absl::OkStatus();
}

const Display& CurrentDisplay() { return MutableDisplay(); }
void SetDisplay(const Display& display) {
  MutableDisplay() = display;
  Table::SetAmbiguousWidth(display.ambiguous);
}

std::string FieldLabel(const char* zh, const char* en) {
  return Zh() ? PadToWidth(absl::StrCat(zh, "："), 12)
              : PadToWidth(absl::StrCat(en, ":"), 13);
}

Names::Names(const v1::Catalog* catalog) {
  if (catalog == nullptr) return;
  for (const auto& d : catalog->departments())
    departments_[d.code()] = d.name();
  for (const auto& r : catalog->regions()) regions_[r.code()] = r.name();
  for (const auto& i : catalog->indicators()) {
    subjects_["i/" + i.code()] = i.name();
    indicators_[i.code()] = &i;
  }
  for (const auto& t : catalog->tasks()) subjects_["t/" + t.code()] = t.title();
}

std::string Names::Department(const std::string& code) const {
  if (!Zh()) return code;
  auto it = departments_.find(code);
  return it == departments_.end() ? code : it->second;
}

std::string Names::DepartmentWithCode(const std::string& code) const {
  std::string name = Department(code);
  return name == code ? code : absl::StrCat(name, " ", code);
}

std::string Names::RegionName(const std::string& code) const {
  auto it = regions_.find(code);
  return it == regions_.end() ? code : it->second;
}

std::string Names::Region(const std::string& code) const {
  std::string name = RegionName(code);
  return Zh() && name != code ? absl::StrCat(code, " ", name) : name;
}

std::string Names::Subject(const v1::RecordKey& key) const {
  auto it = subjects_.find(absl::StrCat(
      key.kind() == v1::SUBJECT_KIND_TASK ? "t/" : "i/", key.code()));
  return it == subjects_.end() ? "" : it->second;
}

const v1::Indicator* Names::Indicator(const std::string& code) const {
  auto it = indicators_.find(code);
  return it == indicators_.end() ? nullptr : it->second;
}

std::string Names::Figure(const v1::RecordKey& key, const std::string& value,
                          bool with_unit) const {
  const v1::Indicator* ind =
      key.kind() == v1::SUBJECT_KIND_TASK ? nullptr : Indicator(key.code());
  if (ind == nullptr || value.empty()) return value;
  const FigureStyle& style = CurrentDisplay().figures;
  return with_unit ? FormatFigureWithUnit(value, *ind, style)
                   : FormatFigure(value, FigureFormatFor(*ind), style);
}

std::string StateText(v1::RecordState state) {
  return RecordStateLabel(state, CurrentDisplay().lang);
}

std::string StatusText(v1::TaskStatus status, bool overdue) {
  return TaskRecordLabel(status, overdue, CurrentDisplay().lang);
}

std::string EventKindText(v1::EventKind kind) {
  return EventKindLabel(kind, CurrentDisplay().lang);
}

std::string TimeText(int64_t micros) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S", absl::FromUnixMicros(micros),
                          ChinaStandardTime());
}

std::string ReceiptSummaryZh(const v1::Receipt& r) {
  int created = 0, updated = 0, unchanged = 0;
  for (const auto& i : r.items()) {
    created += i.action() == v1::ItemOutcome::ACTION_CREATED;
    updated += i.action() == v1::ItemOutcome::ACTION_UPDATED;
    unchanged += i.action() == v1::ItemOutcome::ACTION_UNCHANGED;
  }
  std::vector<std::string> parts;
  if (created > 0) parts.push_back(absl::StrCat("新建 ", created, " 项"));
  if (updated > 0) parts.push_back(absl::StrCat("更新 ", updated, " 项"));
  if (unchanged > 0) parts.push_back(absl::StrCat("未变 ", unchanged, " 项"));
  std::string what;
  if (r.replayed()) {
    what = absl::StrCat("此前已接受，日志序号 ", r.sequence(),
                        "（重试，返回首次回执）");
  } else if (r.dry_run()) {
    what = "将被接受（试运行：未写入，不占用日志序号）";
  } else {
    what = absl::StrCat("已接受，日志序号 ", r.sequence());
  }
  std::string out = absl::StrCat(r.dry_run() ? "[试运行] " : "",
                                 r.submission_id(), "：", what);
  if (!parts.empty()) absl::StrAppend(&out, "；", absl::StrJoin(parts, "，"));
  if (!r.withdrawn().empty()) {
    absl::StrAppend(&out, "；按替换范围撤回 ", r.withdrawn_size(), " 项");
  }
  return out;
}

std::string StatusCodeText(absl::StatusCode code) {
  std::string name = absl::StatusCodeToString(code);
  if (!Zh()) return name;
  const char* zh = nullptr;
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
      zh = "输入有误";
      break;
    case absl::StatusCode::kPermissionDenied:
      zh = "无权操作";
      break;
    case absl::StatusCode::kUnauthenticated:
      zh = "未认证";
      break;
    case absl::StatusCode::kNotFound:
      zh = "未找到";
      break;
    case absl::StatusCode::kAlreadyExists:
      zh = "已存在";
      break;
    case absl::StatusCode::kFailedPrecondition:
      zh = "当前状态不允许";
      break;
    case absl::StatusCode::kAborted:
      zh = "记录已变化，请重新读取";
      break;
    case absl::StatusCode::kUnavailable:
      zh = "服务不可用";
      break;
    case absl::StatusCode::kDeadlineExceeded:
      zh = "超时";
      break;
    case absl::StatusCode::kDataLoss:
      zh = "数据损坏";
      break;
    case absl::StatusCode::kCancelled:
      zh = "已取消";
      break;
    default:
      zh = "错误";
  }
  return absl::StrCat(zh, "（", name, "）");
}

std::string ViolationLines(const absl::Status& status) {
  std::string out;
  for (const FieldViolation& v : GetFieldViolations(status)) {
    bool zh = Zh() && !v.localized.empty();
    // A violation without a field (the server's "and N more") is its
    // description alone.
    absl::StrAppend(&out, "  ", v.field,
                    v.field.empty() ? ""
                    : zh            ? "："
                                    : ": ",
                    zh ? v.localized : v.description, "\n");
  }
  return out;
}

std::string LocalizedErrorText(const absl::Status& status) {
  std::string out = StatusCodeText(status.code());
  size_t n = GetFieldViolations(status).size();
  if (n == 0) return absl::StrCat(out, Tr("：", ": "), status.message());
  if (Zh()) {
    absl::StrAppend(&out, "：", n, " 个字段有误\n");
  } else {
    absl::StrAppend(&out, ": ", n, " invalid field", n == 1 ? "" : "s", "\n");
  }
  return out + ViolationLines(status);
}

}  // namespace hubctl
}  // namespace hub
