#include "hub/export/export.h"

#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"

namespace hub {
namespace {

using ::hub::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Collects the export and the size of each piece written.
class StringSink : public ExportSink {
 public:
  absl::Status Write(absl::string_view bytes) override {
    data.append(bytes.data(), bytes.size());
    pieces.push_back(bytes.size());
    return absl::OkStatus();
  }
  std::string data;
  std::vector<size_t> pieces;
};

std::vector<ExportColumn> Columns() {
  return {
      {"region_code", "区划代码", ColumnType::kText, {}},
      {"amount", "金额（元）", ColumnType::kFigure, {FigureKind::kMoney, 2}},
      {"share", "占比（%）", ColumnType::kFigure, {FigureKind::kPercent, 2}},
      {"note", "备注", ColumnType::kText, {}},
      {"at", "接收时间", ColumnType::kDateTime, {}}};
}

// 2024-07-25 16:00:00 CST.
constexpr int64_t kJuly25 = 1721894400000000;

std::vector<ExportCell> Row(std::string note, std::string amount = "-30") {
  return {ExportCell::Text("350404"), ExportCell::Number(std::move(amount)),
          ExportCell::Number("65.2"), ExportCell::Text(std::move(note)),
          ExportCell::Time(kJuly25)};
}

std::string Export(ExportOptions options,
                   const std::vector<std::vector<ExportCell>>& rows) {
  StringSink sink;
  auto exporter = TableExporter::Create(options, &sink);
  EXPECT_TRUE(exporter.ok()) << exporter.status();
  HUB_EXPECT_OK((*exporter)->BeginTable("记录", Columns()));
  for (const auto& row : rows) HUB_EXPECT_OK((*exporter)->AddRow(row));
  HUB_EXPECT_OK((*exporter)->Finish());
  EXPECT_EQ((*exporter)->rows(), rows.size());
  return sink.data;
}

TEST(NeutralizeFormulaTest, PrefixesFormulaStarts) {
  EXPECT_EQ(NeutralizeFormula("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")");
  EXPECT_EQ(NeutralizeFormula("+1"), "'+1");
  EXPECT_EQ(NeutralizeFormula("-已完成前期调研"), "'-已完成前期调研");
  EXPECT_EQ(NeutralizeFormula("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(NeutralizeFormula("\tcmd"), "'\tcmd");
  EXPECT_EQ(NeutralizeFormula("\rcmd"), "'\rcmd");
  // Everything else is the department's text, untouched.
  EXPECT_EQ(NeutralizeFormula("按上年度标准填报 =1"), "按上年度标准填报 =1");
  EXPECT_EQ(NeutralizeFormula("“一县一策”…"), "“一县一策”…");
  EXPECT_EQ(NeutralizeFormula(""), "");
}

TEST(CsvExportTest, Utf8WithBomHeadersNumbersAndNeutralizedText) {
  ExportOptions o;
  o.format = ExportFormat::kCsv;
  std::string csv =
      Export(o, {Row("=1+2"), Row("含,逗号和\"引号\"", "1234567.5")});
  EXPECT_EQ(csv,
            "\xEF\xBB\xBF"
            "区划代码,金额（元）,占比（%）,备注,接收时间\r\n"
            "350404,-30.00,65.20,'=1+2,2024-07-25 16:00:00\r\n"
            "350404,1234567.50,65.20,\"含,逗号和\"\"引号\"\"\",2024-07-25 "
            "16:00:00\r\n");
}

TEST(CsvExportTest, NegativeNumberStaysANumberButNegativeTextIsNeutralized) {
  ExportOptions o;
  o.format = ExportFormat::kCsv;
  o.encoding = CsvEncoding::kUtf8;
  std::string csv = Export(o, {Row("-30")});
  EXPECT_THAT(csv, HasSubstr("350404,-30.00,65.20,'-30,"));
  EXPECT_THAT(csv, StartsWith("区划代码"));  // no BOM
}

TEST(CsvExportTest, Gb18030) {
  ExportOptions o;
  o.format = ExportFormat::kCsv;
  o.encoding = CsvEncoding::kGb18030;
  o.code_headers = true;
  std::string csv = Export(o, {Row("三明市")});
  // 三明市 in GB18030: C8FD C3F7 CAD0; no BOM; codes as headers.
  EXPECT_THAT(csv, StartsWith("region_code,amount,share,note,at\r\n"));
  EXPECT_THAT(csv, HasSubstr("\xC8\xFD\xC3\xF7\xCA\xD0"));
}

TEST(CsvExportTest, StreamsInPiecesOfBoundedSize) {
  ExportOptions o;
  o.format = ExportFormat::kCsv;
  o.chunk_bytes = 1024;
  StringSink sink;
  auto exporter = TableExporter::Create(o, &sink);
  HUB_ASSERT_OK(exporter.status());
  HUB_ASSERT_OK((*exporter)->BeginTable("t", Columns()));
  for (int i = 0; i < 1000; ++i) HUB_ASSERT_OK((*exporter)->AddRow(Row("x")));
  // Pieces leave as rows arrive, before Finish.
  EXPECT_GT(sink.pieces.size(), 10u);
  HUB_ASSERT_OK((*exporter)->Finish());
  for (size_t n : sink.pieces) EXPECT_LT(n, 1024u + 200u);
}

TEST(CsvExportTest, OneTableAndRowsOfTheRightWidth) {
  ExportOptions o;
  o.format = ExportFormat::kCsv;
  StringSink sink;
  auto exporter = TableExporter::Create(o, &sink);
  HUB_ASSERT_OK(exporter.status());
  EXPECT_THAT((*exporter)->AddRow(Row("x")),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT((*exporter)->BeginTable("t", {}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  HUB_ASSERT_OK((*exporter)->BeginTable("t", Columns()));
  EXPECT_THAT((*exporter)->AddRow({ExportCell::Text("only one")}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("1 cells in a table of 5 columns")));
  EXPECT_THAT(
      (*exporter)->BeginTable("t2", Columns()),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("xlsx")));
}

TEST(JsonLinesExportTest, ExactNumbersCodesAndCstTimes) {
  ExportOptions o;
  o.format = ExportFormat::kJsonLines;
  std::vector<ExportCell> row = Row("=1+2 “引号”\n第二行");
  row[2] = ExportCell();
  std::string jsonl = Export(o, {row});
  EXPECT_EQ(jsonl,
            "{\"region_code\":\"350404\",\"amount\":-30.00,\"share\":null,"
            "\"note\":\"=1+2 “引号”\\n第二行\","
            "\"at\":\"2024-07-25T16:00:00.000000+08:00\"}\n");
}

TEST(ExportCellTest, NonDecimalNumberIsText) {
  EXPECT_EQ(ExportCell::Number("-30.5").kind(), ExportCell::Kind::kNumber);
  EXPECT_EQ(ExportCell::Number("=1").kind(), ExportCell::Kind::kText);
  EXPECT_EQ(ExportCell::Date("2024-07-25").kind(), ExportCell::Kind::kDate);
  EXPECT_EQ(ExportCell::Date("持续推进").kind(), ExportCell::Kind::kText);
}

TEST(XlsxExportTest, WritesAZippedWorkbookAndRemovesItsTemporaryFile) {
  std::string dir = ::testing::TempDir() + "/xlsx_export_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  ExportOptions o;
  o.format = ExportFormat::kXlsx;
  o.temp_dir = dir;
  std::string xlsx = Export(o, {Row("=1+2"), Row("备注")});
  EXPECT_THAT(xlsx, StartsWith("PK\x03\x04"));
  EXPECT_GT(xlsx.size(), 2000u);
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

TEST(XlsxExportTest, SeveralTablesAreSeveralSheets) {
  StringSink sink;
  ExportOptions o;
  auto exporter = TableExporter::Create(o, &sink);
  HUB_ASSERT_OK(exporter.status());
  HUB_ASSERT_OK((*exporter)->BeginTable("达标情况", Columns()));
  HUB_ASSERT_OK((*exporter)->AddRow(Row("a")));
  HUB_ASSERT_OK((*exporter)->BeginTable("报送完整性", Columns()));
  HUB_ASSERT_OK((*exporter)->AddRow(Row("b")));
  HUB_ASSERT_OK((*exporter)->Finish());
  EXPECT_EQ((*exporter)->rows(), 2u);
  // Sheet names are in the (deflated) workbook; their XML files are not.
  EXPECT_THAT(sink.data, HasSubstr("xl/worksheets/sheet2.xml"));
}

}  // namespace
}  // namespace hub
