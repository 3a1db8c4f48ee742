// Internal to hub/engine: the checks every text field of a request gets.
//
// Text must be valid UTF-8 (hub/common/utf8.h) and within its cap; free
// text (notes, progress texts, evidence, reasons) may hold line breaks and
// tabs but no other control characters, and no bidirectional overrides.
#ifndef HUB_ENGINE_INTERNAL_TEXT_FIELDS_H_
#define HUB_ENGINE_INTERNAL_TEXT_FIELDS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "hub/model/errors.h"

namespace hub {
namespace internal {

// Caps of the text and repeated fields of submissions and stewardship.
inline constexpr size_t kMaxFreeText = 4000;  // note, text, reason
inline constexpr size_t kMaxShortText = 256;  // unit, source, adapter ...
inline constexpr int kMaxEvidence = 20;       // evidence entries
inline constexpr size_t kMaxEvidenceText = 1000;
inline constexpr int kMaxConversions = 64;  // provenance conversions
inline constexpr int kMaxProvenanceLines = 100000;
inline constexpr int kMaxScopeCodes = 1000;  // replace_scope.codes

// Adds a violation naming field unless text is valid UTF-8 of at most max
// bytes; with free_text also unless it is free of control characters.
// Returns whether none was added.
bool CheckText(const std::string& field, absl::string_view text, size_t max,
               bool free_text, std::vector<FieldViolation>* violations);

// A stewardship reason: required, free text of at most kMaxFreeText.
void CheckReason(absl::string_view reason,
                 std::vector<FieldViolation>* violations);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_TEXT_FIELDS_H_
