// Health commission (卫健委) adapters.
//
//  * "health_commission_institution_monthly" translates institution-level
//    monthly statistics (hub.v1.adapters.InstitutionMonthlyRow) into, per
//    county and report period, the summed components of
//      primary_care_visit_share          visits at 基层 institutions / all
//      visits clinical_pathway_share_tertiary   pathway discharges /
//      discharges, 三级 clinical_pathway_share_secondary  the same for 二级
//      medical_service_revenue_share     service revenue / medical revenue,
//      hospitals personnel_spending_share          personnel / operating
//      spending, hospitals
//  * "health_commission_community_monitoring" translates the county medical
//    community monitoring (hub.v1.adapters.CommunityMonitoringRow) into
//    county_fund_spending_share (the comparison source beside medical
//    insurance).
//  * "health_commission_task_progress" translates task progress rows with the
//    commission's status words (未启动, 推进中, 持续推进, 已完成, 滞后).
#ifndef HUB_ADAPTERS_HEALTH_COMMISSION_HEALTH_COMMISSION_H_
#define HUB_ADAPTERS_HEALTH_COMMISSION_HEALTH_COMMISSION_H_

#include <memory>

#include "adapters/adapter.h"

namespace hub {
namespace adapters {

std::unique_ptr<Adapter> NewInstitutionMonthlyAdapter();
std::unique_ptr<Adapter> NewCommunityMonitoringAdapter();
std::unique_ptr<Adapter> NewHealthCommissionTaskProgressAdapter();

}  // namespace adapters
}  // namespace hub

#endif  // HUB_ADAPTERS_HEALTH_COMMISSION_HEALTH_COMMISSION_H_
