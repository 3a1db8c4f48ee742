#include "hub/views/internal/record_cache.h"

#include "absl/strings/str_cat.h"

namespace hub {
namespace views_internal {

absl::StatusOr<const v1::MergedRecord*> RecordCache::Find(
    v1::SubjectKind kind, absl::string_view code, absl::string_view region,
    absl::string_view period) {
  std::string id = absl::StrCat(kind, "/", code, "/", region, "/", period);
  auto it = cache_.find(id);
  if (it != cache_.end()) return it->second.get();
  v1::RecordKey key;
  key.set_kind(kind);
  key.set_code(std::string(code));
  key.set_region_code(std::string(region));
  key.set_period(std::string(period));
  absl::StatusOr<v1::MergedRecord> record = reader_->Get(key);
  std::unique_ptr<v1::MergedRecord> stored;
  if (record.ok()) {
    stored = std::make_unique<v1::MergedRecord>(*std::move(record));
  } else if (!absl::IsNotFound(record.status())) {
    return record.status();
  }
  const v1::MergedRecord* out = stored.get();
  cache_.emplace(std::move(id), std::move(stored));
  return out;
}

}  // namespace views_internal
}  // namespace hub
