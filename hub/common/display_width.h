// Terminal display width of UTF-8 text, for aligning CLI tables that mix
// Chinese and ASCII ("三明市" occupies six columns, "Sanming" seven).
//
// Widths follow Unicode East Asian Width as terminals apply it:
//   * 2 columns: East Asian Wide and Fullwidth code points -- CJK Unified
//     Ideographs (including Extension A and the supplementary planes), CJK
//     radicals, CJK symbols and punctuation (U+3000..U+303E, e.g. "，" is
//     U+FF0C and "。" is U+3002), Hiragana, Katakana, Bopomofo, Hangul,
//     enclosed CJK letters, CJK compatibility forms, fullwidth forms
//     (U+FF00..U+FF60, U+FFE0..U+FFE6) and common emoji.
//   * 0 columns: combining marks, variation selectors and zero-width
//     format characters (U+200B..U+200F, U+FEFF, ...).
//   * East Asian Ambiguous characters ("…", "“ ”", "‘ ’", "※", "№", "①",
//     "°", "→", box drawing, Greek and Cyrillic letters ...): 1 column as
//     Western-configured terminals draw them (AmbiguousWidth::kNarrow, the
//     default), or 2 as CJK terminals do (kWide: VTE/GNOME Terminal's
//     "ambiguous-width wide", xterm -cjk_width, iTerm2's "ambiguous
//     characters are double-width", the PuTTY/Windows CJK settings). Which
//     characters are ambiguous is ICU's East_Asian_Width property.
//   * 1 column: everything else, including all ASCII bytes (control
//     characters too).
// Each byte that is not part of a valid UTF-8 sequence counts 1.
//
// The wide and zero-width tables are an approximation of wcwidth(3) for the
// scripts the hub displays; they are not a full Unicode implementation.
//
// All functions are pure and thread-safe.

#ifndef HUB_COMMON_DISPLAY_WIDTH_H_
#define HUB_COMMON_DISPLAY_WIDTH_H_

#include <string>

#include "absl/strings/string_view.h"

namespace hub {

// How many columns the terminal gives East Asian Ambiguous characters.
enum class AmbiguousWidth { kNarrow = 1, kWide = 2 };

// True when c is East Asian Ambiguous (and so drawn per AmbiguousWidth).
bool IsEastAsianAmbiguous(char32_t c);

// Returns the number of terminal columns `utf8` occupies.
int DisplayWidth(absl::string_view utf8,
                 AmbiguousWidth ambiguous = AmbiguousWidth::kNarrow);

// Returns `utf8` followed by enough spaces to occupy `width` columns.
// Returns `utf8` unchanged if it is already at least `width` wide (it is
// never truncated; see TruncateToWidth).
std::string PadToWidth(absl::string_view utf8, int width,
                       AmbiguousWidth ambiguous = AmbiguousWidth::kNarrow);

// Returns `utf8` unchanged if it fits in `width` columns. Otherwise returns
// its longest prefix, cut at a code point boundary, that fits in width
// minus the marker's width, followed by `marker` (default "…", U+2026,
// itself ambiguous: pass an ASCII marker such as "..." for output that must
// align in both kinds of terminal). The result may be one column narrower
// than `width` when a wide character does not fit; pad it with PadToWidth.
// Returns "" if width <= 0, and only as much of the marker as fits when
// width is below the marker's width.
std::string TruncateToWidth(absl::string_view utf8, int width,
                            AmbiguousWidth ambiguous = AmbiguousWidth::kNarrow,
                            absl::string_view marker = "\u2026");

}  // namespace hub

#endif  // HUB_COMMON_DISPLAY_WIDTH_H_
