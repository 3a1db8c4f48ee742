// Record queries: pick the most selective access path for a filter, merge
// index streams in record-key order, filter, paginate.
#ifndef HUB_ENGINE_INTERNAL_QUERY_H_
#define HUB_ENGINE_INTERNAL_QUERY_H_

#include "absl/time/time.h"
#include "hub/catalog/catalog.h"
#include "hub/engine/hub.h"
#include "hub/store/store.h"

namespace hub {
namespace internal {

// Records matching filter whose region lies in regions (a jurisdiction's
// subtree), after page_token, at most page_size. now decides overdue.
absl::StatusOr<RecordPage> QueryRecords(
    const Store& store, const Catalog& catalog, const RecordFilter& filter,
    const std::string& jurisdiction, int page_size,
    const std::string& page_token, absl::Time now);

// Sets record->overdue for a task record from its deadline and now.
void MarkOverdue(const Catalog& catalog, absl::Time now,
                 v1::MergedRecord* record);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_QUERY_H_
