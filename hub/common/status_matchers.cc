#include "hub/common/status_matchers.h"

#include <ostream>
#include <string>
#include <utility>

namespace hub {
namespace testing {
namespace internal_status {

void IsOkMatcher::DescribeTo(std::ostream* os) const { *os << "is OK"; }

void IsOkMatcher::DescribeNegationTo(std::ostream* os) const {
  *os << "is not OK";
}

StatusIsMatcher::StatusIsMatcher(absl::StatusCode code,
                                 ::testing::Matcher<const std::string&> message)
    : code_(code), message_(std::move(message)) {}

void StatusIsMatcher::DescribeTo(std::ostream* os) const {
  *os << "has status code " << absl::StatusCodeToString(code_)
      << " and a message that ";
  message_.DescribeTo(os);
}

void StatusIsMatcher::DescribeNegationTo(std::ostream* os) const {
  *os << "has a status code other than " << absl::StatusCodeToString(code_)
      << " or a message that ";
  message_.DescribeNegationTo(os);
}

bool StatusIsMatcher::MatchStatus(
    const absl::Status& status,
    ::testing::MatchResultListener* listener) const {
  if (status.code() != code_) return false;
  return message_.MatchAndExplain(std::string(status.message()), listener);
}

::testing::AssertionResult AssertOkStatus(const char* expr_text,
                                          const absl::Status& status) {
  if (status.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << expr_text << " is not OK: " << status;
}

}  // namespace internal_status
}  // namespace testing
}  // namespace hub
