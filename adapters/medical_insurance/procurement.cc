// medical_insurance_procurement: execution of centrally procured (集中带量采购)
// products; actual and agreed volumes summed over the products of a division
// into the components of procurement_completion_rate.

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "adapters/internal/typed_translation.h"
#include "adapters/medical_insurance/medical_insurance.h"
#include "hub/v1/adapters/medical_insurance.pb.h"

namespace hub {
namespace adapters {
namespace {

using internal::CellParser;
using internal::Conv;
using internal::WordTable;
using Row = v1::adapters::ProcurementRow;

constexpr char kIndicator[] = "procurement_completion_rate";

const WordTable& Categories() {
  static const auto* t =
      new WordTable{{"药品", "drug"}, {"耗材", "consumable"}};
  return *t;
}

// Volumes are counted in the smallest unit: drugs in 最小制剂单位, consumables
// in pieces. Packages (盒, 箱) are not volumes.
const std::vector<std::string>& UnitsOf(const std::string& category) {
  static const auto* drug =
      new std::vector<std::string>{"片", "粒", "袋", "支", "瓶", "贴"};
  static const auto* consumable =
      new std::vector<std::string>{"个", "套", "根", "条", "枚", "副"};
  return category == "drug" ? *drug : *consumable;
}

bool NamesSeveralUnits(absl::string_view unit) {
  for (absl::string_view sep : {"/", "、", ",", "，", "或", " "}) {
    if (absl::StrContains(unit, sep)) return true;
  }
  return false;
}

// Checks the unit cell: exactly one unit, known for the product's category
// (when the category is known).
void CheckUnit(const std::optional<std::string>& category,
               absl::string_view category_word, absl::string_view unit,
               CellParser& cells) {
  if (unit.empty()) {
    cells.Fail("unit", "missing unit");
  } else if (NamesSeveralUnits(unit)) {
    cells.Fail("unit", absl::StrCat("\"", unit,
                                    "\" names more than one unit; write one "
                                    "unit per product row"));
  } else if (category) {
    const auto& units = UnitsOf(*category);
    if (std::find(units.begin(), units.end(), unit) == units.end()) {
      cells.Fail("unit",
                 absl::StrCat("unknown unit \"", unit, "\" for ", category_word,
                              ": volumes are in ", absl::StrJoin(units, "、")));
    }
  }
}

// 执行年月: a month YYYYMM, or a period ("2024Q1", "2024H1") inside report.
std::optional<Period> ExecutionPeriod(absl::string_view text,
                                      const Period& report, CellParser& cells) {
  text = absl::StripAsciiWhitespace(text);
  if (text.size() == 6 && std::all_of(text.begin(), text.end(), [](char c) {
        return absl::ascii_isdigit(c);
      })) {
    return cells.Month("period", text, report);
  }
  absl::StatusOr<Period> p = Period::Parse(text);
  if (!p.ok()) {
    cells.Fail("period", absl::StrCat("\"", text,
                                      "\" is not a month YYYYMM or a period "
                                      "like 2024Q1"));
    return std::nullopt;
  }
  if (!report.Contains(*p)) {
    cells.Fail("period",
               absl::StrCat("period ", p->ToString(), " outside the report ",
                            report.ToString()));
    return std::nullopt;
  }
  return *p;
}

bool Overlap(const Period& a, const Period& b) {
  return a.FirstDay() <= b.LastDay() && b.FirstDay() <= a.LastDay();
}

// The cells of one row, parsed; set only when the row has no bad cell.
struct Parsed {
  std::string region, batch, product, unit;
  Period period;
  Decimal agreed, actual;
};

std::optional<Parsed> ParseRow(const Row& row, const Period& report,
                               CellParser& cells) {
  Parsed p;
  auto region =
      InsuranceDivisionToRegion("division_code", row.division_code(), cells);
  p.batch = std::string(absl::StripAsciiWhitespace(row.batch()));
  if (p.batch.empty()) cells.Fail("batch", "missing procurement batch");
  absl::string_view word = absl::StripAsciiWhitespace(row.category());
  auto category =
      cells.Word("category", word, Categories(), "product category");
  p.product = std::string(absl::StripAsciiWhitespace(row.product()));
  if (p.product.empty()) cells.Fail("product", "missing product name");
  auto period = ExecutionPeriod(row.period(), report, cells);
  auto agreed = cells.Count("agreed_volume", row.agreed_volume());
  if (agreed && agreed->is_zero()) {
    cells.Fail("agreed_volume", "agreed volume must be above 0");
  }
  auto actual = cells.Count("actual_volume", row.actual_volume());
  p.unit = std::string(absl::StripAsciiWhitespace(row.unit()));
  CheckUnit(category, word, p.unit, cells);
  if (!cells.ok()) return std::nullopt;
  p.region = *region;
  p.period = *period;
  p.agreed = *agreed;
  p.actual = *actual;
  return p;
}

// Remembers each product's unit and, per division, the periods already
// reported: memory grows with the distinct products and divisions (and the
// handful of periods of each), not with the rows.
class ProcurementTranslation final : public internal::TypedTranslation<Row> {
 public:
  using TypedTranslation::TypedTranslation;

