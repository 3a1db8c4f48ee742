#include "hub/common/status_matchers.h"

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::IsOkAndHolds;
using ::hub::testing::StatusIs;
using ::testing::DescribeMatcher;
using ::testing::Gt;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pointee;

// Returns what `matcher` says about `value` (the "which ..." text).
template <typename Matcher, typename T>
std::string Explain(const Matcher& matcher, const T& value) {
  ::testing::StringMatchResultListener listener;
  ::testing::ExplainMatchResult(matcher, value, &listener);
  return listener.str();
}

absl::Status NotFound() { return absl::NotFoundError("no such row"); }
absl::StatusOr<int> FortyTwo() { return 42; }
absl::StatusOr<int> NoInt() { return absl::InvalidArgumentError("bad int"); }

TEST(IsOkTest, MatchesStatusAndStatusOr) {
  EXPECT_THAT(absl::OkStatus(), IsOk());
  EXPECT_THAT(FortyTwo(), IsOk());
  EXPECT_THAT(NotFound(), Not(IsOk()));
  EXPECT_THAT(NoInt(), Not(IsOk()));
}

TEST(IsOkTest, Describes) {
  EXPECT_EQ(DescribeMatcher<absl::Status>(IsOk()), "is OK");
  EXPECT_EQ(DescribeMatcher<absl::Status>(IsOk(), /*negation=*/true),
            "is not OK");
}

TEST(StatusIsTest, MatchesCodeAndMessage) {
  EXPECT_THAT(NotFound(), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(NotFound(), StatusIs(absl::StatusCode::kNotFound, "no such row"));
  EXPECT_THAT(NotFound(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("row")));
  EXPECT_THAT(NoInt(), StatusIs(absl::StatusCode::kInvalidArgument, "bad int"));
  EXPECT_THAT(absl::OkStatus(), StatusIs(absl::StatusCode::kOk));
  EXPECT_THAT(FortyTwo(), StatusIs(absl::StatusCode::kOk));
  EXPECT_THAT(NotFound(), Not(StatusIs(absl::StatusCode::kInternal)));
  EXPECT_THAT(NotFound(),
              Not(StatusIs(absl::StatusCode::kNotFound, "other message")));
}

TEST(StatusIsTest, Describes) {
  EXPECT_EQ(DescribeMatcher<absl::Status>(
                StatusIs(absl::StatusCode::kNotFound, HasSubstr("row"))),
            "has status code NOT_FOUND and a message that has substring "
            "\"row\"");
  EXPECT_EQ(DescribeMatcher<absl::StatusOr<int>>(
                StatusIs(absl::StatusCode::kNotFound), /*negation=*/true),
            "has a status code other than NOT_FOUND or a message that never "
            "matches");
}

TEST(IsOkAndHoldsTest, MatchesValue) {
  EXPECT_THAT(FortyTwo(), IsOkAndHolds(42));
  EXPECT_THAT(FortyTwo(), IsOkAndHolds(Gt(40)));
  EXPECT_THAT(FortyTwo(), Not(IsOkAndHolds(41)));
  EXPECT_THAT(NoInt(), Not(IsOkAndHolds(42)));
  absl::StatusOr<std::unique_ptr<int>> owned = std::make_unique<int>(7);
  EXPECT_THAT(owned, IsOkAndHolds(Pointee(7)));
  EXPECT_THAT(absl::StatusOr<std::string>("三明市"),
              IsOkAndHolds(HasSubstr("明")));
}

TEST(IsOkAndHoldsTest, Describes) {
  EXPECT_EQ(DescribeMatcher<absl::StatusOr<int>>(IsOkAndHolds(42)),
            "is OK and has a value that is equal to 42");
  EXPECT_EQ(Explain(IsOkAndHolds(42), NoInt()), "");
}

// The "Actual:" line of every failure shows the status, for absl::Status and
// for absl::StatusOr<T> alike.
TEST(FailureMessageTest, PrintsTheActualStatus) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(NotFound(), IsOk()),
                          "Actual: NOT_FOUND: no such row");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(NoInt(), IsOk()),
                          "Actual: INVALID_ARGUMENT: bad int");
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(NoInt(), StatusIs(absl::StatusCode::kNotFound)),
      "Actual: INVALID_ARGUMENT: bad int");
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(FortyTwo(), StatusIs(absl::StatusCode::kNotFound)),
      "Actual: OK: 42");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(FortyTwo(), IsOkAndHolds(41)),
                          "Actual: OK: 42");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(NoInt(), IsOkAndHolds(41)),
                          "Actual: INVALID_ARGUMENT: bad int");
}

TEST(MacrosTest, PassOnOk) {
  HUB_ASSERT_OK(absl::OkStatus());
  HUB_EXPECT_OK(FortyTwo());
  HUB_ASSERT_OK_AND_ASSIGN(int value, FortyTwo());
  EXPECT_EQ(value, 42);
  HUB_ASSERT_OK_AND_ASSIGN(value, FortyTwo());
  EXPECT_EQ(value, 42);
}

TEST(MacrosTest, FailureMessagesNameExpressionAndStatus) {
  EXPECT_FATAL_FAILURE(HUB_ASSERT_OK(NotFound()),
                       "NotFound() is not OK: NOT_FOUND: no such row");
  EXPECT_NONFATAL_FAILURE(HUB_EXPECT_OK(NoInt()),
                          "NoInt() is not OK: INVALID_ARGUMENT: bad int");
  EXPECT_FATAL_FAILURE(
      {
        HUB_ASSERT_OK_AND_ASSIGN(int v, NoInt());
        (void)v;
      },
      "NoInt() is not OK: INVALID_ARGUMENT: bad int");
}

TEST(MacrosTest, AssertOkAndAssignStopsTheTest) {
  static bool reached = false;
  EXPECT_FATAL_FAILURE(
      {
        HUB_ASSERT_OK_AND_ASSIGN(int v, NoInt());
        reached = v > 0;
      },
      "bad int");
  EXPECT_FALSE(reached);
}

}  // namespace
}  // namespace hub
