#include "hub/common/figures.h"

#include "gtest/gtest.h"

namespace hub {
namespace {

v1::Indicator Indicator(v1::Dimension dimension, const std::string& unit,
                        int precision) {
  v1::Indicator i;
  i.set_dimension(dimension);
  i.set_unit(unit);
  i.set_precision(precision);
  return i;
}

TEST(FiguresTest, MoneyHasSeparatorsAndTwoDecimals) {
  v1::Indicator spending = Indicator(v1::DIMENSION_YUAN, "元", 2);
  EXPECT_EQ(FormatFigure("160083900", FigureFormatFor(spending)),
            "160,083,900.00");
  EXPECT_EQ(FormatFigure("-1234.5", FigureFormatFor(spending)), "-1,234.50");
  EXPECT_EQ(FormatFigure("999", FigureFormatFor(spending)), "999.00");
  EXPECT_EQ(FormatFigure("160083900", FigureFormatFor(spending),
                         {.thousands = false}),
            "160083900.00");
}

TEST(FiguresTest, MoneyInWan) {
  v1::Indicator spending = Indicator(v1::DIMENSION_YUAN, "元", 2);
  FigureStyle wan{.thousands = true, .wan = true};
  EXPECT_EQ(FormatFigure("160083900.00", FigureFormatFor(spending), wan),
            "16,008.39");
  EXPECT_EQ(FormatFigure("160083950.00", FigureFormatFor(spending), wan),
            "16,008.40");  // rounded half up for display
  EXPECT_EQ(FigureUnit(spending, wan), "万元");
  EXPECT_EQ(FormatFigureWithUnit("160083900", spending, wan), "16,008.39 万元");
  // A per-person standard is a rate: never in 万元.
  v1::Indicator subsidy = Indicator(v1::DIMENSION_YUAN_PER_PERSON, "元/人", 2);
  EXPECT_EQ(FormatFigureWithUnit("670", subsidy, wan), "670.00 元/人");
}

TEST(FiguresTest, SameFigureWrittenOneWay) {
  v1::Indicator subsidy = Indicator(v1::DIMENSION_YUAN_PER_PERSON, "元/人", 2);
  EXPECT_EQ(FormatFigure("670", FigureFormatFor(subsidy)),
            FormatFigure("670.00", FigureFormatFor(subsidy)));
  v1::Indicator share = Indicator(v1::DIMENSION_PERCENT, "%", 2);
  EXPECT_EQ(FormatFigure("65", FigureFormatFor(share)), "65.00");
  EXPECT_EQ(FormatFigure("65.2", FigureFormatFor(share)), "65.20");
  EXPECT_EQ(FormatFigureWithUnit("65.2", share), "65.20%");
}

TEST(FiguresTest, CountsAndRatios) {
  v1::Indicator aeds = Indicator(v1::DIMENSION_COUNT, "台", 0);
  EXPECT_EQ(FormatFigure("33000", FigureFormatFor(aeds)), "33,000");
  EXPECT_EQ(FormatFigureWithUnit("300", aeds), "300 台");
  v1::Indicator nurses = Indicator(v1::DIMENSION_RATIO, "人/千人", 2);
  EXPECT_EQ(FormatFigure("3.1", FigureFormatFor(nurses)), "3.10");
  EXPECT_EQ(FormatFigure("1234.5", FigureFormatFor(nurses)), "1234.50");
}

TEST(FiguresTest, NonDecimalTextUnchanged) {
  v1::Indicator share = Indicator(v1::DIMENSION_PERCENT, "%", 2);
  EXPECT_EQ(FormatFigure("", FigureFormatFor(share)), "");
  EXPECT_EQ(FormatFigure("n/a", FigureFormatFor(share)), "n/a");
  EXPECT_EQ(FormatFigureWithUnit("", share), "");
}

TEST(FiguresTest, ThousandsSeparators) {
  EXPECT_EQ(WithThousandsSeparators("0"), "0");
  EXPECT_EQ(WithThousandsSeparators("100"), "100");
  EXPECT_EQ(WithThousandsSeparators("1000"), "1,000");
  EXPECT_EQ(WithThousandsSeparators("-100000.125"), "-100,000.125");
  EXPECT_EQ(WithThousandsSeparators("1234567"), "1,234,567");
}

}  // namespace
}  // namespace hub
