#include "tools/hubctl/table.h"

#include "gtest/gtest.h"
#include "hub/common/display_width.h"

namespace hub {
namespace {

class TableTest : public ::testing::Test {
 protected:
  void TearDown() override { Table::SetAmbiguousWidth(AmbiguousWidth::kWide); }
};

// Every line of a rendered table, measured as the terminal draws it,
// starts its columns at the same offsets: here, each cell after the first
// begins where the header's does.
std::vector<int> ColumnStarts(const std::string& line, AmbiguousWidth a) {
  std::vector<int> starts;
  int col = 0;
  bool in_gap = false;
  for (size_t i = 0; i < line.size();) {
    size_t n = 1;
    while (i + n < line.size() && (line[i + n] & 0xC0) == 0x80) ++n;
    std::string cp = line.substr(i, n);
    if (cp == " " && i + 1 < line.size() && line[i + 1] == ' ') {
      in_gap = true;
    } else if (cp != " " && in_gap) {
      starts.push_back(col);
      in_gap = false;
    }
    col += DisplayWidth(cp, a);
    i += n;
  }
  return starts;
}

TEST_F(TableTest, AlignsChineseByDisplayWidth) {
  Table t({"区划", "name", "value"});
  t.AddRow({"350400", "三明市", "65.20"});
  t.AddRow({"350424", "宁化县", "7"});
  EXPECT_EQ(t.Render(),
            "区划    name    value\n"
            "------  ------  -----\n"
            "350400  三明市  65.20\n"
            "350424  宁化县  7\n");
}

TEST_F(TableTest, AmbiguousCharactersTakeTwoColumnsInCjkTerminals) {
  Table t({"名称", "值"});
  t.AddRow({"“一县一策”", "1"});
  t.AddRow({"№3…", "2"});
  t.AddRow({"abc", "3"});
  // “一县一策” is 12 columns where “ and ” are drawn double.
  EXPECT_EQ(t.Render(),
            "名称          值\n"
            "------------  --\n"
            "“一县一策”  1\n"
            "№3…         2\n"
            "abc           3\n");
}

TEST_F(TableTest, AmbiguousCharactersTakeOneColumnInWesternTerminals) {
  Table::SetAmbiguousWidth(AmbiguousWidth::kNarrow);
  Table t({"名称", "值"});
  t.AddRow({"“一县一策”", "1"});
  t.AddRow({"№3…", "2"});
  EXPECT_EQ(t.Render(),
            "名称        值\n"
            "----------  --\n"
            "“一县一策”  1\n"
            "№3…         2\n");
}

TEST_F(TableTest, MixedRowsLineUpInBothKindsOfTerminal) {
  for (AmbiguousWidth a : {AmbiguousWidth::kWide, AmbiguousWidth::kNarrow}) {
    Table::SetAmbiguousWidth(a);
    Table t({"code", "名称", "区划", "value"});
    t.AddRow({"primary_care_visit_share", "基层诊疗量占比", "350404 三元区",
              "65.20%"});
    t.AddRow({"x", "“三医”联动※", "350424 宁化县", "670.00 元/人"});
    t.AddRow({"sm2024.10.3", "推进“一县一策”…", "410100 郑州市", "300 台"});
    t.AddRow({"a", "‘b’ №1 °C", "Sanming", "1"});
    std::string out = t.Render(60);
    std::vector<std::string> lines;
    for (size_t p = 0, q; p < out.size(); p = q + 1) {
      q = out.find('\n', p);
      lines.push_back(out.substr(p, q - p));
    }
    std::vector<int> header = ColumnStarts(lines[0], a);
    ASSERT_EQ(header.size(), 3u);
    for (size_t i = 2; i < lines.size(); ++i) {
      EXPECT_EQ(ColumnStarts(lines[i], a), header)
          << "line " << i << " (" << static_cast<int>(a) << "): " << lines[i];
    }
  }
}

TEST_F(TableTest, TruncatesWideCellsWithAnAsciiMarker) {
  Table t({"text"});
  t.AddRow({"深化医药卫生体制改革"});
  EXPECT_EQ(t.Render(9), "text\n---------\n深化医...\n");
}

TEST_F(TableTest, ColumnsCanKeepLongCodes) {
  Table t({"code", "text"});
  t.SetMaxWidth(0, Table::kNoLimit);
  t.AddRow({"resident_insurance_subsidy_per_person", "深化医药卫生体制改革"});
  EXPECT_EQ(t.Render(9),
            "code                                   text\n"
            "-------------------------------------  ---------\n"
            "resident_insurance_subsidy_per_person  深化医...\n");
}

}  // namespace
}  // namespace hub
