#include "tools/hubctl/table.h"

#include <algorithm>

#include "hub/common/display_width.h"

namespace hub {
namespace {

AmbiguousWidth g_ambiguous = AmbiguousWidth::kWide;

}  // namespace

void Table::SetAmbiguousWidth(AmbiguousWidth ambiguous) {
  g_ambiguous = ambiguous;
}
AmbiguousWidth Table::ambiguous_width() { return g_ambiguous; }

Table::Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

std::string Table::Render(int max_width) const {
  std::vector<int> widths(headers_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size(); ++i) {
      auto limit = max_widths_.find(i);
      int cap = limit == max_widths_.end() ? max_width : limit->second;
      widths[i] =
          std::max(widths[i], std::min(cap, DisplayWidth(row[i], g_ambiguous)));
    }
  };
  measure(headers_);
  for (const auto& row : rows_) measure(row);
  std::string out;
  auto emit = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      std::string cell = TruncateToWidth(row[i], widths[i], g_ambiguous, "...");
      line += i + 1 == row.size()
                  ? cell
                  : PadToWidth(cell, widths[i], g_ambiguous) + "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  emit(headers_);
  std::vector<std::string> rule;
  for (int w : widths) rule.push_back(std::string(w, '-'));
  emit(rule);
  for (const auto& row : rows_) emit(row);
  return out;
}

}  // namespace hub