 private:
  void Translate(const Row& row, const RowSource& src,
                 CellParser& cells) override {
    std::optional<Parsed> p = ParseRow(row, context().report_period, cells);
    if (!p) return;
    const std::string product_key = absl::StrCat(p->batch, "\x1f", p->product);
    const std::string row_key = absl::StrCat(p->region, "\x1f", product_key);
    CheckSameUnit(product_key, *p, cells);
    CheckNotReported(row_key, row.division_code(), *p, cells);
    if (!cells.ok()) return;
    units_.emplace(product_key, p->unit);
    periods_[row_key].push_back(p->period);
    std::vector<Conv> convs = {
        {"region_code", row.division_code(), p->region,
         "医保区划 -> GB/T 2260"},
        {"period", std::string(absl::StripAsciiWhitespace(row.period())),
         context().report_period.ToString(),
         "执行年月 summed into the report period"},
        {"unit", p->unit, "%",
         "volumes in the product's own unit; the unit cancels in actual / "
         "agreed"},
        {"numerator/denominator", "实际采购量 / 约定采购量 of every product",
         kIndicator, "product rows summed; rate computed by the hub"}};
    internal::ItemKey key{kIndicator, p->region,
                          context().report_period.ToString()};
    Keep(aggregator().AddRatio(key, "%", p->actual, p->agreed, src, convs));
  }

  // A product is counted in one unit throughout the report.
  void CheckSameUnit(const std::string& product_key, const Parsed& p,
                     CellParser& cells) const {
    auto it = units_.find(product_key);
    if (it == units_.end() || it->second == p.unit) return;
    cells.Fail("unit", absl::StrCat("unit \"", p.unit, "\" differs from ",
                                    it->second, " reported earlier for ",
                                    p.product, " (", p.batch, ")"));
  }

  // A product's execution in a division is reported once for any day: the
  // same month twice, or a month inside a quarter already reported, would be
  // counted twice.
  void CheckNotReported(const std::string& row_key, absl::string_view division,
                        const Parsed& p, CellParser& cells) const {
    auto it = periods_.find(row_key);
    if (it == periods_.end()) return;
    for (const Period& earlier : it->second) {
      if (!Overlap(earlier, p.period)) continue;
      cells.Fail("product",
                 absl::StrCat("duplicate product row: ", p.product, " (",
                              p.batch, ") in ", division,
                              " already reported for ", earlier.ToString()));
      return;
    }
  }

  // batch + product -> unit of its first accepted row.
  absl::flat_hash_map<std::string, std::string> units_;
  // region + batch + product -> periods of its accepted rows.
  absl::flat_hash_map<std::string, std::vector<Period>> periods_;
};

class ProcurementAdapter final : public Adapter {
 public:
  absl::string_view Name() const override {
    return "medical_insurance_procurement";
  }
  int Version() const override { return 1; }
  absl::string_view Department() const override { return "medical_insurance"; }
  const google::protobuf::Message& RowPrototype() const override {
    return Row::default_instance();
  }
  const std::vector<Column>& Columns() const override {
    static const auto* c =
        new std::vector<Column>{{"医保区划代码", "division_code"},
                                {"采购批次", "batch"},
                                {"产品类别", "category"},
                                {"产品名称", "product"},
                                {"执行年月", "period"},
                                {"约定采购量", "agreed_volume"},
                                {"实际采购量", "actual_volume"},
                                {"单位", "unit"}};
    return *c;
  }
  std::unique_ptr<Translation> Begin(
      const TranslationContext& context) const override {
    return std::make_unique<ProcurementTranslation>(*this, context);
  }
};

}  // namespace

std::unique_ptr<Adapter> NewProcurementAdapter() {
  return std::make_unique<ProcurementAdapter>();
}

}  // namespace adapters
}  // namespace hub
