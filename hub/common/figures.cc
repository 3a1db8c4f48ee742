#include "hub/common/figures.h"

#include "absl/strings/str_cat.h"
#include "hub/common/decimal.h"

namespace hub {
namespace {

constexpr int kMoneyPrecision = 2;

bool Separated(FigureKind kind) {
  return kind == FigureKind::kMoney || kind == FigureKind::kUnitMoney ||
         kind == FigureKind::kCount;
}

}  // namespace

FigureFormat FigureFormatFor(const v1::Indicator& indicator) {
  switch (indicator.dimension()) {
    case v1::DIMENSION_YUAN:
      return {FigureKind::kMoney, kMoneyPrecision};
    case v1::DIMENSION_YUAN_PER_PERSON:
      return {FigureKind::kUnitMoney, kMoneyPrecision};
    case v1::DIMENSION_COUNT:
    case v1::DIMENSION_PERSONS:
      return {FigureKind::kCount, indicator.precision()};
    case v1::DIMENSION_PERCENT:
      return {FigureKind::kPercent, indicator.precision()};
    case v1::DIMENSION_RATIO:
      return {FigureKind::kShare, indicator.precision()};
    default:
      return {FigureKind::kPlain, -1};
  }
}

std::string WithThousandsSeparators(absl::string_view decimal) {
  size_t start = !decimal.empty() && (decimal[0] == '-' || decimal[0] == '+');
  size_t point = decimal.find('.');
  size_t end = point == absl::string_view::npos ? decimal.size() : point;
  std::string out(decimal.substr(0, start));
  for (size_t i = start; i < end; ++i) {
    out += decimal[i];
    size_t left = end - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  absl::StrAppend(&out, decimal.substr(end));
  return out;
}

std::string FormatFigure(absl::string_view decimal, const FigureFormat& format,
                         const FigureStyle& style) {
  auto value = Decimal::Parse(decimal);
  if (!value.ok()) return std::string(decimal);
  int precision = format.precision;
  if (format.kind == FigureKind::kMoney && style.wan) {
    auto wan = value->ScaleByPowerOfTen(-4);
    if (!wan.ok()) return std::string(decimal);
    value = *wan;
    precision = kMoneyPrecision;
  }
  if (precision >= 0 && precision <= Decimal::kMaxScale) {
    auto shown = value->Rescale(precision);
    if (shown.ok()) value = *shown;
  }
  std::string text = value->ToString();
  if (style.thousands && Separated(format.kind)) {
    return WithThousandsSeparators(text);
  }
  return text;
}

std::string FigureUnit(const v1::Indicator& indicator,
                       const FigureStyle& style) {
  if (style.wan && FigureFormatFor(indicator).kind == FigureKind::kMoney) {
    return "万元";
  }
  return indicator.unit();
}

std::string FormatFigureWithUnit(absl::string_view decimal,
                                 const v1::Indicator& indicator,
                                 const FigureStyle& style) {
  if (decimal.empty()) return "";
  std::string figure = FormatFigure(decimal, FigureFormatFor(indicator), style);
  std::string unit = FigureUnit(indicator, style);
  if (unit.empty()) return figure;
  return unit == "%" ? absl::StrCat(figure, unit)
                     : absl::StrCat(figure, " ", unit);
}

}  // namespace hub
