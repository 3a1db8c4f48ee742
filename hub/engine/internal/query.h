// Record queries of the Hub: one page of a RecordReader scan, resumable
// with an opaque page token.
#ifndef HUB_ENGINE_INTERNAL_QUERY_H_
#define HUB_ENGINE_INTERNAL_QUERY_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "hub/engine/hub.h"
#include "hub/records/record_reader.h"

namespace hub {
namespace internal {

// Up to page_size records of reader matching filter, and no more than
// about max_bytes of them (at least one), after page_token (the
// next_page_token of the previous page; InvalidArgument naming page_token
// when malformed). now decides overdue.
absl::StatusOr<RecordPage> QueryRecords(const RecordReader& reader,
                                        const RecordFilter& filter,
                                        int page_size, size_t max_bytes,
                                        const std::string& page_token,
                                        absl::Time now);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_QUERY_H_
