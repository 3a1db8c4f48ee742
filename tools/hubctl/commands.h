// hubctl's commands. Each takes its positional arguments (after the command
// words), reads the global flags, prints its result, and returns the
// process exit code: 0 success, 1 the hub refused, 2 usage error.
#ifndef HUB_TOOLS_HUBCTL_COMMANDS_H_
#define HUB_TOOLS_HUBCTL_COMMANDS_H_

#include <string>
#include <vector>

namespace hub {

// Dispatches args (without the program name) to a command.
int RunHubctl(const std::vector<std::string>& args);

}  // namespace hub

#endif  // HUB_TOOLS_HUBCTL_COMMANDS_H_
