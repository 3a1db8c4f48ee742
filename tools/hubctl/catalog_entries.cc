// hubctl catalog show KIND CODE (catalog_entries.h).
#include "tools/hubctl/catalog_entries.h"

#include <iostream>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "hub/common/display_width.h"
#include "hub/common/figures.h"
#include "tools/hubctl/format.h"

ABSL_DECLARE_FLAG(bool, json);

namespace hub {
namespace hubctl {
namespace {

// "label：" padded for catalog entries, whose labels are longer.
std::string L(const char* zh, const char* en) {
  return Zh() ? PadToWidth(absl::StrCat(zh, "："), 14)
              : PadToWidth(absl::StrCat(en, ":"), 15);
}
// The blank label of a continuation line.
std::string More() { return std::string(Zh() ? 14 : 15, ' '); }

std::string DimensionText(v1::Dimension d) {
  if (!Zh()) {
    std::string name = v1::Dimension_Name(d);
    return absl::AsciiStrToLower(name.substr(sizeof("DIMENSION_") - 1));
  }
  switch (d) {
    case v1::DIMENSION_PERCENT:
      return "百分比";
    case v1::DIMENSION_RATIO:
      return "比率";
    case v1::DIMENSION_COUNT:
      return "计数";
    case v1::DIMENSION_PERSONS:
      return "人数";
    case v1::DIMENSION_YUAN:
      return "金额";
    case v1::DIMENSION_YUAN_PER_PERSON:
      return "人均金额";
    default:
      return "未定";
  }
}

std::string Departments(
    const google::protobuf::RepeatedPtrField<std::string>& codes,
    const Names& n) {
  std::vector<std::string> parts;
  for (const auto& c : codes) parts.push_back(n.DepartmentWithCode(c));
  return absl::StrJoin(parts, Tr("、", ", "));
}

std::string PeriodTypes(const v1::Indicator& ind) {
  static const char* const kZh[] = {"", "月", "季度", "半年", "年", "年内累计"};
  std::vector<std::string> parts;
  for (int t : ind.period_types()) {
    std::string name = v1::PeriodType_Name(static_cast<v1::PeriodType>(t));
    parts.push_back(Zh() && t > 0 && t < 6 ? kZh[t]
                                           : absl::AsciiStrToLower(name.substr(
                                                 sizeof("PERIOD_TYPE_") - 1)));
  }
  return absl::StrJoin(parts, Tr("、", ", "));
}

std::string TargetText(const v1::Indicator& ind, const v1::Target& t) {
  std::string v =
      FormatFigureWithUnit(t.value(), ind, CurrentDisplay().figures);
  std::string goal;
  switch (t.comparator()) {
    case v1::COMPARATOR_AT_LEAST:
      goal = absl::StrCat(">= ", v);
      break;
    case v1::COMPARATOR_AT_MOST:
      goal = absl::StrCat("<= ", v);
      break;
    case v1::COMPARATOR_INCREASE_BY:
      // A percentage rises by percentage points, not by percent.
      if (ind.dimension() == v1::DIMENSION_PERCENT) {
        goal = absl::StrCat(
            Tr("比上年提高 ", "+"),
            FormatFigure(t.value(), FigureFormatFor(ind)),
            Tr(" 个百分点", " percentage points over the previous year"));
      } else {
        goal = absl::StrCat(Tr("比上年增加 ", "+"), v,
                            Tr("", " over the previous year"));
      }
      break;
    case v1::COMPARATOR_INCREASE:
      goal = Tr("比上年提高", "an increase over the previous year");
      break;
    default:
      goal = v;
  }
  return absl::StrCat(goal, "  (", t.by_period(), ", ", t.plan_code(), " ",
                      t.region_code(), ")  ", t.source_text());
}

void ShowIndicator(const v1::Indicator& i, const Names& n) {
  const FigureStyle& style = CurrentDisplay().figures;
  FigureFormat f = FigureFormatFor(i);
  std::cout << i.code() << "  " << i.name() << "\n"
            << L("单位", "unit") << i.unit() << "  ("
            << DimensionText(i.dimension()) << Tr("，保留 ", ", precision ")
            << f.precision << Tr(" 位小数", "") << ")\n";
  if (!i.denominator().empty()) {
    std::cout << L("计算", "formula") << i.numerator() << " / "
              << i.denominator()
              << (i.dimension() == v1::DIMENSION_PERCENT ? " x 100" : "")
              << "\n";
  }
  std::cout << L("报告期类型", "period types") << PeriodTypes(i) << "\n"
            << L("责任部门", "owner")
            << n.DepartmentWithCode(i.owner_department()) << "\n";
  if (!i.contributing_departments().empty()) {
    std::cout << L("报送部门", "contributing")
              << Departments(i.contributing_departments(), n) << "\n";
  }
  std::cout << L("合并规则", "rule") << i.rule() << "  ("
            << Tr("容差 ", "tolerance ")
            << (i.tolerance().empty() ? "0"
                                      : FormatFigure(i.tolerance(), f, style))
            << ")\n";
  if (!i.min_value().empty() || !i.max_value().empty()) {
    std::cout << L("取值范围", "bounds")
              << (i.min_value().empty() ? "-"
                                        : FormatFigure(i.min_value(), f, style))
              << " .. "
              << (i.max_value().empty() ? "-"
                                        : FormatFigure(i.max_value(), f, style))
              << "\n";
  }
  std::cout << L("汇总方式", "roll-up") << i.rollup() << "\n";
  for (int k = 0; k < i.targets_size(); ++k) {
    std::cout << (k == 0 ? L("目标", "targets") : More())
              << TargetText(i, i.targets(k)) << "\n";
  }
  for (const auto& r : i.validation_rules()) {
    std::cout << L("校验规则", "validation") << r.code() << ": "
              << r.description() << "\n";
  }
  if (!i.description().empty()) {
    std::cout << L("说明", "description") << i.description() << "\n";
  }
}

void ShowTask(const v1::Catalog& c, const v1::Task& t, const Names& n) {
  std::cout << t.code() << "  " << t.title() << "\n";
  for (const auto& p : c.plans()) {
    if (p.code() == t.plan_code()) {
      std::cout << L("计划", "plan") << p.code() << "  " << p.document_number()
                << "\n";
    }
  }
  for (const auto& parent : c.tasks()) {
    if (parent.code() == t.parent_code()) {
      std::cout << L("上级任务", "parent") << parent.code() << "  "
                << parent.title() << "\n";
    }
  }
  if (!t.number().empty())
    std::cout << L("序号", "number") << t.number() << "\n";
  std::cout << L("辖区", "jurisdiction") << n.Region(t.region_code()) << "\n"
            << L("牵头单位", "lead") << Departments(t.lead_departments(), n)
            << "\n";
  if (!t.responsible_departments().empty()) {
    std::cout << L("责任单位", "responsible")
              << Departments(t.responsible_departments(), n) << "\n";
  }
  if (!t.cooperating_departments().empty()) {
    std::cout << L("配合单位", "cooperating")
              << Departments(t.cooperating_departments(), n) << "\n";
  }
  std::cout << L("完成时限", "deadline")
            << (t.deadline().kind() == v1::DEADLINE_KIND_ONGOING
                    ? std::string(Tr("持续推进", "ongoing"))
                    : t.deadline().value())
            << (t.deadline().source_text().empty()
                    ? ""
                    : absl::StrCat("  ", t.deadline().source_text()))
            << "\n";
  bool first = true;
  for (const auto& code : t.indicator_codes()) {
    const v1::Indicator* ind = n.Indicator(code);
    std::cout << (first ? L("关联指标", "indicators") : More()) << code << "  "
              << (ind != nullptr ? ind->name() : "") << "\n";
    first = false;
  }
  first = true;
  for (const auto& child : c.tasks()) {
    if (child.parent_code() == t.code()) {
      std::cout << (first ? L("子任务", "sub-tasks") : More()) << child.code()
                << "  " << child.title() << "\n";
      first = false;
    }
  }
  if (!t.text().empty()) std::cout << L("内容", "text") << t.text() << "\n";
}

void ShowPlan(const v1::Catalog& c, const v1::Plan& p, const Names& n) {
  int tasks = 0;
  for (const auto& t : c.tasks()) tasks += t.plan_code() == p.code();
  std::cout << p.code() << "  " << p.document_number() << "\n"
            << L("标题", "title") << p.title() << "\n"
            << L("印发单位", "issuer") << p.issuer() << "\n"
            << L("辖区", "jurisdiction") << n.Region(p.region_code()) << "\n"
            << L("印发日期", "issued on") << p.issued_on() << "\n";
  for (int i = 0; i < p.reporting_dates_size(); ++i) {
    std::cout << (i == 0 ? L("报送日期", "reporting") : More())
              << p.reporting_dates(i)
              << (i < p.reporting_periods_size()
                      ? absl::StrCat("  ", p.reporting_periods(i))
                      : "")
              << "\n";
  }
  std::cout << L("任务", "tasks") << tasks << "\n";
}

void ShowDepartment(const v1::Catalog& c, const v1::Department& d) {
  std::cout << d.code() << "  " << d.name() << "\n";
  std::vector<std::string> owns, reports;
  for (const auto& i : c.indicators()) {
    if (i.owner_department() == d.code()) owns.push_back(i.code());
    for (const auto& x : i.contributing_departments()) {
      if (x == d.code()) reports.push_back(i.code());
    }
  }
  int lead = 0;
  for (const auto& t : c.tasks()) {
    for (const auto& x : t.lead_departments()) lead += x == d.code();
  }
  if (!owns.empty()) {
    std::cout << L("负责指标", "owns") << absl::StrJoin(owns, ", ") << "\n";
  }
  if (!reports.empty()) {
    std::cout << L("参与报送", "contributes") << absl::StrJoin(reports, ", ")
              << "\n";
  }
  std::cout << L("牵头任务", "leads tasks") << lead << "\n";
}

void ShowRegion(const v1::Catalog& c, const v1::Region& r, const Names& n) {
  std::cout << r.code() << "  " << r.name() << "\n";
  if (!r.parent_code().empty()) {
    std::cout << L("上级", "parent") << n.Region(r.parent_code()) << "\n";
  }
  bool first = true;
  for (const auto& child : c.regions()) {
    if (child.parent_code() == r.code()) {
      std::cout << (first ? L("下级", "children") : More()) << child.code()
                << "  " << child.name() << "\n";
      first = false;
    }
  }
}

}  // namespace

bool ShowCatalogEntry(const v1::Catalog& c, const std::string& kind,
                      const std::string& code, const Names& n) {
  const bool json = absl::GetFlag(FLAGS_json);
  auto emit = [&](const google::protobuf::Message& m, auto show) {
    if (json) {
      std::cout << ToJsonLine(m) << "\n";
    } else {
      show();
    }
    return true;
  };
  if (kind == "indicator") {
    for (const auto& i : c.indicators())
      if (i.code() == code) return emit(i, [&] { ShowIndicator(i, n); });
  } else if (kind == "task") {
    for (const auto& t : c.tasks())
      if (t.code() == code) return emit(t, [&] { ShowTask(c, t, n); });
  } else if (kind == "plan") {
    for (const auto& p : c.plans())
      if (p.code() == code) return emit(p, [&] { ShowPlan(c, p, n); });
  } else if (kind == "department") {
    for (const auto& d : c.departments())
      if (d.code() == code) return emit(d, [&] { ShowDepartment(c, d); });
  } else if (kind == "region") {
    for (const auto& r : c.regions())
      if (r.code() == code) return emit(r, [&] { ShowRegion(c, r, n); });
  }
  return false;
}

}  // namespace hubctl
}  // namespace hub
