#include "hub/views/internal/record_cache.h"

#include "absl/strings/str_cat.h"

namespace hub {
namespace views_internal {

absl::StatusOr<const v1::MergedRecord*> RecordCache::Find(
    v1::SubjectKind kind, absl::string_view code, absl::string_view region,
    absl::string_view period) {
  std::string id = absl::StrCat(kind, "/", code, "/", region, "/", period);
  auto it = cache_.find(id);
  if (it != cache_.end()) return it->second;
  v1::RecordKey key;
  key.set_kind(kind);
  key.set_code(std::string(code));
  key.set_region_code(std::string(region));
  key.set_period(std::string(period));
  auto* record =
      google::protobuf::Arena::CreateMessage<v1::MergedRecord>(&arena_);
  absl::Status s = reader_->Get(key, record);
  if (absl::IsNotFound(s)) {
    record = nullptr;
  } else if (!s.ok()) {
    return s;
  }
  cache_.emplace(std::move(id), record);
  return record;
}

}  // namespace views_internal
}  // namespace hub
