#include "hub/engine/internal/text_fields.h"

#include "absl/strings/str_cat.h"
#include "hub/common/utf8.h"

namespace hub {
namespace internal {

bool CheckText(const std::string& field, absl::string_view text, size_t max,
               bool free_text, std::vector<FieldViolation>* violations) {
  const size_t bad = FirstInvalidUtf8(text);
  if (bad != text.size()) {
    violations->push_back(
        MakeViolation(field, absl::StrCat("not valid UTF-8 (byte ", bad, ")"),
                      reason::kInvalidUtf8, {{"byte", absl::StrCat(bad)}}));
    return false;
  }
  if (text.size() > max) {
    violations->push_back(MakeViolation(
        field, absl::StrCat("too long: ", text.size(), " bytes; at most ", max),
        reason::kTooLong, {{"max", absl::StrCat(max)}}));
    return false;
  }
  if (free_text) {
    std::string control = ControlCharacter(text);
    if (!control.empty()) {
      violations->push_back(
          MakeViolation(field,
                        absl::StrCat("holds the control character ", control,
                                     "; text may break lines, nothing else"),
                        reason::kControlCharacter, {{"character", control}}));
      return false;
    }
  }
  return true;
}

void CheckReason(absl::string_view reason,
                 std::vector<FieldViolation>* violations) {
  if (reason.empty()) {
    violations->push_back(
        MakeViolation("reason", "required: say why", reason::kRequired));
    return;
  }
  CheckText("reason", reason, kMaxFreeText, /*free_text=*/true, violations);
}

}  // namespace internal
}  // namespace hub
