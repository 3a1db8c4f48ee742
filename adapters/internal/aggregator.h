// Internal to adapters/: sums native rows into canonical indicator values.
//
// An Aggregator keeps one entry per (indicator, region, period): summed
// numerator and denominator for ratio indicators (shares are recomputed from
// the parts by the hub, never averaged), or a single reported value, plus the
// provenance of every row that went into it. Memory grows with the number of
// distinct items, not with the rows: each item lists the runs of consecutive
// source lines behind it up to kMaxLineRuns, and past that only counts the
// further rows and the last line (noted in the provenance's `field`).
#ifndef HUB_ADAPTERS_INTERNAL_AGGREGATOR_H_
#define HUB_ADAPTERS_INTERNAL_AGGREGATOR_H_

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/adapter.h"
#include "hub/common/decimal.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace adapters {
namespace internal {

struct ItemKey {
  std::string indicator;  // indicator code, or task code for task items
  std::string region;
  std::string period;
  bool operator<(const ItemKey& o) const {
    return std::tie(indicator, region, period) <
           std::tie(o.indicator, o.region, o.period);
  }
};

// One conversion applied on the way (model.proto Conversion).
struct Conv {
  std::string field, from, to, rule;
  bool operator<(const Conv& o) const {
    return std::tie(field, from, to, rule) <
           std::tie(o.field, o.from, o.to, o.rule);
  }
};

class Aggregator {
 public:
  static constexpr size_t kMaxLineRuns = 2048;

  Aggregator(std::string adapter, int version, std::string source);

  // Adds num and den to key's components; unit is the indicator's unit.
  // kOutOfRange if a sum overflows.
  absl::Status AddRatio(const ItemKey& key, const std::string& unit,
                        const Decimal& num, const Decimal& den,
                        const RowSource& src, const std::vector<Conv>& convs);
  // Adds value to key's summed value.
  absl::Status AddValue(const ItemKey& key, const std::string& unit,
                        const Decimal& value, const RowSource& src,
                        const std::vector<Conv>& convs);
  // Sets the progress of task key.indicator (a task code) in key.region for
  // key.period. REQUIRES: not set before for key (callers reject duplicates).
  void SetTask(const ItemKey& key, v1::TaskStatus status,
               const std::string& text, const RowSource& src,
               const std::vector<Conv>& convs);
  // True if key already has an entry.
  bool Has(const ItemKey& key) const { return items_.count(key) > 0; }
  // Drops key's indicator item (a figure the rows do not support).
  void Erase(const ItemKey& key) { items_.erase(key); }

  // Indicator items in key order, then task items in key order, each with
  // its provenance.
  std::vector<v1::SubmissionItem> Finish() const;

 private:
  struct Entry {
    std::string unit;
    bool ratio = false;
    Decimal num, den;
    std::vector<std::pair<int64_t, int64_t>> line_runs;  // [first, last]
    int64_t unlisted_rows = 0;  // rows past kMaxLineRuns
    int64_t last_line = 0;
    std::string first_field, last_field;
    int64_t fields = 0;
    std::set<Conv> convs;
    v1::TaskStatus status = v1::TASK_STATUS_UNSPECIFIED;
    std::string text;
  };
  v1::Provenance ProvenanceOf(const Entry& e) const;
  static void AddLine(Entry& e, int64_t line);
  Entry& Touch(const ItemKey& key, const std::string& unit,
               const RowSource& src, const std::vector<Conv>& convs);

  const std::string adapter_;
  const int version_;
  const std::string source_;
  std::map<ItemKey, Entry> items_;
  std::map<ItemKey, Entry> tasks_;
};

}  // namespace internal
}  // namespace adapters
}  // namespace hub

#endif  // HUB_ADAPTERS_INTERNAL_AGGREGATOR_H_
