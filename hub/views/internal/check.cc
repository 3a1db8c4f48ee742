#include "hub/views/internal/check.h"

#include "absl/strings/str_cat.h"
#include "hub/access/access_policy.h"
#include "hub/records/record_reader.h"

namespace hub {
namespace views_internal {

void RequestCheck::AddAll(const std::vector<FieldViolation>& v,
                          const std::string& field) {
  for (const FieldViolation& f : v) Add(field, f.description);
}

std::string RequestCheck::Region(const std::string& region_code) {
  if (region_code.empty()) return principal_.region;
  RecordFilter f;
  f.region_code = region_code;
  std::vector<FieldViolation> v = FilterViolations(catalog_, f);
  AddAll(v, "region_code");
  if (v.empty()) region_ = region_code;
  return region_code;
}

std::optional<Period> RequestCheck::PeriodOf(const std::string& field,
                                             const std::string& text,
                                             bool required) {
  if (text.empty()) {
    if (required) Add(field, "required, e.g. \"2024H1\" or \"2024\"");
    return std::nullopt;
  }
  absl::StatusOr<Period> p = Period::Parse(text);
  if (!p.ok()) {
    Add(field, std::string(p.status().message()));
    return std::nullopt;
  }
  return *p;
}

void RequestCheck::Indicators(
    const google::protobuf::RepeatedPtrField<std::string>& codes) {
  for (int i = 0; i < codes.size(); ++i) {
    RecordFilter f;
    f.indicator_code = codes[i];
    AddAll(FilterViolations(catalog_, f),
           absl::StrCat("indicator_codes[", i, "]"));
    if (codes[i].empty())
      Add(absl::StrCat("indicator_codes[", i, "]"), "empty");
  }
}

const v1::Plan* RequestCheck::Plan(const std::string& code, bool required) {
  if (code.empty()) {
    if (required) Add("plan_code", "required, e.g. \"sm2024\"");
    return nullptr;
  }
  const v1::Plan* plan = catalog_.FindPlan(code);
  if (plan == nullptr) {
    Add("plan_code", absl::StrCat("unknown plan \"", code, "\""));
  }
  return plan;
}

void RequestCheck::Department(const std::string& code) {
  RecordFilter f;
  f.department = code;
  AddAll(FilterViolations(catalog_, f), "department");
}

int RequestCheck::PageSize(int page_size) {
  if (page_size < 0 || page_size > 1000) {
    Add("page_size", absl::StrCat(page_size, " is not in 0..1000"));
  }
  return page_size == 0 ? 100 : page_size;
}

absl::Status RequestCheck::Done() const {
  if (!violations_.empty()) {
    return InvalidArgumentWithViolations("bad view request", violations_);
  }
  // A view is read from merged records: the access policy's one decision
  // for reading records, for the principal's role and the region.
  return access::AccessPolicy(catalog_).Check(
      principal_, access::Action::kReadRecords,
      access::Target::Region(region_, region_.empty() ? "" : "region_code"));
}

}  // namespace views_internal
}  // namespace hub
