// Internal to adapters/: which parts of a derived share each region's rows
// held, month by month.
//
// A share is a numerator over a whole, and the whole is the numerator's part
// plus the rest (基层 visits and the visits of every other institution;
// in-county fund spending and the spending elsewhere). Rows that hold only
// one of the parts give a share of 0% or 100% that says nothing about the
// region, so an adapter derives the share for a region only when, in every
// month whose rows went into it, its rows held each part. A part that is
// truly zero is reported as a row with 0, which counts as covered.
#ifndef HUB_ADAPTERS_INTERNAL_COVERAGE_H_
#define HUB_ADAPTERS_INTERNAL_COVERAGE_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "adapters/adapter.h"
#include "hub/common/period.h"

namespace hub {
namespace adapters {
namespace internal {

class PartCoverage {
 public:
  // indicator: the share's code; parts: what each part is, in the words the
  // warning uses, e.g. {"基层 (primary-care) institutions", "hospitals"}.
  PartCoverage(std::string indicator, std::vector<std::string> parts);

  // Records that region's rows for month held part (an index into parts).
  void Saw(const std::string& region, const Period& month, size_t part);

  // A region whose rows lack some part in some month.
  struct Gap {
    std::string region;
    // Each missing part with the months (canonical text) it is missing in.
    std::vector<std::pair<std::string, std::vector<std::string>>> missing;
  };
  // The regions that may not get the share, in region order.
  std::vector<Gap> Gaps() const;

  // The warning for gap: names the region (code and name), what is missing
  // and in which months, and that the share was not derived.
  std::string WarningText(const Gap& gap) const;

  const std::string& indicator() const { return indicator_; }

 private:
  const std::string indicator_;
  const std::vector<std::string> parts_;
  // region -> month -> bit i set when part i was seen.
  std::map<std::string, std::map<Period, unsigned>> seen_;
};

}  // namespace internal
}  // namespace adapters
}  // namespace hub

#endif  // HUB_ADAPTERS_INTERNAL_COVERAGE_H_
