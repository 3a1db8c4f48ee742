// Deterministic demo data: a year of submissions from the health commission,
// medical insurance and finance for the four jurisdictions of the seeds,
// each in its plan's year (Sanming 2024, Nanyang 2022, Qijiang 2022,
// Zhengzhou 2021).
//
// Generated from the catalog alone with a fixed seed, so the same catalog
// always gives the same submissions, byte for byte. It includes deliberate
// disagreements (per-person resident-insurance subsidy reported by finance
// and medical insurance; county-internal fund spending share by medical
// insurance and the health commission) and a correction. The owners' final
// figures of the year before (shares, per-person standards), received in
// mid-January, are the baselines that targets against the previous year
// ("+30 元", "+1 个百分点") compare with.
//
// Against the reporting calendar (Sanming's: the first half by 25 July, the
// first three quarters by 25 September, the year by 25 November, each by
// the end of that day in CST; the other jurisdictions' plans set no dates,
// and their demo years follow the same calendar) the year holds reports
// received on time, reports received late, and reports that never come:
//  * late: the health commission's three-quarter figures (received 27
//    September), medical insurance's annual figures (received 28 November,
//    although its own clock stamped them 25 November), and medical
//    insurance's first-half task progress (29 July);
//  * missing: medical insurance's annual figures leave out the last county
//    of each jurisdiction, and finance sends no three-quarter task progress.
// Every other report is received before its date.
#ifndef HUB_TOOLS_DEMO_DEMO_DATA_H_
#define HUB_TOOLS_DEMO_DEMO_DATA_H_

#include <cstdint>
#include <string>
#include <vector>

#include "hub/v1/model.pb.h"

namespace hub {

struct DemoSubmission {
  std::string principal;  // e.g. "medical_insurance@350400"
  // submitted_at_micros is the department system's own clock; the hub's
  // transaction time is when it received the report.
  v1::Submission submission;
  int64_t received_at_micros = 0;  // UTC; `hubctl demo load` delivers then
};

// The instant the demo's catalog is loaded: the start (09:00 CST, 1
// January) of the earliest plan year, before every demo report.
int64_t DemoCatalogMicros(const v1::Catalog& catalog);

// Submissions in the order the hub receives them (received_at_micros).
std::vector<DemoSubmission> GenerateDemo(const v1::Catalog& catalog);

}  // namespace hub

#endif  // HUB_TOOLS_DEMO_DEMO_DATA_H_
