// Internal to hub/views: the merged records one view reads, each read from
// the snapshot once however many parts of the view need it. They live on an
// arena: a view holding tens of thousands of records frees them at once.
#ifndef HUB_VIEWS_INTERNAL_RECORD_CACHE_H_
#define HUB_VIEWS_INTERNAL_RECORD_CACHE_H_

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/arena.h"
#include "hub/records/record_reader.h"

namespace hub {
namespace views_internal {

// Not thread safe: one per request.
class RecordCache {
 public:
  // reader is borrowed and must outlive the cache.
  explicit RecordCache(const RecordReader* reader) : reader_(reader) {}

  // The record of (kind, code, region, period), or nullptr when there is
  // none; the reader's error (DataLoss) when it cannot be read. The pointer
  // stays valid for the cache's life.
  absl::StatusOr<const v1::MergedRecord*> Find(v1::SubjectKind kind,
                                               absl::string_view code,
                                               absl::string_view region,
                                               absl::string_view period);
  absl::StatusOr<const v1::MergedRecord*> Indicator(absl::string_view code,
                                                    absl::string_view region,
                                                    absl::string_view period) {
    return Find(v1::SUBJECT_KIND_INDICATOR, code, region, period);
  }

  const RecordReader& reader() const { return *reader_; }

 private:
  const RecordReader* reader_;
  google::protobuf::Arena arena_;
  // On arena_; nullptr: read, and there is no such record.
  absl::flat_hash_map<std::string, v1::MergedRecord*> cache_;
};

}  // namespace views_internal
}  // namespace hub

#endif  // HUB_VIEWS_INTERNAL_RECORD_CACHE_H_
