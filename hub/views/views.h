// Views: the analyst views of the reform data-exchange hub, for the reform
// office's (医改办) daily questions -- are we on track, who has not reported
// (or reported late), which tasks are late and who lags (DESIGN.md section
// 5). Requests and results are the messages of protos/hub/v1/views.proto,
// which states every rule (roll-up, attainment states and the on-track
// rule, timeliness, overdue, ranking) once.
//
// Views is a read-only component: it reads the merged records and the
// change log through readers of one consistent moment (hub/records,
// hub/log) and the catalog they carry. It needs neither the engine's
// committer nor gRPC; hub/server wires it to the Hub and serves it as
// hub.v1.ViewService.
//
// Every request reads one fresh moment (as_of_sequence in the result), and
// is limited to the principal's jurisdiction.
//
// Thread safety: all methods may be called concurrently.
//
// Status codes:
//   InvalidArgument     a bad request: an unknown indicator, region, plan
//                       or department, a malformed period, a period not in
//                       the plan's calendar, a bad page size or token; with
//                       one field violation each (hub/model/errors.h)
//   PermissionDenied    region_code outside the principal's jurisdiction
//   FailedPrecondition  a roll-up of an indicator whose rollup rule is
//                       "none" (the message names the rule); a reporting
//                       view of a plan without a reporting calendar
//   DataLoss            a stored record or event is damaged
#ifndef HUB_VIEWS_VIEWS_H_
#define HUB_VIEWS_VIEWS_H_

#include <functional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "hub/log/log_reader.h"
#include "hub/model/principal.h"
#include "hub/records/record_reader.h"
#include "hub/v1/views.pb.h"

namespace hub {

// Readers of one moment of the hub: its merged records (with the catalog in
// force then) and its change log, over the same snapshot.
struct ViewReaders {
  RecordReader records;
  LogReader log;
};

struct ViewsOptions {
  // Takes readers of the hub as it is now; called once per request (and per
  // poll of a watch). E.g. from Hub::NewReaders(). Required.
  std::function<ViewReaders()> readers;
  // "Now": decides which reports are not yet due, and overdue as of today
  // within a period that has not ended. Use the hub's clock.
  std::function<absl::Time()> clock = [] { return absl::Now(); };
  // How often a following watch looks for new events.
  absl::Duration watch_poll = absl::Milliseconds(50);
};

// Receives each response of a watch: a change, or progress only (no
// change: every event through resume_after has been considered; repeated
// about every watch_poll while the log is idle, so a gone client can be
// noticed). Returns false to end the watch.
using WatchSink = std::function<bool(const v1::WatchResponse&)>;

class Views {
 public:
  explicit Views(ViewsOptions options);

  // The roll-ups of request.indicator_codes (every indicator that rolls up
  // when empty) at request.region_code for request.period.
  absl::StatusOr<v1::RollupResponse> Rollups(
      const Principal& principal, const v1::RollupRequest& request) const;

  // One row per applicable target group x region, with the figures each
  // state rests on.
  absl::StatusOr<v1::AttainmentReport> Attainment(
      const Principal& principal, const v1::AttainmentRequest& request) const;

  // Every expected report (department x region x calendar period) of the
  // plans covering the region, with rates per department and region.
  absl::StatusOr<v1::ReportingReport> Reporting(
      const Principal& principal, const v1::ReportingRequest& request) const;

  // Every task of a plan as reported for a period (任务台账).
  absl::StatusOr<v1::LedgerResponse> Ledger(
      const Principal& principal, const v1::LedgerRequest& request) const;

  // Departments and regions ranked by overdue tasks, unreported tasks and
  // late or missing reports (提醒约谈).
  absl::StatusOr<v1::LaggardsResponse> Laggards(
      const Principal& principal, const v1::LaggardsRequest& request) const;

  // Streams changes to sink after request.after_sequence: to to_sequence,
  // or to the head when not following, or (follow without to_sequence)
  // until the sink says stop. Returns OK when it ends so.
  absl::Status Watch(const Principal& principal,
                     const v1::WatchRequest& request,
                     const WatchSink& sink) const;

 private:
  // The region a watch covers, once its request is checked.
  absl::StatusOr<std::string> CheckWatch(const Principal& principal,
                                         const v1::WatchRequest& request) const;

  const ViewsOptions options_;
};

}  // namespace hub

#endif  // HUB_VIEWS_VIEWS_H_
