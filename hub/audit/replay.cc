// Auditor: replay of the change log with filters, to a sequence or live.
#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "hub/access/access_policy.h"
#include "hub/audit/auditor.h"
#include "hub/audit/internal/versions.h"
#include "hub/common/status_macros.h"
#include "hub/log/event_header.h"
#include "hub/log/log_reader.h"
#include "hub/model/errors.h"

namespace hub {
namespace {

constexpr int kRead = 4096;                // events read per snapshot
constexpr uint64_t kProgressEvery = 1024;  // skipped events between reports

bool ParseBytes(absl::string_view bytes, google::protobuf::Message* m) {
  return m->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
}

// The access policy's MayReadEvent on an event's header: its actor and the
// region of its record key or period lock (a damaged one reads as hidden).
bool MayRead(const access::AccessPolicy& policy, const Principal& principal,
             const EventHeader& header) {
  access::AccessPolicy::EventParties parties;
  parties.actor = header.actor;
  v1::RecordKey key;
  v1::PeriodLock lock;
  if (header.has_record_key) {
    if (!ParseBytes(header.record_key, &key)) return false;
    parties.has_record_key = true;
    parties.record_region = key.region_code();
  } else if (header.has_lock) {
    if (!ParseBytes(header.lock, &lock)) return false;
    parties.has_lock = true;
    parties.lock_region = lock.region_code();
  }
  return policy.MayReadEvent(principal, parties);
}

// Matches an event against a filter, on its header (hub/log/event_header.h):
// the region, subject and period filters look at the event's record key,
// the period lock it changes, or the items of the submission it carries;
// the department filter at the submission and the actor. Only what a
// filter needs is parsed.
class EventMatcher {
 public:
  EventMatcher(const v1::ReplayFilter& filter, const Catalog& catalog)
      : filter_(filter), catalog_(catalog) {}

  bool Matches(const EventHeader& event) const {
    if (!filter_.kinds().empty() &&
        std::find(filter_.kinds().begin(), filter_.kinds().end(), event.kind) ==
            filter_.kinds().end()) {
      return false;
    }
    if (!filter_.department().empty() && !DepartmentMatches(event))
      return false;
    if (!HasRecordFilter()) return true;
    if (event.has_record_key) {
      v1::RecordKey key;
      return ParseBytes(event.record_key, &key) && KeyMatches(key);
    }
    if (event.has_lock) {
      v1::PeriodLock lock;
      return ParseBytes(event.lock, &lock) && LockMatches(lock);
    }
    if (event.submission_body.empty()) return false;
    v1::Submission body;
    if (!ParseBytes(event.submission_body, &body)) return false;
    for (const v1::SubmissionItem& item : body.items()) {
      if (ItemMatches(item)) return true;
    }
    return false;
  }

