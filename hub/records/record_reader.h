// RecordReader: read-only access to the merged records (one per indicator or
// task, region and period) as of one consistent snapshot of the store.
//
// It is the one reader of Column::kRecords and its indexes (keys:
// hub/schema/schema.h): the engine's GetRecord and ListRecords, the
// auditor's history, as-of and rebuild, and the analyst views go through
// it. It needs neither the engine's committer nor gRPC, so any read-only
// component can link it alone (hub::records).
//
// A reader sees the records of one moment, every record and index entry of
// it together (they are written in one batch); records written later are not
// seen, so take one reader per request. It applies no access control: the
// caller decides which region subtree a principal may read and says so in
// the filter.
//
// Records are returned as stored. A task record's `overdue` depends on the
// clock and is therefore not stored; MarkOverdue() sets it when read.
// FilterViolations() checks a filter's codes and period against the
// catalog, for every reader that takes filters from users.
//
// Thread safety: a RecordReader is immutable and its methods may be called
// concurrently. A RecordIterator belongs to one thread.
//
// Status codes: NotFound (no such record), DataLoss (a stored record or
// index entry is damaged), or the store's error.
#ifndef HUB_RECORDS_RECORD_READER_H_
#define HUB_RECORDS_RECORD_READER_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "hub/catalog/catalog.h"
#include "hub/model/errors.h"
#include "hub/store/store.h"
#include "hub/v1/model.pb.h"

namespace hub {

// Which records a scan returns; empty fields do not filter.
struct RecordFilter {
  std::string region_code;  // region and its subtree; empty: every region
  std::string period;
  std::string indicator_code;
  std::string task_code;
  std::string department;  // records this department contributes to
  v1::RecordState state = v1::RECORD_STATE_UNSPECIFIED;
  v1::SubjectKind kind = v1::SUBJECT_KIND_UNSPECIFIED;
};

// The records matching a filter, in storage key order (by subject, then
// region, then period). The scan takes the most selective access path the
// filter allows: the records of one indicator or task, else the department
// or state index, else the region index of every region in the subtree.
class RecordIterator {
 public:
  ~RecordIterator();
  RecordIterator(const RecordIterator&) = delete;
  RecordIterator& operator=(const RecordIterator&) = delete;

  // True while positioned at a matching record; false at the end and after
  // an error (see status()).
  bool Valid() const;
  // Moves to the next matching record. REQUIRES: Valid().
  void Next();
  // The current record as stored. REQUIRES: Valid().
  const v1::MergedRecord& record() const;
  // Its storage key (EncodeRecordKey()); pass it back as start_after to
  // resume after it. REQUIRES: Valid().
  const std::string& key() const;
  // Its stored bytes. REQUIRES: Valid().
  const std::string& bytes() const;
  // OK unless the scan stopped at damage or a store error.
  absl::Status status() const;

 private:
  friend class RecordReader;
  struct Stream;
  RecordIterator(std::shared_ptr<const Snapshot> snapshot,
                 std::shared_ptr<const Catalog> catalog, RecordFilter filter,
                 const std::string& start_after);
  void Plan();     // opens the streams of the access path
  void Advance();  // to the next matching record, from the stream heads
  bool Matches(const v1::MergedRecord& record) const;

  std::shared_ptr<const Snapshot> snapshot_;
  std::shared_ptr<const Catalog> catalog_;
  RecordFilter filter_;
  std::vector<Stream> streams_;
  // (record key, stream index) of every stream's head, a min-heap.
  std::vector<std::pair<std::string, size_t>> heap_;
  bool valid_ = false;
  std::string key_;
  std::string bytes_;
  v1::MergedRecord record_;
  absl::Status status_;
};

class RecordReader {
 public:
  // Reads the records as of snapshot, with catalog's region tree for
  // subtree filters. Both are shared and kept alive by the reader and its
  // iterators.
  RecordReader(std::shared_ptr<const Snapshot> snapshot,
               std::shared_ptr<const Catalog> catalog);

  // The record stored under key. NotFound ("no record for indicator ...")
  // when no department has reported on it, DataLoss when it is damaged.
  absl::StatusOr<v1::MergedRecord> Get(const v1::RecordKey& key) const;
  // As Get(), parsing into *record (e.g. a message on the caller's arena,
  // for readers that hold many records); *record is unspecified on error.
  absl::Status Get(const v1::RecordKey& key, v1::MergedRecord* record) const;

  // The records matching filter whose storage key is greater than
  // start_after ("" from the first), positioned at the first of them.
  std::unique_ptr<RecordIterator> Scan(const RecordFilter& filter,
                                       absl::string_view start_after) const;

  // How many records are in state: a count of the state index's entries,
  // reading no record (for the metrics' open conflicts).
  absl::StatusOr<uint64_t> Count(v1::RecordState state) const;

  // The catalog the reader was given.
  const Catalog& catalog() const { return *catalog_; }

 private:
  std::shared_ptr<const Snapshot> snapshot_;
  std::shared_ptr<const Catalog> catalog_;
};

// The problems of filter against catalog, one field violation each (field
// names as in hub.v1.ListRecordsRequest): a region, indicator, task or
// department the catalog does not know, a period that is not canonical
// period text ("2024上半年" is not; "2024H1" is). Empty when the filter is
// valid; an empty field is always valid. Callers return them as
// InvalidArgument (hub/model/errors.h) instead of an empty result.
std::vector<FieldViolation> FilterViolations(const Catalog& catalog,
                                             const RecordFilter& filter);

// Whether a task is overdue as reported for one period (DESIGN.md section
// 4): its deadline (the end of a date, or of a year, in China Standard
// Time) has come by the earlier of the end of the period reported on and
// now, and the status is not completed. A 2024H1 report "in progress" for a
// task due 2024-12-31 is not overdue; the 2024 report of it is, once 2024
// has ended (or now, when now is later than the deadline); an ongoing task
// (持续推进) never is.
struct TaskOverdue {
  bool overdue = false;
  bool has_deadline = false;  // false for 持续推进 and unparsable deadlines
  absl::CivilDay due;         // the deadline's last day, when has_deadline
  absl::CivilDay as_of;       // the day judged at: min(period end, today)
  int days = 0;  // days from the deadline to as_of; 0 when due on that day
};
// REQUIRES: period is canonical period text (else nothing is overdue).
TaskOverdue JudgeOverdue(const v1::Task& task, absl::string_view period,
                         v1::TaskStatus status, absl::Time now);

// Sets record->overdue for a task record by JudgeOverdue() of its period
// and merged status. Leaves indicator records, and tasks the catalog does
// not know, alone.
void MarkOverdue(const Catalog& catalog, absl::Time now,
                 v1::MergedRecord* record);

}  // namespace hub

#endif  // HUB_RECORDS_RECORD_READER_H_
