// health_commission_institution_monthly: institution rows summed by level and
// type into county indicator components.
#include <utility>

#include "absl/strings/str_cat.h"
#include "adapters/health_commission/health_commission.h"
#include "adapters/internal/coverage.h"
#include "adapters/internal/duplicates.h"
#include "adapters/internal/typed_translation.h"
#include "hub/v1/adapters/health_commission.pb.h"

namespace hub {
namespace adapters {
namespace {

using internal::CellParser;
using internal::Conv;
using internal::ItemKey;
using Row = v1::adapters::InstitutionMonthlyRow;

constexpr char kName[] = "health_commission_institution_monthly";

// 机构级别 -> level; 机构类型 -> whether a primary-care (基层) facility.
const internal::WordTable& Levels() {
  static const auto* t = new internal::WordTable{
      {"三级", "tertiary"}, {"二级", "secondary"}, {"基层", "primary"}};
  return *t;
}
const internal::WordTable& Types() {
  static const auto* t =
      new internal::WordTable{{"医院", "hospital"},
                              {"乡镇卫生院", "primary"},
                              {"社区卫生服务中心", "primary"},
                              {"村卫生室", "primary"}};
  return *t;
}

struct Parsed {
  std::string level, type, region;
  Period month;
  Decimal visits, discharges, pathway, revenue, service, personnel, operating;
};

class InstitutionTranslation final : public internal::TypedTranslation<Row> {
 public:
  using TypedTranslation::TypedTranslation;

 private:
  void Translate(const Row& row, const RowSource& src,
                 CellParser& cells) override {
    std::optional<Parsed> p = Parse(row, cells);
    if (!p) return;
    if (!seen_.Insert(row.institution_code(), p->month.index)) {
      cells.Fail(
          "institution_code",
          absl::StrCat("duplicate institution row: ", row.institution_code(),
                       " already reported for ", p->month.ToString()));
      return;
    }
    std::vector<Conv> base = {
        {"region_code", row.division_code(), p->region,
         "行政区划代码 GB/T 2260"},
        {"period", row.month(), context().report_period.ToString(),
         "统计月份 YYYYMM summed into the report period"}};
    const Decimal zero;
    bool primary = p->level == "primary";
    Add("primary_care_visit_share", *p, primary ? p->visits : zero, p->visits,
        src, base, "总诊疗人次 of 基层 institutions / 总诊疗人次 of all");
    primary_parts_.Saw(p->region, p->month, primary ? 0 : 1);
    if (p->level == "tertiary" || p->level == "secondary") {
      Add(absl::StrCat("clinical_pathway_share_", p->level), *p, p->pathway,
          p->discharges, src, base,
          absl::StrCat("临床路径管理出院人数 / 出院人数 of ",
                       p->level == "tertiary" ? "三级" : "二级", " hospitals"));
      Add("medical_service_revenue_share", *p, p->service, p->revenue, src,
          base, "医疗服务收入 / 医疗收入 of hospitals");
      Add("personnel_spending_share", *p, p->personnel, p->operating, src, base,
          "人员支出 / 业务支出 of hospitals");
    }
  }

  std::optional<Parsed> Parse(const Row& row, CellParser& cells) {
    Parsed p;
    auto level =
        cells.Word("level", row.level(), Levels(), "institution level");
    auto type = cells.Word("type", row.type(), Types(), "institution type");
    auto region = cells.Region("division_code", row.division_code());
    auto month = cells.Month("month", row.month(), context().report_period);
    std::pair<Decimal*, std::pair<const char*, const std::string*>> nums[] = {
        {&p.visits, {"total_visits", &row.total_visits()}},
        {&p.discharges, {"discharges", &row.discharges()}},
        {&p.pathway, {"pathway_discharges", &row.pathway_discharges()}},
        {&p.revenue, {"medical_revenue", &row.medical_revenue()}},
        {&p.service, {"service_revenue", &row.service_revenue()}},
        {&p.personnel, {"personnel_spending", &row.personnel_spending()}},
        {&p.operating, {"operating_spending", &row.operating_spending()}}};
    for (auto& [out, cell] : nums) {
      int scale =
          out == &p.visits || out == &p.discharges || out == &p.pathway ? 0 : 2;
      auto d = cells.Number(cell.first, *cell.second, scale);
      if (d) *out = *d;
    }
    if (level && type && (*level == "primary") != (*type == "primary")) {
      cells.Fail("type",
                 absl::StrCat("institution type \"", row.type(),
                              "\" does not fit level \"", row.level(), "\""));
    }
    if (cells.ok() && p.pathway > p.discharges) {
      cells.Fail("pathway_discharges",
                 absl::StrCat("临床路径管理出院人数 ", p.pathway.ToString(),
                              " exceeds 出院人数 ", p.discharges.ToString()));
    }
    if (!cells.ok()) return std::nullopt;
    p.level = *level;
    p.type = *type;
    p.region = *region;
    p.month = *month;
    return p;
  }

  // Adds one row's components unless the row has no denominator.
  void Add(const std::string& indicator, const Parsed& p, const Decimal& num,
           const Decimal& den, const RowSource& src, std::vector<Conv> convs,
           const std::string& formula) {
    if (den.is_zero()) return;
    convs.push_back({"numerator/denominator", formula, indicator,
                     "institution rows summed; share computed by the hub"});
    ItemKey key{indicator, p.region, context().report_period.ToString()};
    Keep(aggregator().AddRatio(key, "%", num, den, src, convs));
  }

  // A county gets a primary-care share only from months whose rows hold
  // both 基层 institutions and the others (internal/coverage.h).
  void BeforeFinish() override {
    for (const auto& gap : primary_parts_.Gaps()) {
      aggregator().Erase({primary_parts_.indicator(), gap.region,
                          context().report_period.ToString()});
      Warn({{}, "", primary_parts_.WarningText(gap)});
    }
  }

  internal::DuplicateFilter seen_;  // institution, month
  internal::PartCoverage primary_parts_{
      "primary_care_visit_share",
      {"基层 (primary-care) institutions", "hospitals"}};
};

class InstitutionMonthlyAdapter final : public Adapter {
 public:
  absl::string_view Name() const override { return kName; }
  // 2: the primary-care share only from rows holding both its parts.
  int Version() const override { return 2; }
  absl::string_view Department() const override { return "health_commission"; }
  const google::protobuf::Message& RowPrototype() const override {
    return Row::default_instance();
  }
  const std::vector<Column>& Columns() const override {
    static const auto* c =
        new std::vector<Column>{{"机构编码", "institution_code"},
                                {"机构名称", "institution_name"},
                                {"机构级别", "level"},
                                {"机构类型", "type"},
                                {"行政区划代码", "division_code"},
                                {"统计月份", "month"},
                                {"总诊疗人次", "total_visits"},
                                {"出院人数", "discharges"},
                                {"临床路径管理出院人数", "pathway_discharges"},
                                {"医疗收入（元）", "medical_revenue"},
                                {"医疗服务收入（元）", "service_revenue"},
                                {"人员支出（元）", "personnel_spending"},
                                {"业务支出（元）", "operating_spending"}};
    return *c;
  }
  std::unique_ptr<Translation> Begin(
      const TranslationContext& context) const override {
    return std::make_unique<InstitutionTranslation>(*this, context);
  }
};

}  // namespace

std::unique_ptr<Adapter> NewInstitutionMonthlyAdapter() {
  return std::make_unique<InstitutionMonthlyAdapter>();
}

}  // namespace adapters
}  // namespace hub
