// Internal to hub/views: the live stream of view changes (views.proto,
// "watch"). A ViewWatcher follows the change log from a sequence number and
// turns each change of a watched merged record into a ViewChange with the
// roll-ups it moved, each as of that change.
//
// The roll-ups of an event need the records of its indicator and period as
// they stood just before it, but a reader sees the store of one later
// moment (its snapshot, at log head H). The watcher therefore reads the log
// to H twice: first to note, for each watched record, the `before` of its
// first change after the cursor (its state at the cursor), then to emit the
// changes, loading each (indicator, period) on first touch from the
// snapshot corrected by those notes, and keeping it current by each event's
// `after`. Resuming from a sequence builds the same state, so a resumed
// stream continues exactly where the old one stopped.
#ifndef HUB_VIEWS_INTERNAL_WATCH_H_
#define HUB_VIEWS_INTERNAL_WATCH_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "hub/log/log_reader.h"
#include "hub/records/record_reader.h"
#include "hub/v1/views.pb.h"

namespace hub {
namespace views_internal {

// Receives each change (and progress); returns false to stop.
using WatchSink = std::function<bool(const v1::WatchResponse&)>;

class ViewWatcher {
 public:
  // Watches request's indicators (all when empty) and period (all when
  // empty) in root's subtree, from request.after_sequence().
  ViewWatcher(const v1::WatchRequest& request, std::string root);

  // Emits every watched change in (cursor(), to], then moves the cursor to
  // to. REQUIRES: to <= the head of log; records and log of one snapshot.
  // Returns false when the sink said stop.
  absl::StatusOr<bool> Advance(const RecordReader& records,
                               const LogReader& log, uint64_t to,
                               const WatchSink& sink);

  uint64_t cursor() const { return cursor_; }

 private:
  // (indicator, period) -> region -> the record as of the cursor (nullopt:
  // none).
  using Slot = std::map<std::string, std::optional<v1::MergedRecord>>;
  using SlotKey = std::pair<std::string, std::string>;

  bool Watched(const Catalog& catalog, const v1::ChangeEvent& event) const;
  absl::Status NoteFirstChanges(const Catalog& catalog, const LogReader& log);
  absl::StatusOr<Slot*> Load(const RecordReader& records,
                             const v1::RecordKey& key);
  absl::StatusOr<v1::ViewChange> Apply(const RecordReader& records,
                                       const v1::ChangeEvent& event);

  const std::string root_;
  const std::set<std::string> indicators_;
  const std::string period_;
  uint64_t cursor_;
  std::map<SlotKey, Slot> slots_;
  // Encoded record key -> the record before its first change after the
  // cursor, for the current snapshot (nullopt: created by that change).
  std::map<std::string, std::optional<v1::MergedRecord>> first_before_;
};

}  // namespace views_internal
}  // namespace hub

#endif  // HUB_VIEWS_INTERNAL_WATCH_H_
