#include "hub/store/store.h"

namespace hub {

const char* ColumnName(Column column) {
  switch (column) {
    case Column::kSubmissions:
      return "submissions";
    case Column::kLog:
      return "log";
    case Column::kRecords:
      return "records";
    case Column::kCatalog:
      return "catalog";
    case Column::kIndex:
      return "index";
    case Column::kMeta:
      return "meta";
  }
  return "unknown";
}

void WriteBatch::Put(Column column, absl::string_view key,
                     absl::string_view value) {
  ops_.push_back(Op{column, std::string(key), std::string(value), false});
  bytes_ += key.size() + value.size();
}

void WriteBatch::Delete(Column column, absl::string_view key) {
  ops_.push_back(Op{column, std::string(key), std::string(), true});
  bytes_ += key.size();
}

}  // namespace hub
