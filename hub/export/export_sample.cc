// export_sample: writes one small table with the cells exports must get
// right -- a negative amount, a percent, a large amount, notes that begin
// like formulas, curly quotes and an ellipsis, a CST time -- in every
// format, for tests/interop/export_readback_test.py to read back with
// independent readers (openpyxl, Python's csv and codecs).
//
//   build/hub/export/export_sample OUT_DIR
//
// Writes sample.xlsx (the table, then a second sheet of it),
// sample_bom.csv, sample_utf8.csv, sample_gb18030.csv and sample.jsonl.
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "hub/export/export.h"

namespace hub {
namespace {

class FileSink : public ExportSink {
 public:
  explicit FileSink(const std::string& path)
      : f_(std::fopen(path.c_str(), "wb")) {}
  ~FileSink() override {
    if (f_ != nullptr) std::fclose(f_);
  }
  absl::Status Write(absl::string_view b) override {
    if (f_ == nullptr || std::fwrite(b.data(), 1, b.size(), f_) != b.size()) {
      return absl::DataLossError("cannot write");
    }
    return absl::OkStatus();
  }

 private:
  std::FILE* f_;
};

std::vector<ExportColumn> Columns() {
  return {
      {"region_code", "区划代码", ColumnType::kText, {}},
      {"region_name", "区划", ColumnType::kText, {}},
      {"change",
       "较上年增减（元/人）",
       ColumnType::kFigure,
       {FigureKind::kUnitMoney, 2}},
      {"spending",
       "政府对公立医院投入（元）",
       ColumnType::kFigure,
       {FigureKind::kMoney, 2}},
      {"share",
       "基层诊疗量占比",
       ColumnType::kFigure,
       {FigureKind::kPercent, 2}},
      {"aeds", "AED数量（台）", ColumnType::kFigure, {FigureKind::kCount, 0}},
      {"nurses",
       "每千人口注册护士数",
       ColumnType::kFigure,
       {FigureKind::kShare, 2}},
      {"note", "备注", ColumnType::kText, {}},
      {"accepted_at", "接收时间", ColumnType::kDateTime, {}},
  };
}

constexpr int64_t kJuly25 = 1721894400000000;  // 2024-07-25 16:00:00 CST

std::vector<std::vector<ExportCell>> Rows() {
  const char* notes[] = {"=HYPERLINK(\"http://example.invalid\",\"点击\")",
                         "-已完成前期调研",
                         "+1 追加",
                         "@SUM(A1:A2)",
                         "\t制表符开头",
                         "按上年度标准填报，“一县一策”…"};
  const char* regions[][2] = {{"350404", "三元区"}, {"350405", "沙县区"},
                              {"350421", "明溪县"}, {"350423", "清流县"},
                              {"350424", "宁化县"}, {"350425", "大田县"}};
  const char* changes[] = {"-30", "30.00", "0", "-0.5", "12.34", "-1234567.8"};
  std::vector<std::vector<ExportCell>> rows;
  for (int i = 0; i < 6; ++i) {
    rows.push_back(
        {ExportCell::Text(regions[i][0]), ExportCell::Text(regions[i][1]),
         ExportCell::Number(changes[i]),
         ExportCell::Number(absl::StrCat(160083900 + i * 1000)),
         ExportCell::Number(absl::StrCat("65.", 20 + i)),
         ExportCell::Number(absl::StrCat(300 + i * 1000)),
         ExportCell::Number(i == 0 ? "3.1" : "2.85"),
         ExportCell::Text(notes[i]), ExportCell::Time(kJuly25 + i * 1000000)});
  }
  return rows;
}

bool Write(const std::string& path, ExportOptions options, int tables) {
  FileSink sink(path);
  auto exporter = TableExporter::Create(options, &sink);
  if (!exporter.ok()) return false;
  for (int t = 0; t < tables; ++t) {
    if (!(*exporter)
             ->BeginTable(t == 0 ? "报送明细" : "第二张表", Columns())
             .ok())
      return false;
    for (const auto& row : Rows()) {
      if (!(*exporter)->AddRow(row).ok()) return false;
    }
  }
  return (*exporter)->Finish().ok();
}

int Main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: export_sample OUT_DIR\n");
    return 2;
  }
  std::string dir = argv[1];
  ExportOptions xlsx, bom, utf8, gb, jsonl;
  bom.format = utf8.format = gb.format = ExportFormat::kCsv;
  utf8.encoding = CsvEncoding::kUtf8;
  gb.encoding = CsvEncoding::kGb18030;
  jsonl.format = ExportFormat::kJsonLines;
  bool ok = Write(dir + "/sample.xlsx", xlsx, 2) &&
            Write(dir + "/sample_bom.csv", bom, 1) &&
            Write(dir + "/sample_utf8.csv", utf8, 1) &&
            Write(dir + "/sample_gb18030.csv", gb, 1) &&
            Write(dir + "/sample.jsonl", jsonl, 1);
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace hub

int main(int argc, char** argv) { return hub::Main(argc, argv); }
