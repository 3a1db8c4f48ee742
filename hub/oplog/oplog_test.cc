#include "hub/oplog/oplog.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace hub {
namespace oplog {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

class OplogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SetSinkForTesting([this](absl::string_view l) { lines_.emplace_back(l); });
  }
  void TearDown() override { SetSinkForTesting(nullptr); }
  std::vector<std::string> lines_;
};

TEST_F(OplogTest, OneObjectPerLineWithFieldsInOrder) {
  Info("rpc").Str("method", "/hub.v1.SubmissionService/Submit").Int("n", -3);
  Warn("refusal").Uint("free", 42).Bool("read_only", true).Num("ms", 1.5);
  ASSERT_EQ(lines_.size(), 2u);
  EXPECT_THAT(lines_[0],
              MatchesRegex("\\{\"ts\":\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z\","
                           "\"level\":\"info\",\"event\":\"rpc\","
                           "\"method\":\"/hub.v1.SubmissionService/Submit\","
                           "\"n\":-3\\}"));
  EXPECT_THAT(lines_[1],
              HasSubstr("\"level\":\"warn\",\"event\":\"refusal\","
                        "\"free\":42,\"read_only\":true,\"ms\":1.5}"));
}

TEST_F(OplogTest, StatusGivesCodeAndMessage) {
  Error("write").Status(absl::ResourceExhaustedError("disk full at /d"));
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_THAT(lines_[0], HasSubstr("\"code\":\"RESOURCE_EXHAUSTED\","
                                   "\"message\":\"disk full at /d\"}"));
  EXPECT_EQ(Reason(absl::ResourceExhaustedError("x")), "resource_exhausted");
  EXPECT_EQ(Reason(absl::OkStatus()), "ok");
}

TEST(JsonStringTest, EscapesWhatJsonRequiresAndKeepsUtf8) {
  EXPECT_EQ(JsonString("a\"b\\c\nd\te\x01"), "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
  EXPECT_EQ(JsonString("财政局 670.00元/人"), "\"财政局 670.00元/人\"");
  // A lone continuation byte and a truncated sequence are not UTF-8.
  EXPECT_EQ(JsonString("a\x80z\xE8\xB4"),
            "\"a\xEF\xBF\xBDz\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

}  // namespace
}  // namespace oplog
}  // namespace hub