 private:
  bool HasRecordFilter() const {
    return !filter_.region_code().empty() ||
           !filter_.indicator_code().empty() || !filter_.task_code().empty() ||
           !filter_.period().empty();
  }
  bool DepartmentMatches(const EventHeader& event) const {
    const std::string& d = filter_.department();
    absl::StatusOr<absl::string_view> dep = ReadDepartment(event.submission);
    if (dep.ok() && *dep == d) return true;
    dep = ReadDepartment(event.submission_body);
    if (dep.ok() && *dep == d) return true;
    return event.actor.size() > d.size() && absl::StartsWith(event.actor, d) &&
           event.actor[d.size()] == '@';
  }
  bool Matches(v1::SubjectKind kind, const std::string& code,
               const std::string& region, const std::string& period) const {
    if (!filter_.region_code().empty() &&
        !catalog_.InSubtree(region, filter_.region_code())) {
      return false;
    }
    if (!filter_.period().empty() && period != filter_.period()) return false;
    if (!filter_.indicator_code().empty() &&
        (kind != v1::SUBJECT_KIND_INDICATOR ||
         code != filter_.indicator_code())) {
      return false;
    }
    if (!filter_.task_code().empty() &&
        (kind != v1::SUBJECT_KIND_TASK || code != filter_.task_code())) {
      return false;
    }
    return true;
  }
  bool KeyMatches(const v1::RecordKey& k) const {
    return Matches(k.kind(), k.code(), k.region_code(), k.period());
  }
  // A period approval, lock or unlock concerns every record of its period
  // in its region's subtree: it matches a region filter that overlaps that
  // subtree and a period filter naming its period; subject filters do not
  // apply to it.
  bool LockMatches(const v1::PeriodLock& lock) const {
    const std::string& r = filter_.region_code();
    if (!r.empty() && !catalog_.InSubtree(lock.region_code(), r) &&
        !catalog_.InSubtree(r, lock.region_code())) {
      return false;
    }
    return filter_.period().empty() || lock.period() == filter_.period();
  }
  bool ItemMatches(const v1::SubmissionItem& item) const {
    if (item.has_indicator_value()) {
      const auto& v = item.indicator_value();
      return Matches(v1::SUBJECT_KIND_INDICATOR, v.indicator_code(),
                     v.region_code(), v.period());
    }
    const auto& t = item.task_progress();
    return Matches(v1::SUBJECT_KIND_TASK, t.task_code(), t.region_code(),
                   t.period());
  }

  const v1::ReplayFilter& filter_;
  const Catalog& catalog_;
};

// A replay's position, the matching events not yet sent, and what its sink
// has been told. Sends a batch when it is full (by count or bytes), and
// progress every kProgressEvery skipped events so a resumed replay need not
// rescan.
class Cursor {
 public:
  Cursor(const ReplayOptions& options, const ReplayBatchSink& sink)
      : pos_(options.after_sequence),
        reported_(options.after_sequence),
        max_events_(std::max<size_t>(options.max_batch, 1)),
        max_bytes_(options.max_batch_bytes),
        sink_(sink) {}

  uint64_t pos() const { return pos_; }

  // Takes the next event (the log reader guarantees it is the one after
  // pos()); false when the sink says stop.
  bool Step(uint64_t sequence, absl::string_view bytes, bool matches) {
    // A batch stays within max_bytes_ unless it is one event: the pending
    // ones go first (reported through the event before this one).
    if (matches && count_ > 0 && bytes_ + bytes.size() > max_bytes_ &&
        !Tell()) {
      return false;
    }
    pos_ = sequence;
    if (matches) {
      if (batch_.size() == count_) batch_.emplace_back();
      batch_[count_++].assign(bytes.data(), bytes.size());
      bytes_ += bytes.size();
      if (count_ >= max_events_ || bytes_ >= max_bytes_) return Tell();
      return true;
    }
    if (pos_ - reported_ >= kProgressEvery) return Tell();
    return true;
  }

  // Sends what is pending and reports progress through pos() unless the
  // sink knows it already.
  bool Flush() { return (pos_ == reported_ && count_ == 0) || Tell(); }

 private:
  bool Tell() {
    reported_ = pos_;
    const bool go_on = sink_(absl::MakeConstSpan(batch_.data(), count_), pos_);
    count_ = 0;
    bytes_ = 0;
    return go_on;
  }

