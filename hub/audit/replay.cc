// Auditor: replay of the change log with filters, to a sequence or live.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "hub/access/access_policy.h"
#include "hub/audit/auditor.h"
#include "hub/audit/internal/versions.h"
#include "hub/common/status_macros.h"
#include "hub/log/log_reader.h"

namespace hub {
namespace {

constexpr int kBatch = 512;
constexpr uint64_t kProgressEvery = 1024;  // skipped events between reports

// Matches an event against a filter: the region, subject and period filters
// look at the event's record key, the period lock it changes, or the items
// of the submission it carries; the department filter at the submission and
// the actor.
class EventMatcher {
 public:
  EventMatcher(const v1::ReplayFilter& filter, const Catalog& catalog)
      : filter_(filter), catalog_(catalog) {}

  bool Matches(const v1::ChangeEvent& event) const {
    if (!filter_.kinds().empty() &&
        std::find(filter_.kinds().begin(), filter_.kinds().end(),
                  event.kind()) == filter_.kinds().end()) {
      return false;
    }
    if (!filter_.department().empty() && !DepartmentMatches(event))
      return false;
    if (!HasRecordFilter()) return true;
    if (event.has_record_key()) return KeyMatches(event.record_key());
    if (event.has_lock()) return LockMatches(event.lock());
    for (const v1::SubmissionItem& item : event.submission_body().items()) {
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
  bool DepartmentMatches(const v1::ChangeEvent& event) const {
    const std::string& d = filter_.department();
    if (event.submission().department() == d) return true;
    if (event.submission_body().department() == d) return true;
    return event.actor().rfind(d + "@", 0) == 0;
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

// A replay's position and what its sink has been told. Reports progress
// every kProgressEvery skipped events so a resumed replay need not rescan.
class Cursor {
 public:
  Cursor(uint64_t after, const ReplaySink& sink)
      : pos_(after), reported_(after), sink_(sink) {}

  uint64_t pos() const { return pos_; }

  // Takes the next event (the log reader guarantees it is the one after
  // pos()); false when the sink says stop.
  bool Step(const v1::ChangeEvent& event, bool matches) {
    pos_ = event.sequence();
    if (matches) return Tell(&event);
    if (pos_ - reported_ >= kProgressEvery) return Tell(nullptr);
    return true;
  }

  // Reports progress through pos() unless the sink knows it already.
  bool Flush() { return pos_ == reported_ || Tell(nullptr); }

 private:
  bool Tell(const v1::ChangeEvent* event) {
    reported_ = pos_;
    return sink_(event, pos_);
  }

  uint64_t pos_;
  uint64_t reported_;
  const ReplaySink& sink_;
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
  const v1::ReplayFilter& filter = options.filter;
  HUB_RETURN_IF_ERROR(AuthorizeReplay(access::AccessPolicy(*hub_->catalog()),
                                      principal, filter));
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
  Cursor cursor(options.after_sequence, sink);
  while (end == 0 || cursor.pos() < end) {
    std::shared_ptr<const Catalog> catalog = hub_->catalog();
    EventMatcher matcher(filter, *catalog);
    const access::AccessPolicy policy(*catalog);
    const LogReader log = hub_->NewReaders().log;
    uint64_t to = cursor.pos() + kBatch;
    if (end != 0) to = std::min(to, end);
    int read = 0;
    std::unique_ptr<LogIterator> it = log.NewIterator(cursor.pos(), to);
    for (; it->Valid(); it->Next(), ++read) {
      HUB_ASSIGN_OR_RETURN(v1::ChangeEvent event, it->event());
      const bool shown =
          matcher.Matches(event) && policy.MayReadEvent(principal, event);
      if (!cursor.Step(event, shown)) return absl::OkStatus();
    }
    HUB_RETURN_IF_ERROR(it->status());
    const bool done = end != 0 && cursor.pos() >= end;
    if (read == 0 || done) {
      if (!cursor.Flush()) return absl::OkStatus();
      if (done) break;
      // Following live: an idle progress call (resume_after unchanged)
      // lets a gone client end the replay; then wait for the next commit
      // (woken by it, or after follow_idle to look at the client again).
      if (!sink(nullptr, cursor.pos())) return absl::OkStatus();
      hub_->WaitForCommit(cursor.pos(), options_.follow_idle);
    }
  }
  return absl::OkStatus();
}

}  // namespace hub
