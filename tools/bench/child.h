// Child processes of hub_bench: hubd and the echo server, each on
// 127.0.0.1:0, announcing its port in a file.
#ifndef HUB_TOOLS_BENCH_CHILD_H_
#define HUB_TOOLS_BENCH_CHILD_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace hub {
namespace bench {

class Child {
 public:
  Child() = default;
  ~Child();  // kills a child still running
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // Runs argv (argv[0] the program) with --port_file=<port_file> appended,
  // stderr to log_file, and waits up to a minute for the port.
  absl::Status Start(std::vector<std::string> argv,
                     const std::string& port_file, const std::string& log_file);
  // SIGTERM, then waits; returns the exit status.
  int Stop();

  pid_t pid() const { return pid_; }
  std::string address() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

// A fresh directory prefix_XXXXXX in parent (empty: $TMPDIR, or /tmp).
std::string MakeTempDir(const std::string& parent, const std::string& prefix);
// The path of the running executable.
std::string SelfPath();

}  // namespace bench
}  // namespace hub

#endif  // HUB_TOOLS_BENCH_CHILD_H_
