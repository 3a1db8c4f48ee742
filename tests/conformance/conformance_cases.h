// The department sample exports every adapter is checked against: one case
// per sample file (tests/adapters/data), with its report period, the
// principal that may submit it, and the bad-rows file of its department with
// the exact messages it must produce.
#ifndef HUB_TESTS_CONFORMANCE_CONFORMANCE_CASES_H_
#define HUB_TESTS_CONFORMANCE_CONFORMANCE_CASES_H_

#include <ostream>
#include <string>
#include <vector>

namespace hub {
namespace conformance {

struct AdapterCase {
  std::string adapter;  // expected adapter name
  std::string department;
  std::string file;       // under tests/adapters/data
  std::string period;     // report period
  std::string principal;  // may submit the file's regions
  std::string bad_file;   // empty: no bad-rows file for this adapter
  std::vector<std::string> bad_issues;  // exact, in file order
  std::vector<std::string> warnings;    // the sample's own, exact, in order
};

inline std::vector<AdapterCase> AllCases() {
  return {
      {"health_commission_institution_monthly",
       "health_commission",
       "health_commission_institutions_sm2024h1.csv",
       "2024H1",
       "health_commission@350400",
       "bad/health_commission_bad_sm2024h1.csv",
       {"health_commission_bad_sm2024h1.csv:3: 统计月份: period 2024-07 "
        "outside the report 2024H1",
        "health_commission_bad_sm2024h1.csv:4: 机构级别: unknown institution "
        "level \"四级\"",
        "health_commission_bad_sm2024h1.csv:4: 行政区划代码: unknown division "
        "code \"359999\"",
        "health_commission_bad_sm2024h1.csv:4: 总诊疗人次: unparsable number "
        "\"1,200\"",
        "health_commission_bad_sm2024h1.csv:5: 机构编码: duplicate institution "
        "row: 35040410001 already reported for 2024-01"},
       // The export holds only the hospitals of 三元区 and 沙县区.
       {"health_commission_institutions_sm2024h1.csv: 三元区 350404: "
        "primary_care_visit_share not derived: no rows of 基层 (primary-care) "
        "institutions in 2024-01, 2024-02, 2024-03, 2024-04, 2024-05, 2024-06 "
        "(a share needs rows of both its parts in every month)",
        "health_commission_institutions_sm2024h1.csv: 沙县区 350405: "
        "primary_care_visit_share not derived: no rows of 基层 (primary-care) "
        "institutions in 2024-01, 2024-02, 2024-03, 2024-04, 2024-05, 2024-06 "
        "(a share needs rows of both its parts in every month)"}},
      {"health_commission_community_monitoring",
       "health_commission",
       "health_commission_community_sm2024h1.gb18030.csv",
       "2024H1",
       "health_commission@350400",
       "bad/health_commission_community_bad_sm2024h1.csv",
       {"health_commission_community_bad_sm2024h1.csv:3: 县（区）代码: "
        "duplicate county row: 350421 already reported for 2024-01",
        "health_commission_community_bad_sm2024h1.csv:4: 县域内支出占比: "
        "ratio 1.3243 is above 1; a percent needs its % sign",
        "health_commission_community_bad_sm2024h1.csv:4: "
        "县域内医保基金支出（元）: "
        "县域内医保基金支出 9800000.00 exceeds the total 7400000.00",
        "health_commission_community_bad_sm2024h1.csv:5: 县（区）代码: unknown "
        "division code \"350499\"",
        "health_commission_community_bad_sm2024h1.csv:5: "
        "县域内医保基金支出（元）: negative number \"-12.00\"",
        "health_commission_community_bad_sm2024h1.csv:5: 县域内支出占比: "
        "unparsable share \"-12%\" (write 45.50% or 0.4550)",
        "health_commission_community_bad_sm2024h1.csv:6: 县域内支出占比: "
        "ratio 45.5 is above 1; a percent needs its % sign",
        "health_commission_community_bad_sm2024h1.csv:7: 县域内支出占比: "
        "reported share 0.4650 (46.5%) disagrees with the amounts: 45.60%"}},
      {"medical_insurance_settlement",
       "medical_insurance",
       "medical_insurance_settlement_sm2024h1.csv",
       "2024H1",
       "medical_insurance@350400",
       "bad/medical_insurance_bad_sm2024h1.csv",
       {"medical_insurance_bad_sm2024h1.csv:3: 结算月份: \"2024-03\" is not a "
        "month YYYYMM",
        "medical_insurance_bad_sm2024h1.csv:4: 支付方式: unknown payment "
        "method "
        "\"按病种\"",
        "medical_insurance_bad_sm2024h1.csv:4: 基金支出（元）: \"12.345\" has "
        "more than 2 decimal places",
        "medical_insurance_bad_sm2024h1.csv:5: 医保区划代码: unknown insurance "
        "division code \"350498\""}},
      {"medical_insurance_settlement",
       "medical_insurance",
       "medical_insurance_settlement_qj2022q4.csv",
       "2022Q4",
       "medical_insurance@500110",
       "",
       {}},
      {"medical_insurance_financing",
       "medical_insurance",
       "medical_insurance_financing_sm2024.csv",
       "2024",
       "medical_insurance@350400",
       "bad/medical_insurance_financing_bad_sm2024.csv",
       {"medical_insurance_financing_bad_sm2024.csv:2: 单位: wrong unit "
        "\"元\": "
        "人均财政补助标准 is in 元/人",
        "medical_insurance_financing_bad_sm2024.csv:3: 年度: \"24\" is not a "
        "year YYYY",
        "medical_insurance_financing_bad_sm2024.csv:4: 参保人数: unparsable "
        "number \"约15万\""}},
      {"medical_insurance_procurement",
       "medical_insurance",
       "medical_insurance_procurement_sm2024h1.csv",
       "2024H1",
       "medical_insurance@350400",
       "bad/medical_insurance_procurement_bad_sm2024h1.csv",
       {"medical_insurance_procurement_bad_sm2024h1.csv:3: 产品名称: duplicate "
        "product row: 阿莫西林胶囊 (国家第九批) in 350421 already reported for "
        "2024-01",
        "medical_insurance_procurement_bad_sm2024h1.csv:4: 医保区划代码: "
        "unknown insurance division code \"359999\"",
        "medical_insurance_procurement_bad_sm2024h1.csv:4: 单位: \"片/粒\" "
        "names more than one unit; write one unit per product row",
        "medical_insurance_procurement_bad_sm2024h1.csv:5: 执行年月: period "
        "2024-07 outside the report 2024H1",
        "medical_insurance_procurement_bad_sm2024h1.csv:5: 实际采购量: "
        "unparsable number \"1,200\"",
        "medical_insurance_procurement_bad_sm2024h1.csv:5: 单位: unknown unit "
        "\"盒\" for 药品: volumes are in 片、粒、袋、支、瓶、贴",
        "medical_insurance_procurement_bad_sm2024h1.csv:6: 执行年月: "
        "\"2024年3月\" is not a month YYYYMM or a period like 2024Q1",
        "medical_insurance_procurement_bad_sm2024h1.csv:6: 约定采购量: agreed "
        "volume must be above 0",
        "medical_insurance_procurement_bad_sm2024h1.csv:6: 单位: unknown unit "
        "\"片\" for 耗材: volumes are in 个、套、根、条、枚、副",
        "medical_insurance_procurement_bad_sm2024h1.csv:7: 单位: unit \"片\" "
        "differs from 粒 reported earlier for 阿莫西林胶囊 (国家第九批)",
        "medical_insurance_procurement_bad_sm2024h1.csv:8: 产品类别: unknown "
        "product category \"器械\"",
        "medical_insurance_procurement_bad_sm2024h1.csv:8: 产品名称: missing "
        "product name"}},
      {"finance_budget_execution",
       "finance",
       "finance_budget_sm2024q3.csv",
       "2024Q1-Q3",
       "finance@350400",
       "bad/finance_bad_sm2024q3.csv",
       {"finance_bad_sm2024q3.csv:2: 金额单位: wrong unit \"千元\": amounts "
        "must be in 万元 or 元",
        "finance_bad_sm2024q3.csv:3: 报告季度: period 2024Q1-Q2 outside the "
        "report 2024Q1-Q3",
        "finance_bad_sm2024q3.csv:4: 科目编码: unknown budget subject "
        "\"2101203\" in the 2024 classification",
        "finance_bad_sm2024q3.csv:5: 人均补助标准（元/人）: unparsable number "
        "\"六百七十\""}},
      {"finance_budget_execution",
       "finance",
       "finance_budget_ny2022.csv",
       "2022",
       "finance@411300",
       "",
       {}},
      {"health_commission_task_progress",
       "health_commission",
       "health_commission_tasks_sm2024h1.csv",
       "2024H1",
       "health_commission@350400",
       "bad/health_commission_tasks_bad_sm2024h1.csv",
       {"health_commission_tasks_bad_sm2024h1.csv:2: 进展状态: unknown status "
        "word \"已办结\"",
        "health_commission_tasks_bad_sm2024h1.csv:3: 区划代码: unknown "
        "division "
        "code \"359900\""}},
      {"medical_insurance_task_progress",
       "medical_insurance",
       "medical_insurance_tasks_sm2024h1.csv",
       "2024H1",
       "medical_insurance@350400",
       "bad/medical_insurance_tasks_bad_sm2024h1.csv",
       {"medical_insurance_tasks_bad_sm2024h1.csv:2: 办理状态: unknown status "
        "word \"推进中\""}},
      {"finance_task_progress",
       "finance",
       "finance_tasks_sm2024h1.csv",
       "2024H1",
       "finance@350400",
       "bad/finance_tasks_bad_sm2024h1.csv",
       {"finance_tasks_bad_sm2024h1.csv:2: 执行状态: unknown status word "
        "\"基本完成\"",
        "finance_tasks_bad_sm2024h1.csv:3: 任务编号: \"第十三条\" is not a "
        "task "
        "code like sm2024.10.3",
        "finance_tasks_bad_sm2024h1.csv:5: 任务编号: duplicate task row: "
        "sm2024.10.3 already reported for 350400"}},
  };
}

inline std::ostream& operator<<(std::ostream& os, const AdapterCase& c) {
  return os << c.file;
}

}  // namespace conformance
}  // namespace hub

#endif  // HUB_TESTS_CONFORMANCE_CONFORMANCE_CASES_H_
