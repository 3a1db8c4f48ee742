#include "tools/bench/stats.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace hub {
namespace bench {

void Latencies::Add(double micros) {
  absl::MutexLock lock(&mu_);
  samples_.push_back(micros);
}

size_t Latencies::count() const {
  absl::MutexLock lock(&mu_);
  return samples_.size();
}

double Latencies::Percentile(double p) const {
  absl::MutexLock lock(&mu_);
  if (samples_.empty()) return 0;
  size_t k = static_cast<size_t>(std::ceil(p / 100 * samples_.size()));
  k = std::min(std::max<size_t>(k, 1), samples_.size()) - 1;
  std::nth_element(samples_.begin(), samples_.begin() + k, samples_.end());
  return samples_[k];
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void Report::Add(const std::string& row, const std::string& column,
                 double value) {
  if (std::find(rows_.begin(), rows_.end(), row) == rows_.end()) {
    rows_.push_back(row);
  }
  if (std::find(columns_.begin(), columns_.end(), column) == columns_.end()) {
    columns_.push_back(column);
  }
  cells_[{row, column}].push_back(value);
}

double Report::Get(const std::string& row, const std::string& column) const {
  auto it = cells_.find({row, column});
  return it == cells_.end() ? 0 : Median(it->second);
}

void Report::AddRatio(const std::string& a, const std::string& b,
                      const std::string& name) {
  for (const std::string& row : std::vector<std::string>(rows_)) {
    double x = Get(row, a), y = Get(row, b);
    if (x > 0 && y > 0) Add(row, name, x / y);
  }
}

namespace {

std::string Format(double v) {
  if (v == 0) return "0";
  if (std::fabs(v) >= 100) return absl::StrFormat("%.0f", v);
  if (std::fabs(v) >= 10) return absl::StrFormat("%.1f", v);
  return absl::StrFormat("%.2f", v);
}

}  // namespace

std::string Report::Markdown() const {
  std::string out = absl::StrCat("| scenario | ",
                                 absl::StrJoin(columns_, " | "), " |\n|---|");
  for (size_t i = 0; i < columns_.size(); ++i) out += "---|";
  out += "\n";
  for (const std::string& row : rows_) {
    std::vector<std::string> cells;
    for (const std::string& column : columns_) {
      auto it = cells_.find({row, column});
      cells.push_back(it == cells_.end() ? "" : Format(Median(it->second)));
    }
    absl::StrAppend(&out, "| ", row, " | ", absl::StrJoin(cells, " | "),
                    " |\n");
  }
  return out;
}

namespace {

int64_t StatusField(int pid, const std::string& field) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) != 0) continue;
    std::string digits;
    for (char c : line) {
      if (c >= '0' && c <= '9') digits += c;
    }
    int64_t v = 0;
    return absl::SimpleAtoi(digits, &v) ? v : 0;
  }
  return 0;
}

}  // namespace

double CpuSeconds(int pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  // Fields after the command (which may hold spaces) in parentheses.
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::vector<std::string> f =
      absl::StrSplit(stat.substr(close + 2), ' ', absl::SkipEmpty());
  // utime and stime are fields 14 and 15 of the line, 12 and 13 here.
  double utime = 0, stime = 0;
  if (f.size() < 13 || !absl::SimpleAtod(f[11], &utime) ||
      !absl::SimpleAtod(f[12], &stime)) {
    return 0;
  }
  return (utime + stime) / sysconf(_SC_CLK_TCK);
}

int64_t ResidentKiB(int pid) { return StatusField(pid, "VmRSS"); }
int64_t PeakResidentKiB(int pid) { return StatusField(pid, "VmHWM"); }

}  // namespace bench
}  // namespace hub
