// Test-only fixtures for the engine: a small Sanming catalog taken from the
// seeds (明医改组〔2024〕4号) and submission builders.
#ifndef HUB_ENGINE_INTERNAL_TEST_FIXTURES_H_
#define HUB_ENGINE_INTERNAL_TEST_FIXTURES_H_

#include <string>

#include "hub/engine/hub.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace testing {

inline v1::Catalog SanmingTestCatalog() {
  v1::Catalog c;
  for (auto [code, name] : {std::pair{"finance", "财政局"},
                            {"medical_insurance", "医保局"},
                            {"health_commission", "卫健委"},
                            {"reform_office", "医改办"}}) {
    auto* d = c.add_departments();
    d->set_code(code);
    d->set_name(name);
  }
  for (auto [code, name, parent] : {std::tuple{"350000", "福建省", ""},
                                    {"350400", "三明市", "350000"},
                                    {"350404", "三元区", "350400"},
                                    {"350424", "宁化县", "350400"},
                                    {"410000", "河南省", ""},
                                    {"411300", "南阳市", "410000"}}) {
    auto* r = c.add_regions();
    r->set_code(code);
    r->set_name(name);
    r->set_parent_code(parent);
  }
  auto* sub = c.add_indicators();
  sub->set_code("resident_insurance_subsidy_per_person");
  sub->set_name("居民医保人均财政补助标准");
  sub->set_unit("元/人");
  sub->set_dimension(v1::DIMENSION_YUAN_PER_PERSON);
  sub->set_precision(2);
  sub->add_period_types(v1::PERIOD_TYPE_YEAR);
  sub->set_owner_department("finance");
  sub->add_contributing_departments("medical_insurance");
  sub->set_rule("authoritative_source");
  sub->set_tolerance("1");
  sub->set_min_value("0");
  sub->set_max_value("5000");
  auto* share = c.add_indicators();
  share->set_code("primary_care_visit_share");
  share->set_name("基层诊疗量占比");
  share->set_unit("%");
  share->set_dimension(v1::DIMENSION_PERCENT);
  share->set_numerator("基层医疗卫生机构诊疗人次");
  share->set_denominator("总诊疗人次");
  share->set_precision(2);
  share->add_period_types(v1::PERIOD_TYPE_MONTH);
  share->add_period_types(v1::PERIOD_TYPE_HALF);
  share->set_owner_department("health_commission");
  share->set_tolerance("0.5");
  share->set_min_value("0");
  share->set_max_value("100");
  auto* plan = c.add_plans();
  plan->set_code("sm2024");
  plan->set_document_number("明医改组〔2024〕4号");
  plan->set_region_code("350400");
  plan->set_issued_on("2024-06-27");
  auto* task = c.add_tasks();
  task->set_code("sm2024.10");
  task->set_plan_code("sm2024");
  task->set_region_code("350400");
  task->set_title("稳妥推进医疗保障制度改革");
  task->add_lead_departments("medical_insurance");
  task->add_lead_departments("health_commission");
  task->add_responsible_departments("finance");
  task->mutable_deadline()->set_kind(v1::DEADLINE_KIND_YEAR);
  task->mutable_deadline()->set_value("2024");
  return c;
}

inline v1::Submission SubsidySubmission(const std::string& id,
                                        const std::string& department,
                                        const std::string& region,
                                        const std::string& value) {
  v1::Submission s;
  s.set_submission_id(id);
  s.set_department(department);
  s.set_source_system("test");
  s.set_adapter("canonical");
  auto* v = s.add_items()->mutable_indicator_value();
  v->set_indicator_code("resident_insurance_subsidy_per_person");
  v->set_region_code(region);
  v->set_period("2024");
  v->set_value(value);
  v->set_unit("元/人");
  return s;
}

// The events hub logged after sequence `after`, read as an auditor; empty
// if the log cannot be read.
inline std::vector<v1::ChangeEvent> EventsAfter(const Hub& hub,
                                                uint64_t after) {
  auto page = hub.ListEvents(*Principal::Parse("auditor@350000"), after, 1000);
  return page.ok() ? page->events : std::vector<v1::ChangeEvent>();
}

}  // namespace testing
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_TEST_FIXTURES_H_
