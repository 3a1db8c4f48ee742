// Medical insurance (医保局) adapters.
//
//  * "medical_insurance_settlement" translates fund settlement summaries
//    (hub.v1.adapters.SettlementRow), per insurance pool and report period,
//    into the summed components of
//      drg_dip_fund_share          DRG + DIP inpatient fund spending /
//                                  all inpatient fund spending
//      county_fund_spending_share  fund spending in county / all fund spending
//  * "medical_insurance_financing" translates the resident scheme's yearly
//    financing standard (hub.v1.adapters.FinancingRow) into
//    resident_insurance_subsidy_per_person (the comparison source beside
//    finance).
//  * "medical_insurance_procurement" translates procurement execution of
//    centrally procured products (hub.v1.adapters.ProcurementRow: agreed and
//    actual volume per product, division and month or period) into the
//    summed components of
//      procurement_completion_rate  实际采购量 / 约定采购量 over the products
//  * "medical_insurance_task_progress": task progress rows with the bureau's
//    status words (未开展, 正在推进, 已办结, 暂缓).
//
// Insurance division codes (医保区划) are GB/T 2260 codes, except the
// city-level pools (市本级统筹区, "xxxx99"), which map to their city; see
// InsuranceDivisionToRegion().
#ifndef HUB_ADAPTERS_MEDICAL_INSURANCE_MEDICAL_INSURANCE_H_
#define HUB_ADAPTERS_MEDICAL_INSURANCE_MEDICAL_INSURANCE_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "adapters/adapter.h"
#include "adapters/internal/cells.h"

namespace hub {
namespace adapters {

std::unique_ptr<Adapter> NewSettlementAdapter();
std::unique_ptr<Adapter> NewFinancingAdapter();
std::unique_ptr<Adapter> NewProcurementAdapter();
std::unique_ptr<Adapter> NewMedicalInsuranceTaskProgressAdapter();

// The GB/T 2260 region of an insurance division code, recording an issue in
// cells when the code is unknown.
std::optional<std::string> InsuranceDivisionToRegion(
    const char* field, absl::string_view code, internal::CellParser& cells);

}  // namespace adapters
}  // namespace hub

#endif  // HUB_ADAPTERS_MEDICAL_INSURANCE_MEDICAL_INSURANCE_H_
