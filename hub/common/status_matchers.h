// gMock matchers and gTest macros for absl::Status and absl::StatusOr<T>.
//
// Debian's Abseil (20220623) ships no status matchers; these are the hub's
// single copy. They live in the `hub::testing` target (links GTest::gmock) and
// must only be used from tests.
//
//   EXPECT_THAT(store.Get(key), IsOk());
//   EXPECT_THAT(Decimal::Parse("1e3"),
//               StatusIs(absl::StatusCode::kInvalidArgument,
//                        ::testing::HasSubstr("exponent")));
//   EXPECT_THAT(Decimal::Parse("12"), IsOkAndHolds(Decimal::FromInt(12)));
//   HUB_ASSERT_OK(store.Put(key, value));
//   HUB_ASSERT_OK_AND_ASSIGN(Period p, Period::Parse("2024Q3"));
//
// Every failure message includes the actual status (code and message): the
// PrintTo() overload at the end of this header prints absl::StatusOr<T> as
// "OK: <value>" or as its status, and absl::Status prints itself.
//
// NOTE: inside `namespace hub`, the unqualified name `testing` refers to this
// namespace, not to gMock's. Write `::testing::HasSubstr` there, or add
// `using ::testing::HasSubstr;`.

#ifndef HUB_COMMON_STATUS_MATCHERS_H_
#define HUB_COMMON_STATUS_MATCHERS_H_

#include <ostream>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace hub {
namespace testing {
namespace internal_status {

inline const absl::Status& GetStatus(const absl::Status& status) {
  return status;
}

template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

// Polymorphic implementation of IsOk().
class IsOkMatcher {
 public:
  // Explains nothing: gTest prints the actual status itself.
  template <typename T>
  bool MatchAndExplain(const T& actual,
                       ::testing::MatchResultListener* /*listener*/) const {
    return GetStatus(actual).ok();
  }
  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;
};

// Polymorphic implementation of StatusIs().
class StatusIsMatcher {
 public:
  StatusIsMatcher(absl::StatusCode code,
                  ::testing::Matcher<const std::string&> message);

  template <typename T>
  bool MatchAndExplain(const T& actual,
                       ::testing::MatchResultListener* listener) const {
    return MatchStatus(GetStatus(actual), listener);
  }
  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;

 private:
  bool MatchStatus(const absl::Status& status,
                   ::testing::MatchResultListener* listener) const;

  absl::StatusCode code_;
  ::testing::Matcher<const std::string&> message_;
};

// Monomorphic implementation of IsOkAndHolds() for one StatusOr type.
template <typename StatusOrType>
class IsOkAndHoldsMatcherImpl
    : public ::testing::MatcherInterface<StatusOrType> {
 public:
  using ValueType = typename std::remove_cv_t<
      std::remove_reference_t<StatusOrType>>::value_type;

  template <typename InnerMatcher>
  explicit IsOkAndHoldsMatcherImpl(InnerMatcher&& inner)
      : inner_(::testing::SafeMatcherCast<const ValueType&>(
            std::forward<InnerMatcher>(inner))) {}

  void DescribeTo(std::ostream* os) const override {
    *os << "is OK and has a value that ";
    inner_.DescribeTo(os);
  }
  void DescribeNegationTo(std::ostream* os) const override {
    *os << "is not OK or has a value that ";
    inner_.DescribeNegationTo(os);
  }
  bool MatchAndExplain(
      StatusOrType actual,
      ::testing::MatchResultListener* listener) const override {
    if (!actual.ok()) return false;  // The printed value shows the status.
    return inner_.MatchAndExplain(*actual, listener);
  }

 private:
  ::testing::Matcher<const ValueType&> inner_;
};

// Polymorphic wrapper of IsOkAndHolds(); converts to a Matcher<StatusOr<T>>.
template <typename InnerMatcher>
class IsOkAndHoldsMatcher {
 public:
  explicit IsOkAndHoldsMatcher(InnerMatcher inner) : inner_(std::move(inner)) {}

  template <typename StatusOrType>
  operator ::testing::Matcher<StatusOrType>() const {  // NOLINT
    return ::testing::Matcher<StatusOrType>(
        new IsOkAndHoldsMatcherImpl<const StatusOrType&>(inner_));
  }

