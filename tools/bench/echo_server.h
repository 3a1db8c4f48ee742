// The echo server of hub_bench (bench_echo.proto): gRPC's callback API with
// canned responses, so that it measures what gRPC itself costs on this
// machine for the hub's messages.
#ifndef HUB_TOOLS_BENCH_ECHO_SERVER_H_
#define HUB_TOOLS_BENCH_ECHO_SERVER_H_

#include <string>

namespace hub {
namespace bench {

// Serves on 127.0.0.1:0, writes the port to port_file, and runs until
// SIGTERM. Returns the process exit code.
int RunEchoServer(const std::string& port_file);

}  // namespace bench
}  // namespace hub

#endif  // HUB_TOOLS_BENCH_ECHO_SERVER_H_
