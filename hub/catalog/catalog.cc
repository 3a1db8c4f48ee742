#include "hub/catalog/catalog.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "hub/catalog/catalog_internal.h"
#include "hub/model/errors.h"

namespace hub {

Catalog::Catalog(v1::Catalog proto) : proto_(std::move(proto)) {}

void Catalog::Index() {
  for (const auto& d : proto_.departments()) departments_[d.code()] = &d;
  for (const auto& r : proto_.regions()) {
    regions_[r.code()] = &r;
    if (!r.parent_code().empty())
      children_[r.parent_code()].push_back(r.code());
  }
  for (auto& [parent, children] : children_) {
    std::sort(children.begin(), children.end());
  }
  for (const auto& i : proto_.indicators()) indicators_[i.code()] = &i;
  for (const auto& p : proto_.plans()) plans_[p.code()] = &p;
  for (const auto& t : proto_.tasks()) tasks_[t.code()] = &t;
}

absl::StatusOr<std::unique_ptr<const Catalog>> Catalog::Build(
    v1::Catalog proto) {
  std::unique_ptr<Catalog> catalog(new Catalog(std::move(proto)));
  catalog->Index();
  std::vector<FieldViolation> violations = internal::ValidateCatalog(*catalog);
  if (!violations.empty()) {
    return InvalidArgumentWithViolations("catalog rejected", violations);
  }
  return std::unique_ptr<const Catalog>(std::move(catalog));
}

namespace {

template <typename T>
void MergeByCode(const google::protobuf::RepeatedPtrField<T>& base,
                 const google::protobuf::RepeatedPtrField<T>& update,
                 google::protobuf::RepeatedPtrField<T>* out) {
  std::map<std::string, const T*> merged;
  for (const T& e : base) merged[e.code()] = &e;
  for (const T& e : update) merged[e.code()] = &e;
  for (const auto& [code, e] : merged) *out->Add() = *e;
}

template <typename Map>
auto FindIn(const Map& map, absl::string_view code) ->
    typename Map::mapped_type {
  auto it = map.find(code);
  return it == map.end() ? nullptr : it->second;
}

}  // namespace

v1::Catalog Catalog::Merge(const v1::Catalog& base, const v1::Catalog& update) {
  v1::Catalog out;
  MergeByCode(base.departments(), update.departments(),
              out.mutable_departments());
  MergeByCode(base.regions(), update.regions(), out.mutable_regions());
  MergeByCode(base.indicators(), update.indicators(), out.mutable_indicators());
  MergeByCode(base.plans(), update.plans(), out.mutable_plans());
  MergeByCode(base.tasks(), update.tasks(), out.mutable_tasks());
  return out;
}

const v1::Department* Catalog::FindDepartment(absl::string_view code) const {
  return FindIn(departments_, code);
}
const v1::Region* Catalog::FindRegion(absl::string_view code) const {
  return FindIn(regions_, code);
}
const v1::Indicator* Catalog::FindIndicator(absl::string_view code) const {
  return FindIn(indicators_, code);
}
const v1::Plan* Catalog::FindPlan(absl::string_view code) const {
  return FindIn(plans_, code);
}
const v1::Task* Catalog::FindTask(absl::string_view code) const {
  return FindIn(tasks_, code);
}

bool Catalog::InSubtree(absl::string_view region,
                        absl::string_view root) const {
  const v1::Region* r = FindRegion(region);
  // Depth is bounded by the tree; the guard protects against cycles that
  // validation already rejects.
  for (int depth = 0; r != nullptr && depth < 16; ++depth) {
    if (r->code() == root) return true;
    r = FindRegion(r->parent_code());
  }
  return false;
}

std::vector<std::string> Catalog::Subtree(absl::string_view root) const {
  std::vector<std::string> out;
  if (FindRegion(root) == nullptr) return out;
  std::vector<std::string> stack = {std::string(root)};
  while (!stack.empty()) {
    std::string code = std::move(stack.back());
    stack.pop_back();
    auto it = children_.find(code);
    if (it != children_.end()) {
      stack.insert(stack.end(), it->second.begin(), it->second.end());
    }
    out.push_back(std::move(code));
  }
  std::sort(out.begin(), out.end());
  return out;
}

const std::vector<std::string>& Catalog::Children(
    absl::string_view region) const {
  static const auto* kNone = new std::vector<std::string>();
  auto it = children_.find(region);
  return it == children_.end() ? *kNone : it->second;
}

absl::StatusOr<Decimal> IndicatorRatio(const v1::Indicator& indicator,
                                       const Decimal& numerator,
                                       const Decimal& denominator) {
  absl::StatusOr<Decimal> scaled =
      indicator.dimension() == v1::DIMENSION_PERCENT
          ? numerator.ScaleByPowerOfTen(2)
          : absl::StatusOr<Decimal>(numerator);
  if (!scaled.ok()) return scaled.status();
  return Decimal::Divide(*scaled, denominator, indicator.precision());
}

}  // namespace hub
