// Benchmark of `hubctl import`'s engine side: a health commission export of
// institution-month rows (6 months x N institutions), at 1x and 10x size,
// against a raw baseline that only reads and decodes the CSV records.
//
//   build/adapters/import_benchmark --benchmark_counters_tabular=true
//
// Counters: rows/s; peak_rss_MiB (getrusage ru_maxrss of a forked child
// running the case once) and rss_growth_MiB (that peak minus the child's
// resident size when it started), so a case's memory is not hidden by the
// cases before it.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
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
  std::ofstream out(path);
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

int64_t ResidentKiB() {
  long pages = 0, resident = 0;
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
  std::fclose(f);
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

// Runs fn once in a child; returns {peak KiB, growth KiB}.
std::pair<int64_t, int64_t> MeasureInChild(int64_t (*fn)(const std::string&),
                                           const std::string& path) {
  int fds[2];
  if (pipe(fds) != 0) return {0, 0};
  pid_t pid = fork();
  if (pid == 0) {
    int64_t start = ResidentKiB();
    fn(path);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    int64_t out[2] = {usage.ru_maxrss, usage.ru_maxrss - start};
    if (write(fds[1], out, sizeof(out)) != sizeof(out)) _exit(1);
    _exit(0);
  }
  int64_t in[2] = {0, 0};
  close(fds[1]);
  if (read(fds[0], in, sizeof(in)) != sizeof(in)) in[0] = in[1] = 0;
  close(fds[0]);
  waitpid(pid, nullptr, 0);
  return {in[0], in[1]};
}

void Run(benchmark::State& state, int64_t (*fn)(const std::string&)) {
  std::string path = SampleFile(kBaseInstitutions * state.range(0));
  int64_t rows = 0;
  for (auto _ : state) rows = fn(path);
  auto [peak, growth] = MeasureInChild(fn, path);
  state.counters["rows"] = rows;
  state.counters["rows/s"] =
      benchmark::Counter(static_cast<double>(rows) * state.iterations(),
                         benchmark::Counter::kIsRate);
  state.counters["peak_rss_MiB"] = peak / 1024.0;
  state.counters["rss_growth_MiB"] = growth / 1024.0;
}

void BM_RawCsvRead(benchmark::State& state) { Run(state, &RawRead); }
void BM_Import(benchmark::State& state) { Run(state, &Import); }

BENCHMARK(BM_RawCsvRead)->Arg(1)->Arg(10)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Import)->Arg(1)->Arg(10)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace adapters
}  // namespace hub

BENCHMARK_MAIN();
