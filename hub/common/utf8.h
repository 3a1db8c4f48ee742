// Strict UTF-8 (RFC 3629) and the hygiene of free text.
//
// Valid means what protobuf's parser and every other strict decoder accept:
// no overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF,
// no sequence cut short. Every text that enters the hub is checked with
// IsValidUtf8() and, when it is free text, with ControlCharacter().
//
// Pure functions; thread safe.
#ifndef HUB_COMMON_UTF8_H_
#define HUB_COMMON_UTF8_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace hub {

// True when text is valid UTF-8.
bool IsValidUtf8(absl::string_view text);

// The byte offset of the first invalid sequence, or text.size() when none.
size_t FirstInvalidUtf8(absl::string_view text);

// The first character of text that does not belong in free text, as
// "U+001B", or "" when there is none: C0 controls other than tab, line feed
// and carriage return, DEL, C1 controls, the line and paragraph separators
// and the bidirectional embedding, override and isolate controls (which can
// make text display other than it reads). REQUIRES: IsValidUtf8(text).
std::string ControlCharacter(absl::string_view text);

// text cut to at most max_bytes without splitting a character.
// REQUIRES: IsValidUtf8(text).
absl::string_view TruncateUtf8(absl::string_view text, size_t max_bytes);

// text with every invalid sequence replaced by U+FFFD.
std::string ScrubUtf8(absl::string_view text);

}  // namespace hub

#endif  // HUB_COMMON_UTF8_H_
