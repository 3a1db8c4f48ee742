#include "hub/engine/internal/query.h"

#include <algorithm>
#include <queue>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "hub/common/cst_time.h"
#include "hub/common/period.h"
#include "hub/engine/internal/records.h"
#include "hub/model/errors.h"
#include "hub/model/model.h"

namespace hub {
namespace internal {
namespace {

// A sorted stream of record keys: a column scan restricted to a prefix.
struct KeyStream {
  std::unique_ptr<Iterator> it;
  std::string prefix;  // restricts the scan
  size_t strip = 0;    // bytes before the record key (index prefixes)
  bool Valid() const {
    return it->Valid() && absl::StartsWith(it->key(), prefix);
  }
  absl::string_view RecordKey() const { return it->key().substr(strip); }
};

std::vector<KeyStream> PlanStreams(const Store& store, const Catalog& catalog,
                                   const RecordFilter& f,
                                   const std::string& region) {
  std::vector<KeyStream> streams;
  auto add = [&](Column column, std::string prefix, bool index) {
    KeyStream s;
    s.it = store.NewIterator(column);
    s.strip = index ? prefix.size() : 0;
    s.prefix = std::move(prefix);
    streams.push_back(std::move(s));
  };
  if (!f.indicator_code.empty()) {
    add(Column::kRecords, absl::StrCat("I/", f.indicator_code, "/"), false);
  } else if (!f.task_code.empty()) {
    add(Column::kRecords, absl::StrCat("T/", f.task_code, "/"), false);
  } else if (!f.department.empty()) {
    add(Column::kIndex, DepartmentIndexPrefix(f.department), true);
  } else if (f.state != v1::RECORD_STATE_UNSPECIFIED) {
    add(Column::kIndex, StateIndexPrefix(f.state), true);
  } else {
    for (const std::string& r : catalog.Subtree(region)) {
      add(Column::kIndex, RegionIndexPrefix(r), true);
    }
  }
  return streams;
}

bool Matches(const Catalog& catalog, const RecordFilter& f,
             const std::string& region, const v1::MergedRecord& r) {
  const v1::RecordKey& k = r.key();
  if (!catalog.InSubtree(k.region_code(), region)) return false;
  if (!f.period.empty() && k.period() != f.period) return false;
  if (!f.indicator_code.empty() && (k.kind() != v1::SUBJECT_KIND_INDICATOR ||
                                    k.code() != f.indicator_code)) {
    return false;
  }
  if (!f.task_code.empty() &&
      (k.kind() != v1::SUBJECT_KIND_TASK || k.code() != f.task_code)) {
    return false;
  }
  if (f.kind != v1::SUBJECT_KIND_UNSPECIFIED && k.kind() != f.kind)
    return false;
  if (f.state != v1::RECORD_STATE_UNSPECIFIED && r.state() != f.state) {
    return false;
  }
  if (!f.department.empty()) {
    bool found = false;
    for (const auto& c : r.contributions())
      found |= c.department() == f.department;
    if (!found) return false;
  }
  return true;
}

}  // namespace

void MarkOverdue(const Catalog& catalog, absl::Time now,
                 v1::MergedRecord* record) {
  if (record->key().kind() != v1::SUBJECT_KIND_TASK) return;
  const v1::Task* task = catalog.FindTask(record->key().code());
  if (task == nullptr) return;
  const v1::Deadline& d = task->deadline();
  absl::Time due = absl::InfiniteFuture();
  if (d.kind() == v1::DEADLINE_KIND_DATE) {
    auto day = ParseDate(d.value());
    if (day.ok()) due = EndOfDayCst(*day);
  } else if (d.kind() == v1::DEADLINE_KIND_YEAR) {
    auto year = Period::Parse(d.value());
    if (year.ok()) due = EndOfDayCst(year->LastDay());
  }
  record->set_overdue(now >= due &&
                      record->status() != v1::TASK_STATUS_COMPLETED);
}

absl::StatusOr<RecordPage> QueryRecords(
    const Store& store, const Catalog& catalog, const RecordFilter& filter,
    const std::string& jurisdiction, int page_size,
    const std::string& page_token, absl::Time now) {
  std::string after;
  if (!page_token.empty() &&
      (!absl::WebSafeBase64Unescape(page_token, &after) ||
       !DecodeRecordKey(after).ok())) {
    return InvalidArgumentWithViolations(
        "bad request",
        {{"page_token", "malformed; pass back next_page_token"}});
  }
  std::string region =
      filter.region_code.empty() ? jurisdiction : filter.region_code;
  std::vector<KeyStream> streams = PlanStreams(store, catalog, filter, region);
  using Entry = std::pair<std::string, size_t>;  // record key, stream index
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap;
  for (size_t i = 0; i < streams.size(); ++i) {
    KeyStream& s = streams[i];
    // Resume just past the last key returned. Index streams hold
    // prefix + record key; record scans hold the record key itself.
    std::string resume =
        absl::StrCat(s.strip == 0 ? "" : s.prefix, after, std::string(1, '\0'));
    s.it->Seek(after.empty() ? s.prefix : std::max(s.prefix, resume));
    if (s.Valid()) heap.emplace(std::string(s.RecordKey()), i);
  }
  RecordPage page;
  std::string last;
  while (!heap.empty()) {
    auto [key, i] = heap.top();
    heap.pop();
    KeyStream& s = streams[i];
    std::string bytes;
    if (s.strip == 0) {
      bytes = std::string(s.it->value());
    } else {
      absl::Status st = store.Get(Column::kRecords, key, &bytes);
      if (!st.ok()) return st;
    }
    s.it->Next();
    if (s.Valid()) heap.emplace(std::string(s.RecordKey()), i);
    if (!s.it->status().ok()) return s.it->status();
    v1::MergedRecord record;
    if (!record.ParseFromString(bytes)) {
      return absl::DataLossError(absl::StrCat("unparsable record ", key));
    }
    if (!Matches(catalog, filter, jurisdiction, record)) continue;
    if (!filter.region_code.empty() &&
        !catalog.InSubtree(record.key().region_code(), filter.region_code)) {
      continue;
    }
    if (static_cast<int>(page.records.size()) == page_size) {
      page.next_page_token = absl::WebSafeBase64Escape(last);
      break;
    }
    MarkOverdue(catalog, now, &record);
    page.records.push_back(std::move(record));
    last = key;
  }
  return page;
}

}  // namespace internal
}  // namespace hub
