// Export speed and memory: N rows shaped like the contributions table (14
// columns: codes, Chinese names, money, a percent, a note, a time) written
// to a file as CSV (UTF-8 with BOM, and GB18030), JSON lines and .xlsx,
// against a raw baseline that writes the same cell texts joined by commas,
// with no quoting, formatting, neutralization or encoding.
//
//   build/hub/export/export_benchmark --benchmark_counters_tabular=true
//
// Each case runs once per size (100,000 and 1,000,000 rows). Counters:
// rows/s (wall); file_MB; peak_rss_MiB, the getrusage ru_maxrss of a fresh
// process (this binary re-executed) running the case once, and
// rss_growth_MiB, that peak minus the process's size before the case. Equal
// growth at 10x the rows is what bounded memory means.
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "hub/export/export.h"

namespace hub {
namespace {

const char* const kRegions[][2] = {{"350404", "三元区"},
                                   {"350405", "沙县区"},
                                   {"350421", "明溪县"},
                                   {"350424", "宁化县"}};
const char* const kDepartments[][2] = {{"finance", "财政局"},
                                       {"medical_insurance", "医保局"},
                                       {"health_commission", "卫健委"}};
constexpr int64_t kJuly25 = 1721894400000000;

std::vector<ExportColumn> Columns() {
  auto text = [](const char* c, const char* n) {
    return ExportColumn{c, n, ColumnType::kText, {}};
  };
  return {text("kind", "类别"),
          text("code", "代码"),
          text("name", "名称"),
          text("region_code", "区划代码"),
          text("region_name", "区划"),
          text("period", "报告期"),
          text("department", "部门代码"),
          text("department_name", "部门"),
          {"amount", "金额", ColumnType::kFigure, {FigureKind::kMoney, 2}},
          {"share", "占比", ColumnType::kFigure, {FigureKind::kPercent, 2}},
          text("note", "备注"),
          text("submission_id", "提交编号"),
          {"accepted_at", "接收时间", ColumnType::kDateTime, {}},
          {"sequence", "序号", ColumnType::kFigure, {}}};
}

// Row i; *row is reused so the generator allocates little.
void MakeRow(int64_t i, std::vector<ExportCell>* row) {
  const auto& region = kRegions[i % 4];
  const auto& dept = kDepartments[i % 3];
  *row = {ExportCell::Text("指标"),
          ExportCell::Text("govt_spending_public_hospitals"),
          ExportCell::Text("政府对公立医院投入"),
          ExportCell::Text(region[0]),
          ExportCell::Text(region[1]),
          ExportCell::Text(absl::StrCat(2000 + i % 25)),
          ExportCell::Text(dept[0]),
          ExportCell::Text(dept[1]),
          ExportCell::Number(
              absl::StrCat(i % 2 ? "-" : "", 160083900 + i, ".", i % 90 + 10)),
          ExportCell::Number(absl::StrCat(i % 100, ".", i % 89 + 10)),
          ExportCell::Text(i % 7 ? "按上年度标准填报，“一县一策”…"
                                 : "-已完成前期调研"),
          ExportCell::Text(absl::StrCat("sub-", i)),
          ExportCell::Time(kJuly25 + i * 1000000),
          ExportCell::Number(absl::StrCat(i + 1))};
}

class FileSink : public ExportSink {
 public:
  explicit FileSink(const std::string& path)
      : f_(std::fopen(path.c_str(), "wb")) {}
  ~FileSink() override { std::fclose(f_); }
  absl::Status Write(absl::string_view b) override {
    return std::fwrite(b.data(), 1, b.size(), f_) == b.size()
               ? absl::OkStatus()
               : absl::DataLossError("short write");
  }