 private:
  InnerMatcher inner_;
};

// Predicate-formatter behind HUB_ASSERT_OK / HUB_EXPECT_OK.
::testing::AssertionResult AssertOkStatus(const char* expr_text,
                                          const absl::Status& status);
template <typename T>
::testing::AssertionResult AssertOk(const char* expr_text, const T& actual) {
  return AssertOkStatus(expr_text, GetStatus(actual));
}

}  // namespace internal_status

// Matches an absl::Status or absl::StatusOr<T> that is OK.
inline ::testing::PolymorphicMatcher<internal_status::IsOkMatcher> IsOk() {
  return ::testing::MakePolymorphicMatcher(internal_status::IsOkMatcher());
}

// Matches an absl::Status or absl::StatusOr<T> whose code is `code` and
// whose message matches `message` (a string for equality, or a matcher such
// as ::testing::HasSubstr("period")).
template <typename MessageMatcher>
::testing::PolymorphicMatcher<internal_status::StatusIsMatcher> StatusIs(
    absl::StatusCode code, MessageMatcher message) {
  return ::testing::MakePolymorphicMatcher(internal_status::StatusIsMatcher(
      code, ::testing::MatcherCast<const std::string&>(std::move(message))));
}

// Matches an absl::Status or absl::StatusOr<T> whose code is `code`, with
// any message.
inline ::testing::PolymorphicMatcher<internal_status::StatusIsMatcher> StatusIs(
    absl::StatusCode code) {
  return StatusIs(code, ::testing::_);
}

// Matches an OK absl::StatusOr<T> whose value matches `inner` (a value for
// equality, or any matcher of T).
template <typename InnerMatcher>
internal_status::IsOkAndHoldsMatcher<std::decay_t<InnerMatcher>> IsOkAndHolds(
    InnerMatcher&& inner) {
  return internal_status::IsOkAndHoldsMatcher<std::decay_t<InnerMatcher>>(
      std::forward<InnerMatcher>(inner));
}

}  // namespace testing
}  // namespace hub

namespace absl {

// Lets gTest print an absl::StatusOr<T> in failure messages ("Actual: OK:
// 1.50" or "Actual: NOT_FOUND: ..."), not as raw bytes. Abseil 20220623 has
// no printer for StatusOr; argument-dependent lookup only finds one in its
// own namespace, so this test-only overload lives there. Remove it when
// Abseil gains one.
template <typename T>
void PrintTo(const StatusOr<T>& status_or, std::ostream* os) {
  if (status_or.ok()) {
    *os << "OK: " << ::testing::PrintToString(*status_or);
  } else {
    *os << status_or.status();
  }
}

}  // namespace absl

// HUB_ASSERT_OK(expr) / HUB_EXPECT_OK(expr)
//
// Fails (fatally / non-fatally) unless `expr`, an absl::Status or
// absl::StatusOr<T>, is OK. The message names the expression and its status.
// Like every ASSERT_*, HUB_ASSERT_OK may only be used in void functions.
#define HUB_ASSERT_OK(expr) \
  ASSERT_PRED_FORMAT1(::hub::testing::internal_status::AssertOk, expr)
#define HUB_EXPECT_OK(expr) \
  EXPECT_PRED_FORMAT1(::hub::testing::internal_status::AssertOk, expr)

// HUB_ASSERT_OK_AND_ASSIGN(lhs, rexpr)
//
// Evaluates `rexpr` (an absl::StatusOr<T>) once. Fails fatally, printing the
// status, unless it is OK; otherwise moves the value into `lhs`, which may be
// a declaration (`auto x`, `Decimal d`). Same restrictions as
// HUB_ASSIGN_OR_RETURN: several statements, no unparenthesized comma in
// `lhs`, at most one use per line, void functions only.
#define HUB_ASSERT_OK_AND_ASSIGN(lhs, rexpr) \
  HUB_ASSERT_OK_AND_ASSIGN_IMPL_(            \
      HUB_STATUS_MATCHERS_CONCAT_(hub_statusor_, __LINE__), lhs, rexpr)

// Implementation details; do not use directly.
#define HUB_STATUS_MATCHERS_CONCAT_INNER_(x, y) x##y
#define HUB_STATUS_MATCHERS_CONCAT_(x, y) \
  HUB_STATUS_MATCHERS_CONCAT_INNER_(x, y)

#define HUB_ASSERT_OK_AND_ASSIGN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                   \
  if (!statusor.ok()) {                                      \
    FAIL() << #rexpr << " is not OK: " << statusor.status(); \
  }                                                          \
  lhs = *std::move(statusor)

#endif  // HUB_COMMON_STATUS_MATCHERS_H_
