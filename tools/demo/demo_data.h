// Deterministic demo data: a year of submissions from the health commission,
// medical insurance and finance for the four jurisdictions of the seeds,
// each in its plan's year (Sanming 2024, Nanyang 2022, Qijiang 2022,
// Zhengzhou 2021).
//
// Generated from the catalog alone with a fixed seed, so the same catalog
// always gives the same submissions, byte for byte. It includes deliberate
// disagreements (per-person resident-insurance subsidy reported by finance
// and medical insurance; county-internal fund spending share by medical
// insurance and the health commission), corrections, and reports whose
// client timestamps fall after the plan's reporting date (late).
#ifndef HUB_TOOLS_DEMO_DEMO_DATA_H_
#define HUB_TOOLS_DEMO_DEMO_DATA_H_

#include <string>
#include <vector>

#include "hub/v1/model.pb.h"

namespace hub {

struct DemoSubmission {
  std::string principal;  // e.g. "medical_insurance@350400"
  v1::Submission submission;
};

// Submissions in the order a real year would deliver them.
std::vector<DemoSubmission> GenerateDemo(const v1::Catalog& catalog);

}  // namespace hub

#endif  // HUB_TOOLS_DEMO_DEMO_DATA_H_
