#include "hub/common/display_width.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>

#include "absl/strings/str_cat.h"
#include "unicode/uchar.h"

namespace hub {
namespace {

struct Range {
  char32_t first;
  char32_t last;  // Inclusive.
};

// Zero-width code points. Checked before kWide, which contains some of them.
constexpr Range kZeroWidth[] = {
    {0x0300, 0x036F},    // Combining Diacritical Marks
    {0x0483, 0x0489},    // Combining Cyrillic
    {0x1160, 0x11FF},    // Hangul Jamo medial vowels and final consonants
    {0x1AB0, 0x1AFF},    // Combining Diacritical Marks Extended
    {0x1DC0, 0x1DFF},    // Combining Diacritical Marks Supplement
    {0x200B, 0x200F},    // Zero width space, joiners, direction marks
    {0x202A, 0x202E},    // Bidirectional embeddings and overrides
    {0x2060, 0x2064},    // Word joiner and invisible operators
    {0x20D0, 0x20FF},    // Combining Diacritical Marks for Symbols
    {0x302A, 0x302D},    // Ideographic tone marks
    {0x3099, 0x309A},    // Combining kana voiced sound marks
    {0xFE00, 0xFE0F},    // Variation selectors
    {0xFE20, 0xFE2F},    // Combining Half Marks
    {0xFEFF, 0xFEFF},    // Zero width no-break space (BOM)
    {0xE0100, 0xE01EF},  // Variation Selectors Supplement
};

// East Asian Wide and Fullwidth code points.
constexpr Range kWide[] = {
    {0x1100, 0x115F},    // Hangul Jamo initial consonants
    {0x2E80, 0x303E},    // CJK radicals, Kangxi, CJK symbols and punctuation
    {0x3041, 0x3247},    // Kana, Bopomofo, Hangul compatibility, Kanbun, ...
    {0x3250, 0x4DBF},    // Enclosed CJK, CJK compatibility, Extension A
    {0x4E00, 0x9FFF},    // CJK Unified Ideographs
    {0xA000, 0xA4CF},    // Yi
    {0xA960, 0xA97F},    // Hangul Jamo Extended-A
    {0xAC00, 0xD7A3},    // Hangul Syllables
    {0xF900, 0xFAFF},    // CJK Compatibility Ideographs
    {0xFE10, 0xFE19},    // Vertical forms
    {0xFE30, 0xFE6F},    // CJK compatibility forms, small form variants
    {0xFF00, 0xFF60},    // Fullwidth forms
    {0xFFE0, 0xFFE6},    // Fullwidth signs
    {0x1B000, 0x1B2FF},  // Kana supplement and extensions
    {0x1F200, 0x1F2FF},  // Enclosed Ideographic Supplement
    {0x1F300, 0x1F64F},  // Miscellaneous symbols and pictographs, emoticons
    {0x1F680, 0x1F6FF},  // Transport and map symbols
    {0x1F900, 0x1F9FF},  // Supplemental symbols and pictographs
    {0x20000, 0x2FFFD},  // CJK Extensions B..F, compatibility supplement
    {0x30000, 0x3FFFD},  // CJK Extensions G and later
};

template <size_t N>
bool InTable(const Range (&table)[N], char32_t c) {
  const Range* it = std::upper_bound(
      std::begin(table), std::end(table), c,
      [](char32_t value, const Range& r) { return value < r.first; });
  return it != std::begin(table) && c <= std::prev(it)->last;
}

int CodePointWidth(char32_t c, AmbiguousWidth ambiguous) {
  if (c < 0x80) return 1;
  if (InTable(kZeroWidth, c)) return 0;
  if (InTable(kWide, c)) return 2;
  return ambiguous == AmbiguousWidth::kWide && IsEastAsianAmbiguous(c) ? 2 : 1;
}

constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes the code point starting at s[0] (s non-empty) and sets *length to
// the bytes it occupies. For an invalid sequence (bad lead or continuation
// byte, truncation, overlong form, surrogate, beyond U+10FFFF) returns
// kInvalid with *length = 1.
char32_t DecodeUtf8(absl::string_view s, size_t* length) {
  const auto lead = static_cast<unsigned char>(s[0]);
  *length = 1;
  if (lead < 0x80) return lead;
  size_t n;
  char32_t c;
  char32_t min;
  if ((lead & 0xE0) == 0xC0) {
    n = 2, c = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    n = 3, c = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    n = 4, c = lead & 0x07, min = 0x10000;
  } else {
    return kInvalid;
  }
  if (s.size() < n) return kInvalid;
  for (size_t i = 1; i < n; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) != 0x80) return kInvalid;
    c = (c << 6) | (b & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return kInvalid;
  *length = n;
  return c;
}

// Width of the code point (or invalid byte) at s[0]; sets *length.
int NextWidth(absl::string_view s, size_t* length, AmbiguousWidth ambiguous) {
  const char32_t c = DecodeUtf8(s, length);
  return c == kInvalid ? 1 : CodePointWidth(c, ambiguous);
}

// The longest prefix of utf8 that fits in budget columns.
absl::string_view PrefixWithin(absl::string_view utf8, int budget,
                               AmbiguousWidth ambiguous) {
  int used = 0;
  size_t pos = 0;
  size_t length;
  while (pos < utf8.size()) {
    const int w = NextWidth(utf8.substr(pos), &length, ambiguous);
    if (used + w > budget) break;
    used += w;
    pos += length;
  }
  return utf8.substr(0, pos);
}

}  // namespace

bool IsEastAsianAmbiguous(char32_t c) {
  return u_getIntPropertyValue(static_cast<UChar32>(c),
                               UCHAR_EAST_ASIAN_WIDTH) == U_EA_AMBIGUOUS;
}

int DisplayWidth(absl::string_view utf8, AmbiguousWidth ambiguous) {
  int width = 0;
  size_t length;
  for (size_t pos = 0; pos < utf8.size(); pos += length) {
    width += NextWidth(utf8.substr(pos), &length, ambiguous);
  }
  return width;
}

std::string PadToWidth(absl::string_view utf8, int width,
                       AmbiguousWidth ambiguous) {
  std::string result(utf8);
  const int missing = width - DisplayWidth(utf8, ambiguous);
  if (missing > 0) result.append(missing, ' ');
  return result;
}

std::string TruncateToWidth(absl::string_view utf8, int width,
                            AmbiguousWidth ambiguous,
                            absl::string_view marker) {
  if (width <= 0) return "";
  if (DisplayWidth(utf8, ambiguous) <= width) return std::string(utf8);
  const int marker_width = DisplayWidth(marker, ambiguous);
  if (marker_width >= width) {
    return std::string(PrefixWithin(marker, width, ambiguous));
  }
  return absl::StrCat(PrefixWithin(utf8, width - marker_width, ambiguous),
                      marker);
}

}  // namespace hub