  uint64_t pos_;
  uint64_t reported_;
  const size_t max_events_;
  const size_t max_bytes_;
  // batch_[0, count_) is pending; the strings beyond keep their buffers.
  std::vector<std::string> batch_;
  size_t count_ = 0;
  size_t bytes_ = 0;
  const ReplayBatchSink& sink_;
};

// The access check of a replay: the log, and the filter's region and
// department within the principal's reach.
absl::Status AuthorizeReplay(const access::AccessPolicy& policy,
                             const Principal& principal,
                             const v1::ReplayFilter& filter) {
  using access::Action;
  using access::Target;
  absl::Status s = policy.Check(principal, Action::kReadLog);
  if (s.ok() && !filter.region_code().empty()) {
    s = policy.Check(
        principal, Action::kReadLog,
        Target::Region(filter.region_code(), "filter.region_code"));
  }
  if (s.ok() && !filter.department().empty()) {
    s = policy.Check(principal, Action::kReadLog,
                     Target::DataOf(filter.department(), "filter.department"));
  }
  return s;
}

}  // namespace

absl::Status Auditor::Replay(const Principal& principal,
                             const ReplayOptions& options,
                             const ReplaySink& sink) const {
  ReplayOptions one = options;
  one.max_batch = 1;
  absl::Status parse_error;
  absl::Status s = ReplayBatches(
      principal, one,
      [&](absl::Span<const std::string> events, uint64_t resume_after) {
        if (events.empty()) return sink(nullptr, resume_after);
        v1::ChangeEvent event;
        if (!event.ParseFromString(events[0])) {
          parse_error = absl::DataLossError(
              absl::StrCat("event ", resume_after, " does not parse"));
          return false;
        }
        return sink(&event, resume_after);
      });
  return s.ok() ? parse_error : s;
}

absl::Status Auditor::ReplayBatches(const Principal& principal,
                                    const ReplayOptions& options,
                                    const ReplayBatchSink& sink) const {
  const v1::ReplayFilter& filter = options.filter;
  HUB_RETURN_IF_ERROR(AuthorizeReplay(access::AccessPolicy(*hub_->catalog()),
                                      principal, filter));
  if (options.max_batch > kMaxReplayBatch) {
    return InvalidArgumentWithViolations(
        "bad request",
        {MakeViolation(
            "batch_size",
            absl::StrCat(options.max_batch, " is not in 0..", kMaxReplayBatch),
            reason::kBatchSizeOutOfRange,
            {{"value", absl::StrCat(options.max_batch)},
             {"max", absl::StrCat(kMaxReplayBatch)}})});
  }
  if (options.to_sequence != 0 &&
      options.to_sequence < options.after_sequence) {
    return absl::InvalidArgumentError(
        absl::StrCat("to_sequence: ", options.to_sequence,
                     " is before after_sequence ", options.after_sequence));
  }
  uint64_t end = options.to_sequence;  // 0: follow forever
  if (!options.follow) {
    uint64_t head = hub_->head().sequence;
    end = end == 0 ? head : std::min(end, head);
  }
  Cursor cursor(options, sink);
  while (end == 0 || cursor.pos() < end) {
    std::shared_ptr<const Catalog> catalog = hub_->catalog();
    EventMatcher matcher(filter, *catalog);
    const access::AccessPolicy policy(*catalog);
    const LogReader log = hub_->NewReaders().log;
    uint64_t to = cursor.pos() + kRead;
    if (end != 0) to = std::min(to, end);
    int read = 0;
    std::unique_ptr<LogIterator> it = log.NewIterator(cursor.pos(), to);
    for (; it->Valid(); it->Next(), ++read) {
      HUB_ASSIGN_OR_RETURN(EventHeader header, ReadEventHeader(it->bytes()));
      if (header.sequence != it->sequence()) {
        return absl::DataLossError(
            absl::StrCat("event stored as ", it->sequence(), " names sequence ",
                         header.sequence));
      }
      const bool shown =
          matcher.Matches(header) && MayRead(policy, principal, header);
      if (!cursor.Step(it->sequence(), it->bytes(), shown)) {
        return absl::OkStatus();
      }
    }
    HUB_RETURN_IF_ERROR(it->status());
    const bool done = end != 0 && cursor.pos() >= end;
    if (read == 0 || done) {
      if (!cursor.Flush()) return absl::OkStatus();
      if (done) break;
      // Following live: an idle progress call (resume_after unchanged)
      // lets a gone client end the replay; then wait for the next commit
      // (woken by it, or after follow_idle to look at the client again).
      if (!sink({}, cursor.pos())) return absl::OkStatus();
      hub_->WaitForCommit(cursor.pos(), options_.follow_idle);
    }
  }
  return absl::OkStatus();
}

}  // namespace hub
