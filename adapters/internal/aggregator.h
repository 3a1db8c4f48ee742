// Internal to adapters/: sums native rows into canonical indicator values.
//
// An Aggregator keeps one entry per (indicator, region, period): summed
// numerator and denominator for ratio indicators (shares are recomputed from
// the parts by the hub, never averaged), or a single reported value, plus the
// provenance of every row that went into it. Memory grows with the number of
// distinct items and 8 bytes per accepted row (its provenance line number).
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
  std::string indicator;
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
  // True if key already has an entry.
  bool Has(const ItemKey& key) const { return items_.count(key) > 0; }

  // Items in key order, each with its provenance.
  std::vector<v1::SubmissionItem> Finish() const;

 private:
  struct Entry {
    std::string unit;
    bool ratio = false;
    Decimal num, den;
    std::vector<int64_t> lines;
    std::vector<std::string> fields;
    std::set<Conv> convs;
  };
  Entry& Touch(const ItemKey& key, const std::string& unit,
               const RowSource& src, const std::vector<Conv>& convs);

  const std::string adapter_;
  const int version_;
  const std::string source_;
  std::map<ItemKey, Entry> items_;
};

}  // namespace internal
}  // namespace adapters
}  // namespace hub

#endif  // HUB_ADAPTERS_INTERNAL_AGGREGATOR_H_
