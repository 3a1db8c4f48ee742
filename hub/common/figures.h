// Figures as people read them: one way to write an indicator's value in
// hubctl's tables, in exports and in reports, so the same figure never shows
// as "670" in one place and "670.00" in another.
//
// An indicator's FigureFormat follows from its dimension and precision
// (protos/hub/v1/model.proto):
//   DIMENSION_YUAN             kMoney      2 decimals, thousands separators;
//                                          in 万元 on request
//   DIMENSION_YUAN_PER_PERSON  kUnitMoney  2 decimals, thousands separators
//                                          (a rate: never in 万元)
//   DIMENSION_COUNT, PERSONS   kCount      0 decimals unless the indicator
//                                          says more, thousands separators
//   DIMENSION_PERCENT          kPercent    the indicator's precision; 65.2
//                                          means 65.2 %
//   DIMENSION_RATIO            kShare      the indicator's precision
//
// Formatting never changes the stored value: it rounds half away from zero
// (四舍五入) only when the text has more digits than the format shows, and
// text that is not a decimal is returned unchanged.
//
// All functions are pure and thread-safe.
#ifndef HUB_COMMON_FIGURES_H_
#define HUB_COMMON_FIGURES_H_

#include <string>

#include "absl/strings/string_view.h"
#include "hub/v1/model.pb.h"

namespace hub {

enum class FigureKind {
  kPlain,      // as written
  kMoney,      // an amount in 元
  kUnitMoney,  // 元 per something (元/人)
  kCount,      // a whole number of things or people
  kShare,      // a ratio, at a stated precision
  kPercent,    // a percentage (65.20 means 65.20 %), at a stated precision
};

struct FigureFormat {
  FigureKind kind = FigureKind::kPlain;
  int precision = -1;  // fractional digits shown; -1: as written
};

// How people want figures written.
struct FigureStyle {
  bool thousands = true;  // "160,083,900.00" (money and counts only)
  bool wan = false;       // kMoney in 万元 (10,000 元), 2 decimals
};

// The format of indicator's values (see the table above).
FigureFormat FigureFormatFor(const v1::Indicator& indicator);

// Returns decimal written in format and style: "160,083,900.00",
// "16,008.39" (wan), "65.20", "1,280". Text that is not a decimal (or is
// empty) comes back unchanged.
std::string FormatFigure(absl::string_view decimal, const FigureFormat& format,
                         const FigureStyle& style = {});

// The unit people read beside a figure of indicator: the catalog's unit,
// or "万元" for money shown in 万元.
std::string FigureUnit(const v1::Indicator& indicator,
                       const FigureStyle& style = {});

// FormatFigure() followed by the unit: "65.20%", "670.00 元/人",
// "16,008.39 万元", "300 台". Empty when decimal is empty.
std::string FormatFigureWithUnit(absl::string_view decimal,
                                 const v1::Indicator& indicator,
                                 const FigureStyle& style = {});

// Inserts thousands separators into the integer part of decimal text:
// "-1234567.5" -> "-1,234,567.5".
std::string WithThousandsSeparators(absl::string_view decimal);

}  // namespace hub

#endif  // HUB_COMMON_FIGURES_H_
