// The PostgreSQL comparison of the issue, measured in the same run:
// tools/bench/pg_baseline.sh starts Debian's PostgreSQL 15 in a temporary
// directory on loopback and drives it with pgbench doing, per submission,
// the insert, the merged-record upsert and two hash-chained change-log rows
// under a lock, fsync and synchronous_commit on.
#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "tools/bench/scenarios.h"

namespace hub {
namespace bench {

void RunPostgres(const Config& config, Report* report) {
  std::vector<std::string> shapes;
  for (const Shape& s : config.shapes) {
    shapes.push_back(absl::StrCat(s.clients, "x", s.inflight));
  }
  for (int run = 0; run < config.runs; ++run) {
    fprintf(stderr, "postgres run %d of %d\n", run + 1, config.runs);
    std::string cmd = absl::StrCat(config.pg_script, " ", config.seconds, " ",
                                   absl::StrJoin(shapes, " "));
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) return;
    char line[512];
    while (fgets(line, sizeof line, p) != nullptr) {
      // "pg CLIENTSxPER_TXN SUBMISSIONS_PER_SECOND"
      std::vector<std::string> f =
          absl::StrSplit(absl::StripAsciiWhitespace(line), ' ');
      double rate = 0;
      if (f.size() != 3 || f[0] != "pg" || !absl::SimpleAtod(f[2], &rate)) {
        fprintf(stderr, "  %s", line);
        continue;
      }
      fprintf(stderr, "  postgres %s: %.0f submissions/s\n", f[1].c_str(),
              rate);
      report->Add(absl::StrCat("stream ", f[1]), "pg /s", rate);
      report->Add(absl::StrCat("unary ", f[1]), "pg /s", rate);
    }
    pclose(p);
  }
}

}  // namespace bench
}  // namespace hub
