// Plain-text tables for the terminal, aligned by display width so Chinese
// names (two columns per character) line up with ASCII.
#ifndef HUB_TOOLS_HUBCTL_TABLE_H_
#define HUB_TOOLS_HUBCTL_TABLE_H_

#include <map>
#include <string>
#include <vector>

namespace hub {

class Table {
 public:
  explicit Table(std::vector<std::string> headers);
  void AddRow(std::vector<std::string> cells);  // REQUIRES: same arity
  // Overrides Render()'s max_width for one column (codes users copy).
  void SetMaxWidth(size_t column, int width) { max_widths_[column] = width; }
  // Columns wider than max_width are truncated with "…".
  std::string Render(int max_width = 40) const;
  size_t rows() const { return rows_.size(); }

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
  std::map<size_t, int> max_widths_;
};

}  // namespace hub

#endif  // HUB_TOOLS_HUBCTL_TABLE_H_
