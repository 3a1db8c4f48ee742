// Catalog persistence: one key per entry in Column::kCatalog.
#include "absl/strings/str_cat.h"
#include "hub/catalog/catalog.h"
#include "hub/model/model.h"

namespace hub {
namespace {

template <typename T>
int PutChanged(absl::string_view kind,
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
    batch->Put(Column::kCatalog, absl::StrCat(kind, "/", e.code()), bytes);
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
  return PutChanged("department", prev.departments(), next.departments(),
                    batch) +
         PutChanged("region", prev.regions(), next.regions(), batch) +
         PutChanged("indicator", prev.indicators(), next.indicators(), batch) +
         PutChanged("plan", prev.plans(), next.plans(), batch) +
         PutChanged("task", prev.tasks(), next.tasks(), batch);
}

absl::StatusOr<v1::Catalog> LoadCatalog(const Store& store) {
  v1::Catalog catalog;
  std::unique_ptr<Iterator> it = store.NewIterator(Column::kCatalog);
  for (it->Seek(""); it->Valid(); it->Next()) {
    absl::string_view key = it->key();
    absl::string_view kind = key.substr(0, key.find('/'));
    absl::Status s;
    if (kind == "department") {
      s = ParseInto(it->value(), catalog.add_departments());
    } else if (kind == "region") {
      s = ParseInto(it->value(), catalog.add_regions());
    } else if (kind == "indicator") {
      s = ParseInto(it->value(), catalog.add_indicators());
    } else if (kind == "plan") {
      s = ParseInto(it->value(), catalog.add_plans());
    } else if (kind == "task") {
      s = ParseInto(it->value(), catalog.add_tasks());
    } else {
      s = absl::DataLossError(absl::StrCat("unknown catalog key ", key));
    }
    if (!s.ok()) return s;
  }
  if (!it->status().ok()) return it->status();
  return catalog;
}

}  // namespace hub
