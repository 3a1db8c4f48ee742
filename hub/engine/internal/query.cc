#include "hub/engine/internal/query.h"

#include "absl/strings/escaping.h"
#include "hub/model/errors.h"
#include "hub/schema/schema.h"

namespace hub {
namespace internal {

absl::StatusOr<RecordPage> QueryRecords(const RecordReader& reader,
                                        const RecordFilter& filter,
                                        int page_size, size_t max_bytes,
                                        const std::string& page_token,
                                        absl::Time now) {
  std::string after;
  if (!page_token.empty() &&
      (!absl::WebSafeBase64Unescape(page_token, &after) ||
       !DecodeRecordKey(after).ok())) {
    return InvalidArgumentWithViolations(
        "bad request",
        {MakeViolation("page_token", "malformed; pass back next_page_token",
                       reason::kInvalidPageToken)});
  }
  RecordPage page;
  std::string last;
  size_t bytes = 0;
  std::unique_ptr<RecordIterator> it = reader.Scan(filter, after);
  for (; it->Valid(); it->Next()) {
    const bool full =
        static_cast<int>(page.records.size()) == page_size ||
        (!page.records.empty() && bytes + it->bytes().size() > max_bytes);
    if (full) {
      page.next_page_token = absl::WebSafeBase64Escape(last);
      break;
    }
    v1::MergedRecord record = it->record();
    MarkOverdue(reader.catalog(), now, &record);
    page.records.push_back(std::move(record));
    bytes += it->bytes().size();
    last = it->key();
  }
  if (!it->status().ok()) return it->status();
  return page;
}

}  // namespace internal
}  // namespace hub
