#include "adapters/internal/aggregator.h"

#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"

namespace hub {
namespace adapters {
namespace internal {

Aggregator::Aggregator(std::string adapter, int version, std::string source)
    : adapter_(std::move(adapter)),
      version_(version),
      source_(std::move(source)) {}

void Aggregator::AddLine(Entry& e, int64_t line) {
  if (!e.line_runs.empty() && e.line_runs.back().second + 1 == line &&
      e.unlisted_rows == 0) {
    e.line_runs.back().second = line;
  } else if (!e.line_runs.empty() && e.line_runs.back().second == line) {
    return;  // one row, several components
  } else if (e.line_runs.size() < kMaxLineRuns) {
    e.line_runs.push_back({line, line});
  } else if (e.last_line != line) {
    ++e.unlisted_rows;
  }
  e.last_line = line;
}

Aggregator::Entry& Aggregator::Touch(const ItemKey& key,
                                     const std::string& unit,
                                     const RowSource& src,
                                     const std::vector<Conv>& convs) {
  Entry& e = items_[key];
  e.unit = unit;
  if (src.line > 0) AddLine(e, src.line);
  if (!src.field.empty()) {
    if (e.fields++ == 0) e.first_field = src.field;
    e.last_field = src.field;
  }
  e.convs.insert(convs.begin(), convs.end());
  return e;
}

absl::Status Aggregator::AddRatio(const ItemKey& key, const std::string& unit,
                                  const Decimal& num, const Decimal& den,
                                  const RowSource& src,
                                  const std::vector<Conv>& convs) {
  HUB_ASSIGN_OR_RETURN(Decimal n, items_[key].num.Add(num));
  HUB_ASSIGN_OR_RETURN(Decimal d, items_[key].den.Add(den));
  Entry& e = Touch(key, unit, src, convs);
  e.ratio = true;
  e.num = n;
  e.den = d;
  return absl::OkStatus();
}

absl::Status Aggregator::AddValue(const ItemKey& key, const std::string& unit,
                                  const Decimal& value, const RowSource& src,
                                  const std::vector<Conv>& convs) {
  HUB_ASSIGN_OR_RETURN(Decimal n, items_[key].num.Add(value));
  Entry& e = Touch(key, unit, src, convs);
  e.num = n;
  return absl::OkStatus();
}

void Aggregator::SetTask(const ItemKey& key, v1::TaskStatus status,
                         const std::string& text, const RowSource& src,
                         const std::vector<Conv>& convs) {
  Entry& e = tasks_[key];
  if (src.line > 0) AddLine(e, src.line);
  if (!src.field.empty() && e.fields++ == 0) e.first_field = src.field;
  e.convs.insert(convs.begin(), convs.end());
  e.status = status;
  e.text = text;
}

v1::Provenance Aggregator::ProvenanceOf(const Entry& e) const {
  v1::Provenance p;
  p.set_adapter(adapter_);
  p.set_adapter_version(absl::StrCat(version_));
  p.set_source(source_);
  for (const auto& [first, last] : e.line_runs) {
    for (int64_t line = first; line <= last; ++line) p.add_lines(line);
  }
  if (e.unlisted_rows > 0) {
    p.set_field(absl::StrCat("lines listed up to ", e.line_runs.back().second,
                             "; ", e.unlisted_rows, " more rows through line ",
                             e.last_line));
  }
  if (e.fields > 0) {
    p.set_field(e.fields == 1
                    ? e.first_field
                    : absl::StrCat(e.first_field, " .. ", e.last_field, " (",
                                   e.fields, " rows)"));
  }
  for (const Conv& c : e.convs) {
    v1::Conversion* pc = p.add_conversions();
    pc->set_field(c.field);
    pc->set_from(c.from);
    pc->set_to(c.to);
    pc->set_rule(c.rule);
  }
  return p;
}

std::vector<v1::SubmissionItem> Aggregator::Finish() const {
  std::vector<v1::SubmissionItem> out;
  for (const auto& [key, e] : items_) {
    v1::SubmissionItem item;
    v1::IndicatorValue* v = item.mutable_indicator_value();
    v->set_indicator_code(key.indicator);
    v->set_region_code(key.region);
    v->set_period(key.period);
    v->set_unit(e.unit);
    if (e.ratio) {
      v->set_numerator(e.num.ToString());
      v->set_denominator(e.den.ToString());
    } else {
      v->set_value(e.num.ToString());
    }
    *v->mutable_provenance() = ProvenanceOf(e);
    out.push_back(std::move(item));
  }
  for (const auto& [key, e] : tasks_) {
    v1::SubmissionItem item;
    v1::TaskProgress* t = item.mutable_task_progress();
    t->set_task_code(key.indicator);
    t->set_region_code(key.region);
    t->set_period(key.period);
    t->set_status(e.status);
    t->set_text(e.text);
    *t->mutable_provenance() = ProvenanceOf(e);
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace internal
}  // namespace adapters
}  // namespace hub
