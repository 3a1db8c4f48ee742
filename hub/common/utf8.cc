#include "hub/common/utf8.h"

#include "absl/strings/str_format.h"

namespace hub {
namespace {

// The length of the valid sequence at text[i], or 0 when it is not one;
// the code point in *cp.
size_t SequenceAt(absl::string_view text, size_t i, char32_t* cp) {
  const auto byte = [&](size_t k) {
    return static_cast<unsigned char>(text[i + k]);
  };
  const unsigned char c = byte(0);
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t n;
  char32_t min;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, min = 0x80, *cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, min = 0x800, *cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, min = 0x10000, *cp = c & 0x07;
  } else {
    return 0;  // a continuation byte, an overlong lead (C0, C1) or F5..FF
  }
  if (i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(k) & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (byte(k) & 0x3F);
  }
  if (*cp < min || *cp > 0x10FFFF) return 0;
  if (*cp >= 0xD800 && *cp <= 0xDFFF) return 0;
  return n;
}

bool IsControl(char32_t cp) {
  if (cp < 0x20) return cp != '\t' && cp != '\n' && cp != '\r';
  if (cp >= 0x7F && cp <= 0x9F) return true;
  if (cp == 0x2028 || cp == 0x2029) return true;
  if (cp >= 0x202A && cp <= 0x202E) return true;  // embeddings, overrides
  if (cp >= 0x2066 && cp <= 0x2069) return true;  // isolates
  return false;
}

}  // namespace

size_t FirstInvalidUtf8(absl::string_view text) {
  char32_t cp;
  for (size_t i = 0; i < text.size();) {
    size_t n = SequenceAt(text, i, &cp);
    if (n == 0) return i;
    i += n;
  }
  return text.size();
}

bool IsValidUtf8(absl::string_view text) {
  return FirstInvalidUtf8(text) == text.size();
}

std::string ControlCharacter(absl::string_view text) {
  char32_t cp;
  for (size_t i = 0; i < text.size();) {
    size_t n = SequenceAt(text, i, &cp);
    if (n == 0) return "";
    if (IsControl(cp)) return absl::StrFormat("U+%04X", static_cast<int>(cp));
    i += n;
  }
  return "";
}

absl::string_view TruncateUtf8(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return text.substr(0, end);
}

std::string ScrubUtf8(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  char32_t cp;
  for (size_t i = 0; i < text.size();) {
    size_t n = SequenceAt(text, i, &cp);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.data() + i, n);
      i += n;
    }
  }
  return out;
}

}  // namespace hub
