// hubctl's words and figures as people read them: the language (--lang, or
// $HUB_LANG; Chinese unless "en"), money in 万元 (--wan), how wide the
// terminal draws East Asian Ambiguous characters (--ambiguous_width), the
// catalog's Chinese names beside codes, labels of states and statuses
// (hub/model/labels.h), indicator figures at their precision
// (hub/common/figures.h), times in China Standard Time, and errors with
// each field path and its reason in the chosen language.
//
// Error reasons are never translated by matching English text: each field
// violation carries a stable reason code and its Chinese message
// (google.rpc.BadRequest.FieldViolation.reason and localized_message, see
// hub/model/errors.h); hubctl shows that message in Chinese and the English
// description otherwise.
#ifndef HUB_TOOLS_HUBCTL_I18N_H_
#define HUB_TOOLS_HUBCTL_I18N_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "hub/common/display_width.h"
#include "hub/common/figures.h"
#include "hub/model/labels.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace hubctl {

struct Display {
  Lang lang = Lang::kZh;
  FigureStyle figures;  // thousands separators; --wan
  AmbiguousWidth ambiguous = AmbiguousWidth::kWide;
};

// Reads --lang ($HUB_LANG), --wan and --ambiguous_width into the display
// every function here uses. InvalidArgument naming the flag for a bad
// value.
absl::Status InitDisplayFromFlags();
const Display& CurrentDisplay();
void SetDisplay(const Display& display);  // for tests

inline bool Zh() { return CurrentDisplay().lang == Lang::kZh; }
// zh in Chinese, en otherwise.
inline const char* Tr(const char* zh, const char* en) { return Zh() ? zh : en; }

// "label:" padded so values line up ("state:       " / "状态：      ").
std::string FieldLabel(const char* zh, const char* en);

// The catalog's names for codes. In English, codes stand for themselves
// (today's output); in Chinese, names (with codes where a table has no
// code column).
class Names {
 public:
  // catalog is borrowed and may be null (no names, figures as written).
  explicit Names(const v1::Catalog* catalog);

  // "财政局" / "finance".
  std::string Department(const std::string& code) const;
  // "财政局 finance" / "finance": where a person may need the code.
  std::string DepartmentWithCode(const std::string& code) const;
  // "三元区" in both languages (code when unknown).
  std::string RegionName(const std::string& code) const;
  // "350404 三元区" / "三元区".
  std::string Region(const std::string& code) const;
  // Indicator name or task title; "" when unknown.
  std::string Subject(const v1::RecordKey& key) const;
  const v1::Indicator* Indicator(const std::string& code) const;

  // A value of key's indicator at its precision, with separators (and in
  // 万元 with --wan): "670.00", "160,083,900.00"; with_unit adds the unit
  // ("670.00 元/人", "65.20%"). Task keys and unknown indicators: as given.
  std::string Figure(const v1::RecordKey& key, const std::string& value,
                     bool with_unit = false) const;

 private:
  absl::flat_hash_map<std::string, std::string> departments_, regions_,
      subjects_;
  absl::flat_hash_map<std::string, const v1::Indicator*> indicators_;
};

std::string StateText(v1::RecordState state);
// "推进中", "逾期（推进中）" / "in_progress", "in_progress OVERDUE".
std::string StatusText(v1::TaskStatus status, bool overdue = false);
std::string EventKindText(v1::EventKind kind);
// "2024-07-25 16:00:00" (CST).
std::string TimeText(int64_t micros);

// A receipt in Chinese: "fin-2025-001：已接受，日志序号 4123；新建 1 项"; a
// dry run takes no sequence ("[试运行] fin-2025-001：将被接受（试运行：未写入，
// 不占用日志序号）；新建 1 项").
std::string ReceiptSummaryZh(const v1::Receipt& receipt);

// The status code as people read it: "输入有误（INVALID_ARGUMENT）" /
// "INVALID_ARGUMENT".
std::string StatusCodeText(absl::StatusCode code);
// Each field violation of status on its own line, "  field: reason", the
// reason in the current language; "" when it carries none.
std::string ViolationLines(const absl::Status& status);
// The whole error: code, then the violations or the message.
std::string LocalizedErrorText(const absl::Status& status);

}  // namespace hubctl
}  // namespace hub

#endif  // HUB_TOOLS_HUBCTL_I18N_H_
