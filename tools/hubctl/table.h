// Plain-text tables for the terminal, aligned by display width so Chinese
// names (two columns per character) line up with ASCII, and East Asian
// Ambiguous characters ("…", "“ ”", "※", "№") take the columns the terminal
// gives them (hub/common/display_width.h).
#ifndef HUB_TOOLS_HUBCTL_TABLE_H_
#define HUB_TOOLS_HUBCTL_TABLE_H_

#include <map>
#include <string>
#include <vector>

#include "hub/common/display_width.h"

namespace hub {

class Table {
 public:
  // A column width that is never reached: the column is never truncated
  // (the values people come for: codes, record keys, disagreeing values).
  static constexpr int kNoLimit = 1 << 20;

  explicit Table(std::vector<std::string> headers);
  void AddRow(std::vector<std::string> cells);  // REQUIRES: same arity
  // Overrides Render()'s max_width for one column (codes users copy).
  void SetMaxWidth(size_t column, int width) { max_widths_[column] = width; }
  // Columns wider than max_width are truncated with "..." (ASCII, so the
  // marker itself aligns in every terminal).
  std::string Render(int max_width = 40) const;
  size_t rows() const { return rows_.size(); }

  // How wide every Table measures ambiguous characters; hubctl sets it
  // once from --ambiguous_width. Default kWide, as CJK terminals draw them.
  static void SetAmbiguousWidth(AmbiguousWidth ambiguous);
  static AmbiguousWidth ambiguous_width();

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
  std::map<size_t, int> max_widths_;
};

}  // namespace hub

#endif  // HUB_TOOLS_HUBCTL_TABLE_H_
