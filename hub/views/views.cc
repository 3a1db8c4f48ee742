// Views: each method checks its request, takes readers of one moment, and
// hands them to the view's builder in internal/.
#include "hub/views/views.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/views/internal/attainment.h"
#include "hub/views/internal/build.h"
#include "hub/views/internal/check.h"
#include "hub/views/internal/record_cache.h"
#include "hub/views/internal/rollup.h"
#include "hub/views/internal/watch.h"

namespace hub {

using views_internal::RecordCache;
using views_internal::RequestCheck;

namespace {

// out, stamped with the log head its readers saw (as_of_sequence).
template <typename Response>
absl::StatusOr<Response> AsOf(const ViewReaders& readers, Response out) {
  HUB_ASSIGN_OR_RETURN(LogHead head, readers.log.Head());
  out.set_as_of_sequence(head.sequence);
  return out;
}

}  // namespace

Views::Views(ViewsOptions options) : options_(std::move(options)) {}

absl::StatusOr<v1::RollupResponse> Views::Rollups(
    const Principal& principal, const v1::RollupRequest& request) const {
  ViewReaders readers = options_.readers();
  const Catalog& catalog = readers.records.catalog();
  RequestCheck check(catalog, principal);
  const std::string region = check.Region(request.region_code());
  check.PeriodOf("period", request.period(), /*required=*/true);
  check.Indicators(request.indicator_codes());
  HUB_RETURN_IF_ERROR(check.Done());
  RecordCache records(&readers.records);
  v1::RollupResponse out;
  HUB_ASSIGN_OR_RETURN(
      *out.mutable_rollups(),
      views_internal::BuildRollups(catalog, region, request, &records,
                                   out.mutable_skipped()));
  return AsOf(readers, std::move(out));
}

absl::StatusOr<v1::AttainmentReport> Views::Attainment(
    const Principal& principal, const v1::AttainmentRequest& request) const {
  ViewReaders readers = options_.readers();
  const Catalog& catalog = readers.records.catalog();
  RequestCheck check(catalog, principal);
  const std::string region = check.Region(request.region_code());
  std::optional<Period> period =
      check.PeriodOf("period", request.period(), /*required=*/true);
  check.Indicators(request.indicator_codes());
  check.Plan(request.plan_code(), /*required=*/false);
  const int page_size = check.PageSize(request.page_size());
  HUB_RETURN_IF_ERROR(check.Done());
  RecordCache records(&readers.records);
  HUB_ASSIGN_OR_RETURN(
      v1::AttainmentReport out,
      views_internal::BuildAttainment(catalog, region, *period, request,
                                      page_size, &records));
  return AsOf(readers, std::move(out));
}

absl::StatusOr<v1::ReportingReport> Views::Reporting(
    const Principal& principal, const v1::ReportingRequest& request) const {
  ViewReaders readers = options_.readers();
  const Catalog& catalog = readers.records.catalog();
  RequestCheck check(catalog, principal);
  const std::string region = check.Region(request.region_code());
  check.PeriodOf("period", request.period(), /*required=*/false);
  const v1::Plan* plan = check.Plan(request.plan_code(), /*required=*/false);
  check.Department(request.department());
  const int page_size = check.PageSize(request.page_size());
  HUB_RETURN_IF_ERROR(check.Done());
  RecordCache records(&readers.records);
  const absl::Time now = options_.clock();
  HUB_ASSIGN_OR_RETURN(
      v1::ReportingReport out,
      views_internal::BuildReporting(catalog, region, plan, request, page_size,
                                     now, &records));
  out.set_as_of_micros(ToUnixMicros(now));
  return AsOf(readers, std::move(out));
}

absl::StatusOr<v1::LedgerResponse> Views::Ledger(
    const Principal& principal, const v1::LedgerRequest& request) const {
  ViewReaders readers = options_.readers();
  const Catalog& catalog = readers.records.catalog();
  RequestCheck check(catalog, principal);
  const v1::Plan* plan = check.Plan(request.plan_code(), /*required=*/true);
  const std::string region = check.PlanRegion(plan, request.region_code());
  check.PeriodOf("period", request.period(), /*required=*/false);
  check.Department(request.department());
  const int page_size = check.PageSize(request.page_size());
  HUB_RETURN_IF_ERROR(check.Done());
  RecordCache records(&readers.records);
  HUB_ASSIGN_OR_RETURN(
      v1::LedgerResponse out,
      views_internal::BuildLedger(catalog, *plan, region, request, page_size,
                                  options_.clock(), &records));
  return AsOf(readers, std::move(out));
}

absl::StatusOr<v1::LaggardsResponse> Views::Laggards(
    const Principal& principal, const v1::LaggardsRequest& request) const {
  ViewReaders readers = options_.readers();
  const Catalog& catalog = readers.records.catalog();
  RequestCheck check(catalog, principal);
  const v1::Plan* plan = check.Plan(request.plan_code(), /*required=*/true);
  const std::string region = check.PlanRegion(plan, request.region_code());
  check.PeriodOf("period", request.period(), /*required=*/false);
  if (request.limit() < 0) check.Add("limit", "must not be negative");
  HUB_RETURN_IF_ERROR(check.Done());
  RecordCache records(&readers.records);
  HUB_ASSIGN_OR_RETURN(
      v1::LaggardsResponse out,
      views_internal::BuildLaggards(catalog, *plan, region, request,
                                    options_.clock(), &records));
  return AsOf(readers, std::move(out));
}

absl::StatusOr<std::string> Views::CheckWatch(
    const Principal& principal, const v1::WatchRequest& request) const {
  ViewReaders readers = options_.readers();
  RequestCheck check(readers.records.catalog(), principal);
  std::string region = check.Region(request.region_code());
  check.PeriodOf("period", request.period(), /*required=*/false);
  check.Indicators(request.indicator_codes());
  HUB_ASSIGN_OR_RETURN(LogHead head, readers.log.Head());
  if (request.after_sequence() > head.sequence) {
    check.Add("after_sequence",
              absl::StrCat(request.after_sequence(), " is past the head ",
                           head.sequence, " of the log"));
  }
  if (request.to_sequence() != 0 &&
      request.to_sequence() < request.after_sequence()) {
    check.Add("to_sequence",
              absl::StrCat(request.to_sequence(), " is before after_sequence ",
                           request.after_sequence()));
  }
  HUB_RETURN_IF_ERROR(check.Done());
  return region;
}

absl::Status Views::Watch(const Principal& principal,
                          const v1::WatchRequest& request,
                          const WatchSink& sink) const {
  HUB_ASSIGN_OR_RETURN(std::string region, CheckWatch(principal, request));
  views_internal::ViewWatcher watcher(request, region);
  uint64_t told = request.after_sequence();
  while (true) {
    ViewReaders readers = options_.readers();
    HUB_ASSIGN_OR_RETURN(LogHead head, readers.log.Head());
    uint64_t end = head.sequence;
    if (request.to_sequence() != 0) end = std::min(end, request.to_sequence());
    if (end > watcher.cursor()) {
      HUB_ASSIGN_OR_RETURN(bool more,
                           watcher.Advance(readers.records, readers.log, end,
                                           [&](const v1::WatchResponse& r) {
                                             told = r.resume_after();
                                             return sink(r);
                                           }));
      if (!more) return absl::OkStatus();
    }
    const bool reached_to =
        request.to_sequence() != 0 && watcher.cursor() >= request.to_sequence();
    if (watcher.cursor() != told || !request.follow() || reached_to) {
      v1::WatchResponse progress;
      progress.set_resume_after(watcher.cursor());
      told = watcher.cursor();
      if (!sink(progress)) return absl::OkStatus();
    }
    if (!request.follow() || reached_to) return absl::OkStatus();
    absl::SleepFor(options_.watch_poll);
    // An idle heartbeat lets a gone client end the watch.
    v1::WatchResponse idle;
    idle.set_resume_after(watcher.cursor());
    if (!sink(idle)) return absl::OkStatus();
  }
}

}  // namespace hub
