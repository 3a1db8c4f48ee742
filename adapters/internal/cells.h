// Internal to adapters/: parsing a native row's cells, collecting one issue
// per bad cell so that every problem of a row is reported at once.
#ifndef HUB_ADAPTERS_INTERNAL_CELLS_H_
#define HUB_ADAPTERS_INTERNAL_CELLS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "adapters/adapter.h"
#include "hub/common/decimal.h"
#include "hub/common/period.h"

namespace hub {
namespace adapters {
namespace internal {

// GB/T 2260 code -> name of every region the hub knows (the seed regions).
const std::map<std::string, std::string, std::less<>>& Gbt2260Regions();

// A word table: department word -> canonical value.
using WordTable = std::map<std::string, std::string, std::less<>>;

// A share in percent, exactly as written (a ratio is scaled by 100), with
// half a unit of its last written digit, in percent, as its tolerance.
struct Share {
  Decimal percent;
  Decimal tolerance;
  bool was_ratio = false;
};

class CellParser {
 public:
  // A decimal with at most max_scale fractional digits; negative numbers are
  // rejected unless allow_negative.
  std::optional<Decimal> Number(const char* field, absl::string_view text,
                                int max_scale, bool allow_negative = false);
  // A whole non-negative count.
  std::optional<Decimal> Count(const char* field, absl::string_view text) {
    return Number(field, text, 0);
  }
  // A month "YYYYMM" that must lie inside report.
  std::optional<Period> Month(const char* field, absl::string_view text,
                              const Period& report);
  // A year "YYYY" (1990..2100).
  std::optional<int> Year(const char* field, absl::string_view text);
  // A GB/T 2260 code the hub knows.
  std::optional<std::string> Region(const char* field, absl::string_view text);
  // text looked up in table; what names the kind of code for the message.
  std::optional<std::string> Word(const char* field, absl::string_view text,
                                  const WordTable& table,
                                  absl::string_view what);
  // A share written as a percent ("45.50%") or a ratio ("0.4550", at most 1).
  std::optional<Share> ShareCell(const char* field, absl::string_view text);
  // Records an issue found by the caller.
  void Fail(const char* field, std::string reason);

  bool ok() const { return issues_.empty(); }
  std::vector<RowIssue> TakeIssues() { return std::move(issues_); }

 private:
  std::vector<RowIssue> issues_;
};

// "2024-06" for month 6 of 2024.
Period MonthPeriod(int year, int month);

}  // namespace internal
}  // namespace adapters
}  // namespace hub

#endif  // HUB_ADAPTERS_INTERNAL_CELLS_H_
