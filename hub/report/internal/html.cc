#include "hub/report/internal/html.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "hub/common/cst_time.h"
#include "hub/model/labels.h"
#include "hub/report/report.h"

namespace hub {
namespace report_internal {

const char* StateColor(v1::AttainmentState state) {
  switch (state) {
    case v1::ATTAINMENT_STATE_MET:
      return "#2e7d32";
    case v1::ATTAINMENT_STATE_ON_TRACK:
      return "#1565c0";
    case v1::ATTAINMENT_STATE_AT_RISK:
      return "#ef8f00";
    case v1::ATTAINMENT_STATE_MISSED:
      return "#c62828";
    default:
      return "#9e9e9e";
  }
}

std::string StateClass(v1::AttainmentState state) {
  switch (state) {
    case v1::ATTAINMENT_STATE_MET:
      return "st-met";
    case v1::ATTAINMENT_STATE_ON_TRACK:
      return "st-on-track";
    case v1::ATTAINMENT_STATE_AT_RISK:
      return "st-at-risk";
    case v1::ATTAINMENT_STATE_MISSED:
      return "st-missed";
    default:
      return "st-no-data";
  }
}

std::string Table(const std::vector<std::string>& head,
                  const std::vector<std::vector<std::string>>& rows,
                  const std::string& css_class) {
  std::string out = css_class.empty()
                        ? "<table>"
                        : absl::StrCat("<table class=\"", css_class, "\">");
  absl::StrAppend(&out, "<thead><tr>");
  for (const std::string& h : head) {
    absl::StrAppend(&out, "<th>", HtmlEscape(h), "</th>");
  }
  absl::StrAppend(&out, "</tr></thead><tbody>");
  for (const auto& row : rows) {
    absl::StrAppend(&out, "<tr>");
    for (const std::string& cell : row) {
      absl::StrAppend(&out, "<td>", cell, "</td>");
    }
    absl::StrAppend(&out, "</tr>");
  }
  absl::StrAppend(&out, "</tbody></table>");
  return out;
}

std::string StackedBarSvg(const std::vector<Segment>& segments) {
  constexpr double kWidth = 600, kBar = 14;
  int total = 0;
  for (const Segment& s : segments) total += s.count;
  std::string out = absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
      "viewBox=\"0 0 %.0f 34\" width=\"100%%\" height=\"34\" role=\"img\">",
      kWidth);
  double x = 0;
  for (const Segment& s : segments) {
    if (total == 0 || s.count == 0) continue;
    const double w = kWidth * s.count / total;
    absl::StrAppendFormat(&out,
                          "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" "
                          "height=\"%.0f\" fill=\"%s\"/>",
                          x, w, kBar, s.color);
    x += w;
  }
  double lx = 0;
  for (const Segment& s : segments) {
    absl::StrAppendFormat(
        &out,
        "<rect x=\"%.0f\" y=\"21\" width=\"10\" height=\"10\" fill=\"%s\"/>"
        "<text x=\"%.0f\" y=\"30\" font-size=\"11\">%s %d</text>",
        lx, s.color, lx + 13, HtmlEscape(s.label), s.count);
    lx += 100;
  }
  absl::StrAppend(&out, "</svg>");
  return out;
}

std::string MiniBarSvg(double percent, const char* color) {
  const double w = std::clamp(percent, 0.0, 100.0) * 0.6;
  return absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bar\" width=\"60\" "
      "height=\"8\" viewBox=\"0 0 60 8\"><rect width=\"60\" height=\"8\" "
      "fill=\"#e0e0e0\"/><rect width=\"%.1f\" height=\"8\" fill=\"%s\"/>"
      "</svg>",
      w, color);
}

std::string CheckText(const v1::TargetCheck& c, const std::string& unit) {
  std::string out;
  switch (c.comparator()) {
    case v1::COMPARATOR_AT_LEAST:
      out = absl::StrCat("目标 ≥ ", c.target_value(), unit);
      break;
    case v1::COMPARATOR_AT_MOST:
      out = absl::StrCat("目标 ≤ ", c.target_value(), unit);
      break;
    case v1::COMPARATOR_INCREASE_BY:
      out = absl::StrCat("目标 较上年增加 ", c.target_value(), unit);
      break;
    case v1::COMPARATOR_INCREASE:
      out = "目标 较上年增加";
      break;
    default:
      out = "目标";
  }
  if (!c.deadline().empty()) absl::StrAppend(&out, "（", c.deadline(), "）");
  if (!c.baseline_value().empty()) {
    absl::StrAppend(&out, "；", c.baseline_period(), " ", c.baseline_value());
  }
  if (!c.change().empty()) absl::StrAppend(&out, "；变化 ", c.change());
  if (!c.projected().empty()) {
    absl::StrAppend(&out, "；按趋势预计 ", c.projected());
  }
  if (c.state() == v1::ATTAINMENT_STATE_NO_DATA) {
    absl::StrAppend(&out, "；缺少数据");
  }
  absl::StrAppend(&out, "：", AttainmentStateLabel(c.state(), Lang::kZh));
  return out;
}

std::string CstText(int64_t micros) {
  std::string t = FormatMicrosCst(micros);
  return t.size() > 4 ? t.substr(0, t.size() - 4) : t;  // without " CST"
}

}  // namespace report_internal
}  // namespace hub
