// Catalog persistence: one key per entry in Column::kCatalog.
#include "absl/strings/str_cat.h"
#include "hub/catalog/catalog.h"
#include "hub/model/model.h"
#include "hub/schema/schema.h"

namespace hub {
namespace {

template <typename T>
int PutChanged(CatalogKind kind,
               const google::protobuf::RepeatedPtrField<T>& prev,
               const google::protobuf::RepeatedPtrField<T>& next,
               WriteBatch* batch) {
  std::map<std::string, std::string> old;
  for (const T& e : prev) old[e.code()] = DeterministicBytes(e);
  int changed = 0;
  for (const T& e : next) {
    std::string bytes = DeterministicBytes(e);
    auto it = old.find(e.code());
    if (it != old.end() && it->second == bytes) continue;
    batch->Put(Column::kCatalog, CatalogKey(kind, e.code()), bytes);
    ++changed;
  }
  return changed;
}

template <typename T>
absl::Status ParseInto(absl::string_view value, T* entry) {
  if (!entry->ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return absl::DataLossError("unparsable catalog entry");
  }
  return absl::OkStatus();
}

}  // namespace

int PutCatalogChanges(const v1::Catalog& prev, const v1::Catalog& next,
                      WriteBatch* batch) {
  return PutChanged(CatalogKind::kDepartment, prev.departments(),
                    next.departments(), batch) +
         PutChanged(CatalogKind::kRegion, prev.regions(), next.regions(),
                    batch) +
         PutChanged(CatalogKind::kIndicator, prev.indicators(),
                    next.indicators(), batch) +
         PutChanged(CatalogKind::kPlan, prev.plans(), next.plans(), batch) +
         PutChanged(CatalogKind::kTask, prev.tasks(), next.tasks(), batch);
}

absl::StatusOr<v1::Catalog> LoadCatalog(const Store& store) {
  v1::Catalog catalog;
  std::unique_ptr<Iterator> it = store.NewIterator(Column::kCatalog);
  for (it->Seek(""); it->Valid(); it->Next()) {
    absl::StatusOr<CatalogKind> kind = CatalogKindOf(it->key());
    if (!kind.ok()) return kind.status();
    absl::Status s;
    switch (*kind) {
      case CatalogKind::kDepartment:
        s = ParseInto(it->value(), catalog.add_departments());
        break;
      case CatalogKind::kRegion:
        s = ParseInto(it->value(), catalog.add_regions());
        break;
      case CatalogKind::kIndicator:
        s = ParseInto(it->value(), catalog.add_indicators());
        break;
      case CatalogKind::kPlan:
        s = ParseInto(it->value(), catalog.add_plans());
        break;
      case CatalogKind::kTask:
        s = ParseInto(it->value(), catalog.add_tasks());
        break;
    }
    if (!s.ok()) return s;
  }
  if (!it->status().ok()) return it->status();
  return catalog;
}

}  // namespace hub
