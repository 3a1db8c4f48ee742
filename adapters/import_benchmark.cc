// Benchmark of `hubctl import`'s engine side: a health commission export of
// institution-month rows (6 months x N institutions), at 1x and 10x size,
// against a raw baseline that only reads and decodes the CSV records.
//
//   build/adapters/import_benchmark --benchmark_counters_tabular=true
//
// Counters: rows/s (per CPU second); peak_rss_MiB, the getrusage ru_maxrss
// of a fresh process (this binary re-executed) running the case once, so a
// case's memory is not hidden by the cases before it, and rss_growth_MiB,
// that peak minus the process's size before the case (libraries, ~8 MiB).
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "adapters/builtin.h"
#include "adapters/csv/csv_reader.h"
#include "adapters/import.h"
#include "benchmark/benchmark.h"

namespace hub {
namespace adapters {
namespace {

constexpr int kBaseInstitutions = 5000;  // 1x: 30,000 rows, ~4 MB
const char* const kCounties[] = {"350404", "350405", "350421", "350423",
                                 "350424", "350425", "350426", "350481"};

std::string SampleFile(int institutions) {
  std::string path =
      absl::StrCat("/tmp/hub_import_bench_", institutions, ".csv");
  if (std::ifstream(path).good()) return path;
  // Written whole under a private name, then renamed: a file at `path` is
  // always complete.
  std::string tmp = absl::StrCat(path, ".", getpid());
  std::ofstream out(tmp);
  out << "机构编码,机构名称,机构级别,机构类型,行政区划代码,统计月份,总诊疗人次,"
         "出院人数,临床路径管理出院人数,医疗收入（元）,医疗服务收入（元）,"
         "人员支出（元）,业务支出（元）\n";
  static const char* kKinds[][2] = {{"三级", "医院"},
                                    {"二级", "医院"},
                                    {"基层", "乡镇卫生院"},
                                    {"基层", "村卫生室"}};
  for (int month = 1; month <= 6; ++month) {
    for (int i = 0; i < institutions; ++i) {
      const auto& kind = kKinds[i % 4];
      bool hospital = i % 4 < 2;
      out << "3504" << 1000000 + i << ",第" << i << "号机构," << kind[0] << ","
          << kind[1] << "," << kCounties[i % 8] << ",20240" << month << ","
          << 1000 + i % 977 << "," << (hospital ? 100 + i % 89 : 0) << ","
          << (hospital ? 60 + i % 37 : 0) << "," << 180000 + i % 7919 << ".25,"
          << 60000 + i % 3571 << ".10," << 70000 + i % 2713 << ".00,"
          << 160000 + i % 6151 << ".75\n";
    }
  }
  out.close();
  std::rename(tmp.c_str(), path.c_str());
  return path;
}

int64_t RawRead(const std::string& path) {
  auto reader = CsvReader::Open(path, Encoding::kAuto);
  std::vector<std::string> cells;
  int64_t line = 0, rows = 0;
  while (true) {
    absl::StatusOr<bool> more = (*reader)->Next(&cells, &line);
    if (!more.ok()) std::abort();
    if (!*more) break;
    ++rows;
  }
  return rows - 1;
}

int64_t Import(const std::string& path) {
  AdapterRegistry registry;
  (void)RegisterBuiltinAdapters(&registry);
  ImportOptions options;
  options.report_period = *Period::Parse("2024H1");
  auto result = ImportCsvFile(registry, "health_commission", path, options);
  if (!result.ok() || !result->issues.empty()) std::abort();
  return result->accepted_rows;
}

// {peak, peak minus resident at start} in KiB (ru_maxrss) of a fresh
// process, this binary re-executed with HUB_BENCH_RSS="<raw|import> <n>",
// running the case once.
std::pair<int64_t, int64_t> RssInFreshProcess(const char* kind,
                                              int institutions) {
  std::string cmd = absl::StrCat("HUB_BENCH_RSS='", kind, " ", institutions,
                                 "' /proc/", getpid(), "/exe");
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return {0, 0};
  long long peak = 0, start = 0;
  if (std::fscanf(p, "%lld %lld", &peak, &start) != 2) peak = start = 0;
  pclose(p);
  return {peak, peak - start};
}

// The child side of PeakKiBInFreshProcess(); returns false when not a child.
bool MaybeRunRssChild() {
  const char* spec = std::getenv("HUB_BENCH_RSS");
  if (spec == nullptr) return false;
  char kind[16] = {0};
  int institutions = 0;
  if (std::sscanf(spec, "%15s %d", kind, &institutions) != 2) std::exit(1);
  std::string path = SampleFile(institutions);
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  std::string(kind) == "raw" ? RawRead(path) : Import(path);
  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  std::printf("%ld %ld\n", after.ru_maxrss, before.ru_maxrss);
  return true;
}

void Run(benchmark::State& state, const char* kind,
         int64_t (*fn)(const std::string&)) {
  int institutions = kBaseInstitutions * state.range(0);
  std::string path = SampleFile(institutions);
  int64_t rows = 0;
  for (auto _ : state) rows = fn(path);
  state.counters["rows"] = rows;
  state.counters["rows/s"] =
      benchmark::Counter(static_cast<double>(rows) * state.iterations(),
                         benchmark::Counter::kIsRate);
  auto [peak, growth] = RssInFreshProcess(kind, institutions);
  state.counters["peak_rss_MiB"] = peak / 1024.0;
  state.counters["rss_growth_MiB"] = growth / 1024.0;
}

void BM_RawCsvRead(benchmark::State& state) { Run(state, "raw", &RawRead); }
void BM_Import(benchmark::State& state) { Run(state, "import", &Import); }

BENCHMARK(BM_RawCsvRead)->Arg(1)->Arg(10)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Import)->Arg(1)->Arg(10)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace adapters
}  // namespace hub

int main(int argc, char** argv) {
  if (hub::adapters::MaybeRunRssChild()) return 0;
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
