// Figures of hub_bench: latency samples, medians over runs, and the report
// table (one row per scenario: the hub, its baselines and the ratios).
#ifndef HUB_TOOLS_BENCH_STATS_H_
#define HUB_TOOLS_BENCH_STATS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace hub {
namespace bench {

// Latencies in microseconds, from any thread.
class Latencies {
 public:
  void Add(double micros);
  // The p-th percentile (0..100) of what was added; 0 when nothing was.
  double Percentile(double p) const;
  size_t count() const;

 private:
  mutable absl::Mutex mu_;
  mutable std::vector<double> samples_ ABSL_GUARDED_BY(mu_);
};

double Median(std::vector<double> values);

// The report: rows of named figures, each the median of the runs that
// added to it, printed as a Markdown table (BENCHMARKS.md takes it as is).
class Report {
 public:
  // Adds one run's value of column to row.
  void Add(const std::string& row, const std::string& column, double value);
  // Columns in the order first added; rows likewise.
  std::string Markdown() const;
  // Adds column `name`, median(a) / median(b), to each row having both.
  void AddRatio(const std::string& a, const std::string& b,
                const std::string& name);
  // The median of row's column; 0 when absent.
  double Get(const std::string& row, const std::string& column) const;

 private:
  std::vector<std::string> rows_;
  std::vector<std::string> columns_;
  std::map<std::pair<std::string, std::string>, std::vector<double>> cells_;
};

// Resident and peak resident memory (KiB) of process pid, from
// /proc/<pid>/status; 0 when it cannot be read.
int64_t ResidentKiB(int pid);
// User plus system CPU seconds process pid has used so far.
double CpuSeconds(int pid);
int64_t PeakResidentKiB(int pid);

}  // namespace bench
}  // namespace hub

#endif  // HUB_TOOLS_BENCH_STATS_H_
