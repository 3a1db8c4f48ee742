// Catalog: an immutable, indexed snapshot of the reform catalog
// (departments, GB/T 2260 regions, indicators, plans and tasks).
//
// A Catalog is built once from a hub.v1.Catalog and never changes; catalog
// updates build a new snapshot. Lookups are thread safe.
#ifndef HUB_CATALOG_CATALOG_H_
#define HUB_CATALOG_CATALOG_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hub/common/decimal.h"
#include "hub/store/store.h"
#include "hub/v1/model.pb.h"

namespace hub {

class Catalog {
 public:
  // Checks codes, references (parents, departments, plans, indicators),
  // decimals and dates. Returns InvalidArgument with one field violation per
  // problem (field paths like "indicators[3].owner_department").
  static absl::StatusOr<std::unique_ptr<const Catalog>> Build(
      v1::Catalog proto);

  // Entries of update replace entries of base with the same code; the
  // result lists every kind sorted by code, so equal catalogs are equal
  // bytes.
  static v1::Catalog Merge(const v1::Catalog& base, const v1::Catalog& update);

  const v1::Catalog& proto() const { return proto_; }

  // Each returns nullptr when there is no entry with that code.
  const v1::Department* FindDepartment(absl::string_view code) const;
  const v1::Region* FindRegion(absl::string_view code) const;
  const v1::Indicator* FindIndicator(absl::string_view code) const;
  const v1::Plan* FindPlan(absl::string_view code) const;
  const v1::Task* FindTask(absl::string_view code) const;

  // True when region is root or lies below it. False for unknown codes.
  bool InSubtree(absl::string_view region, absl::string_view root) const;
  // root and every region below it, sorted by code; empty if root unknown.
  std::vector<std::string> Subtree(absl::string_view root) const;
  // The regions whose parent is region, sorted by code; empty for a leaf
  // and for unknown codes.
  const std::vector<std::string>& Children(absl::string_view region) const;

 private:
  explicit Catalog(v1::Catalog proto);
  void Index();

  v1::Catalog proto_;
  absl::flat_hash_map<std::string, const v1::Department*> departments_;
  absl::flat_hash_map<std::string, const v1::Region*> regions_;
  absl::flat_hash_map<std::string, const v1::Indicator*> indicators_;
  absl::flat_hash_map<std::string, const v1::Plan*> plans_;
  absl::flat_hash_map<std::string, const v1::Task*> tasks_;
  absl::flat_hash_map<std::string, std::vector<std::string>> children_;
};

// The value of a ratio indicator (one with a denominator) from its
// components: numerator / denominator, x100 for a percent, rounded half up
// to the indicator's precision. The hub's one formula for it: submissions
// are checked with it and roll-ups recompute shares with it from summed
// components. InvalidArgument for a zero denominator, OutOfRange when the
// result does not fit.
absl::StatusOr<Decimal> IndicatorRatio(const v1::Indicator& indicator,
                                       const Decimal& numerator,
                                       const Decimal& denominator);

// Persistence in Column::kCatalog, one key per entry ("region/350400").
// Adds to batch the puts for every entry of next that differs from prev.
// Returns the number of changed entries.
int PutCatalogChanges(const v1::Catalog& prev, const v1::Catalog& next,
                      WriteBatch* batch);
// Reads the stored catalog (empty when none).
absl::StatusOr<v1::Catalog> LoadCatalog(const Store& store);

}  // namespace hub

#endif  // HUB_CATALOG_CATALOG_H_
