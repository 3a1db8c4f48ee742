// Plain-text tables for the terminal, aligned by display width so Chinese
// names (two columns per character) line up with ASCII.
#ifndef HUB_TOOLS_HUBCTL_TABLE_H_
#define HUB_TOOLS_HUBCTL_TABLE_H_

#include <string>
#include <vector>

namespace hub {

class Table {
 public:
  explicit Table(std::vector<std::string> headers);
  void AddRow(std::vector<std::string> cells);  // REQUIRES: same arity
  // Columns wider than max_width are truncated with "…".
  std::string Render(int max_width = 40) const;
  size_t rows() const { return rows_.size(); }

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace hub

#endif  // HUB_TOOLS_HUBCTL_TABLE_H_
