#include "hub/common/status_macros.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::IsOkAndHolds;
using ::hub::testing::StatusIs;
using ::testing::Pointee;

absl::Status Fail(absl::string_view message) {
  return absl::NotFoundError(message);
}

absl::StatusOr<int> Number(bool ok, int value) {
  if (!ok) return absl::InvalidArgumentError("no number");
  return value;
}

absl::StatusOr<std::unique_ptr<int>> Owned(bool ok, int value) {
  if (!ok) return absl::UnavailableError("no pointer");
  return std::make_unique<int>(value);
}

absl::Status ReturnIfError(absl::Status status, int* reached) {
  HUB_RETURN_IF_ERROR(status);
  ++*reached;
  return absl::OkStatus();
}

TEST(ReturnIfErrorTest, PassesOkThrough) {
  int reached = 0;
  EXPECT_THAT(ReturnIfError(absl::OkStatus(), &reached), IsOk());
  EXPECT_EQ(reached, 1);
}

TEST(ReturnIfErrorTest, ReturnsErrorUnchanged) {
  int reached = 0;
  EXPECT_THAT(ReturnIfError(Fail("missing row"), &reached),
              StatusIs(absl::StatusCode::kNotFound, "missing row"));
  EXPECT_EQ(reached, 0);
}

TEST(ReturnIfErrorTest, EvaluatesExpressionOnceAndWorksInStatusOr) {
  int calls = 0;
  auto f = [&calls]() -> absl::StatusOr<int> {
    HUB_RETURN_IF_ERROR((++calls, Fail("x")));
    return 1;
  };
  EXPECT_THAT(f(), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(calls, 1);
}

TEST(ReturnIfErrorTest, IsASingleStatement) {
  auto f = [](bool fail) -> absl::Status {
    if (fail)
      HUB_RETURN_IF_ERROR(Fail("inside if"));
    else
      return absl::InternalError("else branch");
    return absl::OkStatus();
  };
  EXPECT_THAT(f(true), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(f(false), StatusIs(absl::StatusCode::kInternal));
}

absl::StatusOr<int> SumTwo(bool first_ok, bool second_ok) {
  HUB_ASSIGN_OR_RETURN(int a, Number(first_ok, 1));
  HUB_ASSIGN_OR_RETURN(auto b, Number(second_ok, 2));
  return a + b;
}

TEST(AssignOrReturnTest, AssignsDeclarations) {
  EXPECT_THAT(SumTwo(true, true), IsOkAndHolds(3));
  EXPECT_THAT(SumTwo(false, true),
              StatusIs(absl::StatusCode::kInvalidArgument, "no number"));
  EXPECT_THAT(SumTwo(true, false),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

absl::StatusOr<std::unique_ptr<int>> Doubled(bool ok) {
  HUB_ASSIGN_OR_RETURN(std::unique_ptr<int> p, Owned(ok, 21));
  *p *= 2;
  return p;
}

TEST(AssignOrReturnTest, MovesMoveOnlyValues) {
  EXPECT_THAT(Doubled(true), IsOkAndHolds(Pointee(42)));
  EXPECT_THAT(Doubled(false), StatusIs(absl::StatusCode::kUnavailable));
}

absl::Status AssignExisting(std::string* out) {
  absl::StatusOr<std::string> source = std::string(100, 'x');
  HUB_ASSIGN_OR_RETURN(*out, std::move(source));
  return absl::OkStatus();
}

TEST(AssignOrReturnTest, AssignsExistingLvalueByMove) {
  std::string out;
  EXPECT_THAT(AssignExisting(&out), IsOk());
  EXPECT_EQ(out, std::string(100, 'x'));
}

TEST(AssignOrReturnTest, EvaluatesExpressionOnce) {
  int calls = 0;
  auto f = [&calls]() -> absl::Status {
    HUB_ASSIGN_OR_RETURN(int v, (++calls, Number(true, 5)));
    return v == 5 ? absl::OkStatus() : absl::InternalError("wrong value");
  };
  EXPECT_THAT(f(), IsOk());
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace hub
