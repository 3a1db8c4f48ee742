#include "hub/common/utf8.h"

#include "gtest/gtest.h"

namespace hub {
namespace {

TEST(Utf8Test, AcceptsChineseAndEveryPlane) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("三明市 宁化县 基层诊疗量占比 65%"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // U+1F600
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  EXPECT_TRUE(IsValidUtf8("\xEF\xBF\xBF"));      // U+FFFF, a noncharacter
}

TEST(Utf8Test, RefusesWhatStrictDecodersRefuse) {
  for (const char* bad : {
           "\xC0\xAF",          // overlong '/'
           "\xE0\x80\xAF",      // overlong '/', three bytes
           "\xF0\x80\x80\xAF",  // overlong, four bytes
           "\xED\xA0\x80",      // surrogate U+D800
           "\xED\xBF\xBF",      // surrogate U+DFFF
           "\xF4\x90\x80\x80",  // U+110000
           "\xF5\x80\x80\x80",  // lead byte past F4
           "\xE4\xB8",          // cut short
           "\x80",              // lone continuation
           "\xFF",
       }) {
    EXPECT_FALSE(IsValidUtf8(bad)) << ScrubUtf8(bad);
    EXPECT_EQ(FirstInvalidUtf8(std::string("ok") + bad), 2u);
  }
}

TEST(Utf8Test, NamesControlCharacters) {
  EXPECT_EQ(ControlCharacter("进展顺利\n第二行\t完"), "");
  EXPECT_EQ(ControlCharacter("note \x1b[2J"), "U+001B");
  EXPECT_EQ(ControlCharacter("\x7f"), "U+007F");
  EXPECT_EQ(ControlCharacter("\xC2\x9B"
                             "31m"),
            "U+009B");  // C1 CSI
  EXPECT_EQ(ControlCharacter("abc\xE2\x80\xAE"
                             "cba"),
            "U+202E");  // RLO
  EXPECT_EQ(ControlCharacter("\xE2\x81\xA6"), "U+2066");
}

TEST(Utf8Test, TruncatesOnCharacterBoundaries) {
  EXPECT_EQ(TruncateUtf8("三明市", 7), "三明");
  EXPECT_EQ(TruncateUtf8("三明市", 6), "三明");
  EXPECT_EQ(TruncateUtf8("三明市", 9), "三明市");
  EXPECT_EQ(TruncateUtf8("abc", 0), "");
}

TEST(Utf8Test, ScrubsInvalidBytes) {
  EXPECT_EQ(ScrubUtf8("a\xC0\xAF"
                      "b"),
            "a\xEF\xBF\xBD\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(ScrubUtf8("三明"), "三明");
}

}  // namespace
}  // namespace hub
