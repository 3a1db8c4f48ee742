// hubctl: the command-line client of the reform data-exchange hub.
// Run without arguments for the list of commands.
#include <string>
#include <vector>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "tools/hubctl/commands.h"
#include "tools/hubctl/safe_output.h"

int main(int argc, char** argv) {
  // Everything printed from here on goes through the output layer.
  hub::hubctl::SafeOutput terminal;
  absl::SetProgramUsageMessage(
      "hubctl [flags] COMMAND ...  (run with no command for the list)");
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  std::vector<std::string> args(positional.begin() + 1, positional.end());
  return hub::RunHubctl(args);
}