 private:
  std::FILE* f_;
};

std::string OutPath(const char* kind) {
  return absl::StrCat(std::filesystem::temp_directory_path().string(),
                      "/hub_export_bench_", getpid(), "_", kind);
}

// The raw baseline: the same cell texts, joined, written.
void RawWrite(const std::string& path, int64_t rows) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  std::vector<ExportCell> row;
  std::string line;
  for (int64_t i = 0; i < rows; ++i) {
    MakeRow(i, &row);
    line.clear();
    for (const ExportCell& c : row) {
      if (c.kind() == ExportCell::Kind::kTime) {
        absl::StrAppend(&line, c.micros(), ",");
      } else {
        absl::StrAppend(&line, c.text(), ",");
      }
    }
    line.back() = '\n';
    std::fwrite(line.data(), 1, line.size(), f);
  }
  std::fclose(f);
}

ExportOptions Options(const std::string& kind) {
  ExportOptions o;
  if (kind == "csv" || kind == "csv_gb18030") o.format = ExportFormat::kCsv;
  if (kind == "csv_gb18030") o.encoding = CsvEncoding::kGb18030;
  if (kind == "jsonl") o.format = ExportFormat::kJsonLines;
  return o;
}

void Export(const std::string& kind, const std::string& path, int64_t rows) {
  if (kind == "raw") return RawWrite(path, rows);
  FileSink sink(path);
  auto exporter = TableExporter::Create(Options(kind), &sink);
  if (!exporter.ok() || !(*exporter)->BeginTable("报送明细", Columns()).ok()) {
    std::abort();
  }
  std::vector<ExportCell> row;
  for (int64_t i = 0; i < rows; ++i) {
    MakeRow(i, &row);
    if (!(*exporter)->AddRow(row).ok()) std::abort();
  }
  if (!(*exporter)->Finish().ok()) std::abort();
}

// {peak, peak minus resident at start} in KiB of this binary re-executed
// with HUB_BENCH_RSS="<kind> <rows>", running the case once.
std::pair<int64_t, int64_t> RssInFreshProcess(const std::string& kind,
                                              int64_t rows) {
  std::string cmd = absl::StrCat("HUB_BENCH_RSS='", kind, " ", rows, "' /proc/",
                                 getpid(), "/exe");
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return {0, 0};
  long long peak = 0, start = 0;
  if (std::fscanf(p, "%lld %lld", &peak, &start) != 2) peak = start = 0;
  pclose(p);
  return {peak, peak - start};
}

bool MaybeRunRssChild() {
  const char* spec = std::getenv("HUB_BENCH_RSS");
  if (spec == nullptr) return false;
  char kind[32] = {0};
  long long rows = 0;
  if (std::sscanf(spec, "%31s %lld", kind, &rows) != 2) std::exit(1);
  std::string path = OutPath(kind);
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  Export(kind, path, rows);
  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  std::filesystem::remove(path);
  std::printf("%ld %ld\n", after.ru_maxrss, before.ru_maxrss);
  return true;
}

void Run(benchmark::State& state, const char* kind) {
  const int64_t rows = state.range(0);
  std::string path = OutPath(kind);
  for (auto _ : state) Export(kind, path, rows);
  state.counters["rows/s"] =
      benchmark::Counter(static_cast<double>(rows) * state.iterations(),
                         benchmark::Counter::kIsRate);
  state.counters["file_MB"] = std::filesystem::file_size(path) / 1e6;
  std::filesystem::remove(path);
  auto [peak, growth] = RssInFreshProcess(kind, rows);
  state.counters["peak_rss_MiB"] = peak / 1024.0;
  state.counters["rss_growth_MiB"] = growth / 1024.0;
}

void BM_RawWrite(benchmark::State& s) { Run(s, "raw"); }
void BM_CsvUtf8Bom(benchmark::State& s) { Run(s, "csv"); }
void BM_CsvGb18030(benchmark::State& s) { Run(s, "csv_gb18030"); }
void BM_JsonLines(benchmark::State& s) { Run(s, "jsonl"); }
void BM_Xlsx(benchmark::State& s) { Run(s, "xlsx"); }

#define HUB_EXPORT_BENCH(fn) \
  BENCHMARK(fn)              \
      ->Arg(100000)          \
      ->Arg(1000000)         \
      ->Iterations(1)        \
      ->UseRealTime()        \
      ->Unit(benchmark::kMillisecond)
HUB_EXPORT_BENCH(BM_RawWrite);
HUB_EXPORT_BENCH(BM_CsvUtf8Bom);
HUB_EXPORT_BENCH(BM_CsvGb18030);
HUB_EXPORT_BENCH(BM_JsonLines);
HUB_EXPORT_BENCH(BM_Xlsx);

}  // namespace
}  // namespace hub

int main(int argc, char** argv) {
  if (hub::MaybeRunRssChild()) return 0;
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
