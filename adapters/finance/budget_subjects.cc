// Government budget subjects (政府收支分类科目, 卫生健康支出 210) by fiscal
// year. The 2019 classification merged the urban-resident and rural
// cooperative schemes: 2101202 became the subsidy of the unified resident
// scheme and 2101203 (新农合) was retired.
#include <vector>

#include "adapters/finance/finance.h"

namespace hub {
namespace adapters {
namespace {

struct Entry {
  const char* code;
  int first_year;
  int last_year;
  BudgetSubject subject;
};

const std::vector<Entry>& Table() {
  using U = SubjectUse;
  static const auto* t = new std::vector<Entry>{
      {"2101202",
       2019,
       2100,
       {U::kPerPersonStandard, "resident_insurance_subsidy_per_person",
        "财政对城乡居民基本医疗保险基金的补助"}},
      {"2101202",
       1990,
       2018,
       {U::kPerPersonStandard, "resident_insurance_subsidy_per_person",
        "财政对城镇居民基本医疗保险基金的补助"}},
      {"2101203",
       1990,
       2018,
       {U::kNotTracked, "", "财政对新型农村合作医疗基金的补助"}},
      {"2100408",
       1990,
       2100,
       {U::kPerPersonStandard, "basic_public_health_subsidy_per_person",
        "基本公共卫生服务"}},
      {"2100201",
       1990,
       2100,
       {U::kSpending, "govt_spending_public_hospitals", "综合医院"}},
      {"2100202",
       1990,
       2100,
       {U::kSpending, "govt_spending_public_hospitals", "中医（民族）医院"}},
      {"2100203",
       1990,
       2100,
       {U::kSpending, "govt_spending_public_hospitals", "传染病医院"}},
      {"2100206",
       1990,
       2100,
       {U::kSpending, "govt_spending_public_hospitals", "妇幼保健医院"}},
      {"2100101", 1990, 2100, {U::kNotTracked, "", "行政运行"}},
      {"2100302", 1990, 2100, {U::kNotTracked, "", "乡镇卫生院"}},
  };
  return *t;
}

}  // namespace

const BudgetSubject* FindBudgetSubject(absl::string_view code, int year) {
  for (const Entry& e : Table()) {
    if (code == e.code && year >= e.first_year && year <= e.last_year) {
      return &e.subject;
    }
  }
  return nullptr;
}

}  // namespace adapters
}  // namespace hub
