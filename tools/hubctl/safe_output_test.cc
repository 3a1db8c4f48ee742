#include "tools/hubctl/safe_output.h"

#include <sstream>

#include "gtest/gtest.h"

namespace hub {
namespace hubctl {
namespace {

TEST(SafeOutputTest, TextAndLinesPassAsTheyAre) {
  EXPECT_EQ(Neutralize("三明市 宁化县\t基层诊疗量占比 65%\n第二行"),
            "三明市 宁化县\t基层诊疗量占比 65%\n第二行");
}

TEST(SafeOutputTest, TerminalControlsBecomeVisibleEscapes) {
  // Clear the screen, home the cursor and forge a verdict.
  EXPECT_EQ(Neutralize("note\x1b[2J\x1b[Hchain OK: 9 events"),
            "note\\u001b[2J\\u001b[Hchain OK: 9 events");
  EXPECT_EQ(Neutralize("BROKEN\rchain OK  "), "BROKEN\\u000dchain OK  ");
  EXPECT_EQ(Neutralize("\x07\x08\x7f"), "\\u0007\\u0008\\u007f");
  EXPECT_EQ(Neutralize("\xC2\x9B"
                       "31m"),
            "\\u009b31m");                         // C1 CSI
  EXPECT_EQ(Neutralize("\x1b]52;c;ZWNobw==\x07"),  // OSC 52
            "\\u001b]52;c;ZWNobw==\\u0007");
  EXPECT_EQ(Neutralize("已完成\xE2\x80\xAE成完未"), "已完成\\u202e成完未");
}

TEST(SafeOutputTest, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  EXPECT_EQ(Neutralize("a\xC0\xAF"
                       "b"),
            "a\xEF\xBF\xBD\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(Neutralize("cut \xE4\xB8"), "cut \xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(SafeOutputTest, ACharacterSplitAcrossWritesIsKeptWhole) {
  std::stringbuf sink;
  {
    NeutralizingStreambuf filter(&sink);
    std::ostream out(&filter);
    out << "\xE4"
        << "\xB8"
        << "\x89"
        << "\x1b"
        << "[0m";  // 三, then ESC
    out.flush();
  }
  EXPECT_EQ(sink.str(), "三\\u001b[0m");
}

}  // namespace
}  // namespace hubctl
}  // namespace hub
