#include "hub/common/display_width.h"

#include <string>

#include "gtest/gtest.h"

namespace hub {
namespace {

TEST(DisplayWidthTest, AsciiIsOneColumnPerByte) {
  EXPECT_EQ(DisplayWidth(""), 0);
  EXPECT_EQ(DisplayWidth("Sanming"), 7);
  EXPECT_EQ(DisplayWidth("a b\t"), 4);
}

TEST(DisplayWidthTest, ChineseIsTwoColumns) {
  EXPECT_EQ(DisplayWidth("三明市"), 6);
  EXPECT_EQ(DisplayWidth("医保局 medical"), 14);
  EXPECT_EQ(DisplayWidth("福建省三明市沙县区"), 18);
  EXPECT_EQ(DisplayWidth("㐀"), 2);          // CJK Extension A
  EXPECT_EQ(DisplayWidth("\U00020000"), 2);  // CJK Extension B
  EXPECT_EQ(DisplayWidth("豈"), 2);          // CJK Compatibility U+F900
}

TEST(DisplayWidthTest, CjkPunctuationAndFullwidthForms) {
  EXPECT_EQ(DisplayWidth("，"), 2);      // U+FF0C fullwidth comma
  EXPECT_EQ(DisplayWidth("。"), 2);      // U+3002
  EXPECT_EQ(DisplayWidth("\u3000"), 2);  // Ideographic space
  EXPECT_EQ(DisplayWidth("《规划》"), 8);
  EXPECT_EQ(DisplayWidth("（１２％）"), 10);
  EXPECT_EQ(DisplayWidth("￥"), 2);  // U+FFE5
  EXPECT_EQ(DisplayWidth("ｱ"), 1);   // U+FF71 halfwidth katakana
}

TEST(DisplayWidthTest, OtherEastAsianScripts) {
  EXPECT_EQ(DisplayWidth("ひらがな"), 8);
  EXPECT_EQ(DisplayWidth("カタカナ"), 8);
  EXPECT_EQ(DisplayWidth("한국어"), 6);
  EXPECT_EQ(DisplayWidth("ㄅ"), 2);  // Bopomofo
  EXPECT_EQ(DisplayWidth("㈱"), 2);  // Enclosed CJK U+3231
}

TEST(DisplayWidthTest, AmbiguousCharactersAreNarrow) {
  EXPECT_EQ(DisplayWidth("①②⑳"), 3);
  EXPECT_EQ(DisplayWidth("…"), 1);
  EXPECT_EQ(DisplayWidth("°±×÷"), 4);
  EXPECT_EQ(DisplayWidth("é"), 1);  // Precomposed U+00E9
}

TEST(DisplayWidthTest, CombiningAndZeroWidthCharacters) {
  EXPECT_EQ(DisplayWidth("e\u0301"), 1);       // e + combining acute
  EXPECT_EQ(DisplayWidth("\u304B\u3099"), 2);  // か + combining dakuten
  EXPECT_EQ(DisplayWidth("a\u200Bb"), 2);      // Zero width space
  EXPECT_EQ(DisplayWidth("\uFEFF三明"), 4);    // BOM
  EXPECT_EQ(DisplayWidth("\u2764\uFE0F"), 1);  // Variation selector
}

TEST(DisplayWidthTest, InvalidBytesCountOneEach) {
  EXPECT_EQ(DisplayWidth("\xFF"), 1);
  EXPECT_EQ(DisplayWidth("a\xE4\xB8"), 3);         // Truncated 三 (E4 B8 89)
  EXPECT_EQ(DisplayWidth("\xC0\xAF"), 2);          // Overlong "/"
  EXPECT_EQ(DisplayWidth("\xED\xA0\x80"), 3);      // Surrogate U+D800
  EXPECT_EQ(DisplayWidth("\xF4\x90\x80\x80"), 4);  // Beyond U+10FFFF
  EXPECT_EQ(DisplayWidth("\x80三"), 3);            // Stray continuation byte
}

TEST(PadToWidthTest, PadsOnTheRight) {
  EXPECT_EQ(PadToWidth("三明市", 10), "三明市    ");
  EXPECT_EQ(PadToWidth("abc", 5), "abc  ");
  EXPECT_EQ(PadToWidth("", 2), "  ");
  EXPECT_EQ(DisplayWidth(PadToWidth("医保局 medical", 20)), 20);
}

TEST(PadToWidthTest, NeverTruncates) {
  EXPECT_EQ(PadToWidth("三明市", 6), "三明市");
  EXPECT_EQ(PadToWidth("三明市", 3), "三明市");
  EXPECT_EQ(PadToWidth("abc", -1), "abc");
}

TEST(TruncateToWidthTest, UnchangedWhenItFits) {
  EXPECT_EQ(TruncateToWidth("三明市", 6), "三明市");
  EXPECT_EQ(TruncateToWidth("三明市", 7), "三明市");
  EXPECT_EQ(TruncateToWidth("", 0), "");
}

TEST(TruncateToWidthTest, CutsAtCodePointAndAppendsEllipsis) {
  EXPECT_EQ(TruncateToWidth("三明市", 5), "三明…");
  EXPECT_EQ(TruncateToWidth("三明市", 4), "三…");  // Only 3 columns.
  EXPECT_EQ(TruncateToWidth("三明市", 2), "…");
  EXPECT_EQ(TruncateToWidth("三明市", 1), "…");
  EXPECT_EQ(TruncateToWidth("三明市", 0), "");
  EXPECT_EQ(TruncateToWidth("medical", 4), "med…");
  EXPECT_EQ(TruncateToWidth("医保局 medical", 9), "医保局 m…");
  EXPECT_LE(DisplayWidth(TruncateToWidth("福建省三明市沙县区", 9)), 9);
}

TEST(TruncateToWidthTest, KeepsCombiningMarksWithTheirBase) {
  EXPECT_EQ(TruncateToWidth("e\u0301e\u0301e\u0301", 3),
            "e\u0301e\u0301e\u0301");
  EXPECT_EQ(TruncateToWidth("e\u0301e\u0301e\u0301x", 3),
            "e\u0301e\u0301\u2026");
}

TEST(TruncateToWidthTest, TruncatedThenPaddedAlignsColumns) {
  for (const char* cell : {"三明市", "沙县区医疗保障局", "Sanming", "①号"}) {
    EXPECT_EQ(DisplayWidth(PadToWidth(TruncateToWidth(cell, 7), 7)), 7) << cell;
  }
}

TEST(DisplayWidthTest, AmbiguousCharactersAreWideInCjkTerminals) {
  constexpr AmbiguousWidth kWide = AmbiguousWidth::kWide;
  // The characters the seeds and the departments' texts are full of.
  EXPECT_EQ(DisplayWidth("…", kWide), 2);
  EXPECT_EQ(DisplayWidth("“一县一策”", kWide), 12);
  EXPECT_EQ(DisplayWidth("‘ab’", kWide), 6);
  EXPECT_EQ(DisplayWidth("※", kWide), 2);
  EXPECT_EQ(DisplayWidth("№3", kWide), 3);
  EXPECT_EQ(DisplayWidth("①②⑳", kWide), 6);
  EXPECT_EQ(DisplayWidth("°±×÷", kWide), 8);
  EXPECT_EQ(DisplayWidth("→", kWide), 2);
  // Unambiguous characters keep their width; zero-width stays zero.
  EXPECT_EQ(DisplayWidth("Sanming 三明", kWide), 12);
  EXPECT_EQ(DisplayWidth("e\u0301", kWide), 1);
  EXPECT_EQ(DisplayWidth("\u2764\uFE0F", kWide), 1);
  EXPECT_EQ(DisplayWidth("ｱ", kWide), 1);  // halfwidth katakana: narrow
  EXPECT_TRUE(IsEastAsianAmbiguous(U'…'));
  EXPECT_FALSE(IsEastAsianAmbiguous(U'a'));
  EXPECT_FALSE(IsEastAsianAmbiguous(U'三'));
}

TEST(TruncateToWidthTest, AmbiguousWidthAndAsciiMarker) {
  constexpr AmbiguousWidth kWide = AmbiguousWidth::kWide;
  EXPECT_EQ(TruncateToWidth("三明市", 5, kWide), "三…");  // "…" is 2 here
  EXPECT_EQ(TruncateToWidth("三明市", 5, kWide, "..."), "三...");
  EXPECT_EQ(TruncateToWidth("三明市", 2, kWide, "..."), "..");
  EXPECT_EQ(TruncateToWidth("“三明”市", 6, kWide, "..."), "“...");
  for (const char* cell : {"“一县一策”试点", "№3 ※注", "Sanming…"}) {
    EXPECT_EQ(DisplayWidth(
                  PadToWidth(TruncateToWidth(cell, 7, kWide, "..."), 7, kWide),
                  kWide),
              7)
        << cell;
  }
}

}  // namespace
}  // namespace hub
