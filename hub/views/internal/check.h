// Internal to hub/views: checking a view request against the catalog and
// the caller's jurisdiction, every problem at once.
#ifndef HUB_VIEWS_INTERNAL_CHECK_H_
#define HUB_VIEWS_INTERNAL_CHECK_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "google/protobuf/repeated_field.h"
#include "hub/catalog/catalog.h"
#include "hub/common/period.h"
#include "hub/model/errors.h"
#include "hub/model/principal.h"

namespace hub {
namespace views_internal {

class RequestCheck {
 public:
  // Both borrowed; they must outlive the check.
  RequestCheck(const Catalog& catalog, const Principal& principal)
      : catalog_(catalog), principal_(principal) {}

  // The region a view covers: region_code ("region_code"), or the
  // principal's jurisdiction when empty.
  std::string Region(const std::string& region_code);
  // Region() of region_code, or of plan's jurisdiction when region_code is
  // empty and plan is not null (a plan's view covers the plan's region).
  std::string PlanRegion(const v1::Plan* plan, const std::string& region_code) {
    return Region(region_code.empty() && plan != nullptr ? plan->region_code()
                                                         : region_code);
  }
  // The period of field; nullopt when empty (a violation when required) or
  // malformed.
  std::optional<Period> PeriodOf(const std::string& field,
                                 const std::string& text, bool required);
  // Each code must name an indicator ("indicator_codes[i]").
  void Indicators(const google::protobuf::RepeatedPtrField<std::string>& codes);
  // The plan of "plan_code"; nullptr when empty (a violation when required)
  // or unknown.
  const v1::Plan* Plan(const std::string& code, bool required);
  void Department(const std::string& code);  // "department"; empty is fine
  // page_size 0 means 100; at most 1000.
  int PageSize(int page_size);
  void Add(std::string field, std::string description) {
    violations_.push_back({std::move(field), std::move(description)});
  }

  // InvalidArgument with every violation; else the access policy's answer
  // for reading records of the region (PermissionDenied outside the
  // principal's jurisdiction or role); else OK.
  absl::Status Done() const;

 private:
  void AddAll(const std::vector<FieldViolation>& v, const std::string& field);

  const Catalog& catalog_;
  const Principal& principal_;
  std::vector<FieldViolation> violations_;
  std::string region_;  // a known region named by the request
};

}  // namespace views_internal
}  // namespace hub

#endif  // HUB_VIEWS_INTERNAL_CHECK_H_
