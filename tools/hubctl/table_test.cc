#include "tools/hubctl/table.h"

#include "gtest/gtest.h"

namespace hub {
namespace {

TEST(TableTest, AlignsChineseByDisplayWidth) {
  Table t({"区划", "name", "value"});
  t.AddRow({"350400", "三明市", "65.20"});
  t.AddRow({"350424", "宁化县", "7"});
  EXPECT_EQ(t.Render(),
            "区划    name    value\n"
            "------  ------  -----\n"
            "350400  三明市  65.20\n"
            "350424  宁化县  7\n");
}

TEST(TableTest, TruncatesWideCells) {
  Table t({"text"});
  t.AddRow({"深化医药卫生体制改革"});
  EXPECT_EQ(t.Render(9), "text\n---------\n深化医药…\n");
}

TEST(TableTest, ColumnsCanKeepLongCodes) {
  Table t({"code", "text"});
  t.SetMaxWidth(0, 64);
  t.AddRow({"resident_insurance_subsidy_per_person", "深化医药卫生体制改革"});
  EXPECT_EQ(t.Render(9),
            "code                                   text\n"
            "-------------------------------------  ---------\n"
            "resident_insurance_subsidy_per_person  深化医药…\n");
}

}  // namespace
}  // namespace hub
