#include "hub/views/internal/watch.h"

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/schema/schema.h"
#include "hub/views/internal/regions.h"
#include "hub/views/internal/rollup.h"

namespace hub {
namespace views_internal {
namespace {

// A change of a merged record (CONFLICT_OPENED repeats its RECORD_CHANGED).
bool IsRecordChange(const v1::ChangeEvent& e) {
  return e.has_record_key() && e.has_after() &&
         e.kind() != v1::EVENT_KIND_CONFLICT_OPENED;
}

}  // namespace

ViewWatcher::ViewWatcher(const v1::WatchRequest& request, std::string root)
    : root_(std::move(root)),
      indicators_(request.indicator_codes().begin(),
                  request.indicator_codes().end()),
      period_(request.period()),
      cursor_(request.after_sequence()) {}

bool ViewWatcher::Watched(const Catalog& catalog,
                          const v1::ChangeEvent& e) const {
  if (!IsRecordChange(e)) return false;
  const v1::RecordKey& k = e.record_key();
  return k.kind() == v1::SUBJECT_KIND_INDICATOR &&
         (indicators_.empty() || indicators_.count(k.code()) > 0) &&
         (period_.empty() || k.period() == period_) &&
         catalog.InSubtree(k.region_code(), root_);
}

absl::Status ViewWatcher::NoteFirstChanges(const Catalog& catalog,
                                           const LogReader& log) {
  first_before_.clear();
  std::unique_ptr<LogIterator> it = log.NewIterator(cursor_);
  for (; it->Valid(); it->Next()) {
    HUB_ASSIGN_OR_RETURN(v1::ChangeEvent e, it->event());
    if (!Watched(catalog, e)) continue;
    std::string key = EncodeRecordKey(e.record_key());
    if (first_before_.count(key) > 0) continue;
    first_before_[key] = e.has_before()
                             ? std::optional<v1::MergedRecord>(e.before())
                             : std::nullopt;
  }
  return it->status();
}

absl::StatusOr<ViewWatcher::Slot*> ViewWatcher::Load(
    const RecordReader& records, const v1::RecordKey& key) {
  auto [it, fresh] = slots_.try_emplace({key.code(), key.period()});
  if (!fresh) return &it->second;
  for (const std::string& region : records.catalog().Subtree(root_)) {
    v1::RecordKey k = key;
    k.set_region_code(region);
    auto noted = first_before_.find(EncodeRecordKey(k));
    if (noted != first_before_.end()) {
      it->second[region] = noted->second;
      continue;
    }
    absl::StatusOr<v1::MergedRecord> r = records.Get(k);
    if (r.ok()) {
      it->second[region] = *std::move(r);
    } else if (!absl::IsNotFound(r.status())) {
      slots_.erase(it);
      return r.status();
    }
  }
  return &it->second;
}

absl::StatusOr<v1::ViewChange> ViewWatcher::Apply(const RecordReader& records,
                                                  const v1::ChangeEvent& e) {
  const Catalog& catalog = records.catalog();
  const v1::RecordKey& key = e.record_key();
  HUB_ASSIGN_OR_RETURN(Slot * slot, Load(records, key));
  (*slot)[key.region_code()] = e.after();
  v1::ViewChange c;
  c.set_sequence(e.sequence());
  c.set_time_micros(e.time_micros());
  c.set_kind(e.kind());
  *c.mutable_key() = key;
  c.set_value_before(e.before().value());
  c.set_state_before(e.before().state());
  c.set_value(e.after().value());
  c.set_state(e.after().state());
  c.set_version(e.after().version());
  const v1::Indicator* ind = catalog.FindIndicator(key.code());
  if (ind == nullptr || !CheckRollsUp(*ind).ok()) return c;
  auto lookup = [slot](const std::string& region)
      -> absl::StatusOr<const v1::MergedRecord*> {
    auto it = slot->find(region);
    return it == slot->end() || !it->second.has_value() ? nullptr
                                                        : &*it->second;
  };
  for (const std::string& a :
       AncestorsWithin(catalog, key.region_code(), root_)) {
    std::vector<std::string> units = Units(catalog, a, *ind);
    if (units.size() == 1 && units[0] == a) continue;  // its record is it
    HUB_ASSIGN_OR_RETURN(*c.add_rollups(),
                         ComputeRollup(catalog, *ind, a, key.period(), lookup,
                                       /*with_parts=*/false));
  }
  return c;
}

absl::StatusOr<bool> ViewWatcher::Advance(const RecordReader& records,
                                          const LogReader& log, uint64_t to,
                                          const WatchSink& sink) {
  if (to <= cursor_) return true;
  const Catalog& catalog = records.catalog();
  HUB_RETURN_IF_ERROR(NoteFirstChanges(catalog, log));
  std::unique_ptr<LogIterator> it = log.NewIterator(cursor_, to);
  for (; it->Valid(); it->Next()) {
    HUB_ASSIGN_OR_RETURN(v1::ChangeEvent e, it->event());
    cursor_ = e.sequence();
    if (!Watched(catalog, e)) continue;
    v1::WatchResponse response;
    HUB_ASSIGN_OR_RETURN(*response.mutable_change(), Apply(records, e));
    response.set_resume_after(cursor_);
    if (!sink(response)) return false;
  }
  HUB_RETURN_IF_ERROR(it->status());
  if (cursor_ < to) {
    return absl::DataLossError(
        absl::StrCat("log ends at ", cursor_, " before sequence ", to));
  }
  return true;
}

}  // namespace views_internal
}  // namespace hub
