// The catalog's rules for reading records: which filters are valid, and
// when a task is overdue (record_reader.h).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "hub/common/cst_time.h"
#include "hub/common/period.h"
#include "hub/records/record_reader.h"

namespace hub {

std::vector<FieldViolation> FilterViolations(const Catalog& catalog,
                                             const RecordFilter& filter) {
  std::vector<FieldViolation> out;
  auto unknown = [&](const char* field, const char* what,
                     const std::string& code) {
    out.push_back({field, absl::StrCat("unknown ", what, " \"", code, "\"")});
  };
  if (!filter.region_code.empty() &&
      catalog.FindRegion(filter.region_code) == nullptr) {
    unknown("region_code", "region", filter.region_code);
  }
  if (!filter.period.empty()) {
    absl::StatusOr<Period> p = Period::Parse(filter.period);
    if (!p.ok()) out.push_back({"period", std::string(p.status().message())});
  }
  if (!filter.indicator_code.empty() &&
      catalog.FindIndicator(filter.indicator_code) == nullptr) {
    unknown("indicator_code", "indicator", filter.indicator_code);
  }
  if (!filter.task_code.empty() &&
      catalog.FindTask(filter.task_code) == nullptr) {
    unknown("task_code", "task", filter.task_code);
  }
  if (!filter.department.empty() &&
      catalog.FindDepartment(filter.department) == nullptr) {
    unknown("department", "department", filter.department);
  }
  return out;
}

TaskOverdue JudgeOverdue(const v1::Task& task, absl::string_view period,
                         v1::TaskStatus status, absl::Time now) {
  TaskOverdue out;
  const v1::Deadline& d = task.deadline();
  if (d.kind() == v1::DEADLINE_KIND_DATE) {
    absl::StatusOr<absl::CivilDay> day = ParseDate(d.value());
    if (day.ok()) {
      out.due = *day;
      out.has_deadline = true;
    }
  } else if (d.kind() == v1::DEADLINE_KIND_YEAR) {
    absl::StatusOr<Period> year = Period::Parse(d.value());
    if (year.ok()) {
      out.due = year->LastDay();
      out.has_deadline = true;
    }
  }
  absl::StatusOr<Period> reported = Period::Parse(period);
  if (!out.has_deadline || !reported.ok()) return out;
  // Judged at the end of the period, or now when that is earlier.
  const absl::Time period_end = EndOfDayCst(reported->LastDay());
  const absl::Time as_of = std::min(period_end, now);
  out.as_of = now < period_end ? absl::ToCivilDay(now, ChinaStandardTime())
                               : reported->LastDay();
  out.overdue =
      as_of >= EndOfDayCst(out.due) && status != v1::TASK_STATUS_COMPLETED;
  out.days = out.overdue ? static_cast<int>(out.as_of - out.due) : 0;
  return out;
}

void MarkOverdue(const Catalog& catalog, absl::Time now,
                 v1::MergedRecord* record) {
  if (record->key().kind() != v1::SUBJECT_KIND_TASK) return;
  const v1::Task* task = catalog.FindTask(record->key().code());
  if (task == nullptr) return;
  record->set_overdue(
      JudgeOverdue(*task, record->key().period(), record->status(), now)
          .overdue);
}

}  // namespace hub
