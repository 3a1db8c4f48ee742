// Internal to hub/report: HTML building blocks (escaped text, tables,
// inline SVG bars) and the Chinese words of the report's figures.
#ifndef HUB_REPORT_INTERNAL_HTML_H_
#define HUB_REPORT_INTERNAL_HTML_H_

#include <string>
#include <vector>

#include "hub/v1/views.pb.h"

namespace hub {
namespace report_internal {

// The colour of an attainment state (达标 green ... 无数据 grey) and its CSS
// class ("st-met").
const char* StateColor(v1::AttainmentState state);
std::string StateClass(v1::AttainmentState state);

// <table> with a header row and rows of cells already escaped or built.
// Every cell of the head is text (escaped here).
std::string Table(const std::vector<std::string>& head,
                  const std::vector<std::vector<std::string>>& rows,
                  const std::string& css_class = "");

// One stacked horizontal bar: segments of count and colour, labelled
// below with "label count".
struct Segment {
  std::string label;
  int count = 0;
  std::string color;
};
std::string StackedBarSvg(const std::vector<Segment>& segments);

// A small inline bar of percent (0..100) in color, for a table cell.
std::string MiniBarSvg(double percent, const char* color);

// A check of a target in Chinese, from its figures: "目标 ≥ 65（截至
// 2025-12-31）；上年同期 59.27；按趋势预计 61.02".
std::string CheckText(const v1::TargetCheck& check, const std::string& unit);

// "2024-11-25 18:00:00" in China Standard Time.
std::string CstText(int64_t micros);

}  // namespace report_internal
}  // namespace hub

#endif  // HUB_REPORT_INTERNAL_HTML_H_
