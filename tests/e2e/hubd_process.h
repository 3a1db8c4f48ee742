// HubdProcess: runs the real hubd binary on 127.0.0.1:0 in a fresh data
// directory for end-to-end tests, and runs hubctl against it.
#ifndef HUB_TESTS_E2E_HUBD_PROCESS_H_
#define HUB_TESTS_E2E_HUBD_PROCESS_H_

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

namespace hub {
namespace e2e {

// A fresh directory path for one test process: name plus the pid, under the
// test temp dir, so suites of several checkouts can run at the same time.
inline std::string UniqueTestDir(const std::string& base,
                                 const std::string& name) {
  return base + "/" + name + "_" + std::to_string(getpid());
}

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

class HubdProcess {
 public:
  explicit HubdProcess(std::string data_dir) : data_dir_(std::move(data_dir)) {}
  ~HubdProcess() {
    if (pid_ > 0) Stop(SIGKILL);
    // hubd keeps its signing key beside the data directory by default.
    std::filesystem::remove_all(data_dir_ + "-keys");
  }

  // Starts hubd with the demo header auth, or with args instead when given,
  // and waits until it has written its port. Returns false on failure.
  bool Start(std::vector<std::string> args = {"--insecure_demo_auth"}) {
    std::string port_file = data_dir_ + ".port";
    std::filesystem::remove(port_file);
    pid_ = fork();
    if (pid_ == 0) {
      std::string log = data_dir_ + ".log";
      freopen(log.c_str(), "a", stderr);
      args.insert(args.begin(),
                  {"hubd", "--data_dir=" + data_dir_, "--listen=127.0.0.1:0",
                   "--port_file=" + port_file});
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(HUBD_PATH, argv.data());
      _exit(127);
    }
    for (int i = 0; i < 200; ++i) {
      std::ifstream in(port_file);
      if (in >> port_) return true;
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  // Sends sig and returns the exit status (the signal number if killed).
  int Stop(int sig) {
    kill(pid_, sig);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  // Exit status when Start() failed because hubd exited.
  int exit_status() const { return exit_status_; }
  const std::string& data_dir() const { return data_dir_; }
  std::string log() const {
    std::ifstream in(data_dir_ + ".log");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  // Runs hubctl with args as principal; captures its output. The suites
  // assert hubctl's English (HUB_LANG=en); a test of the Chinese interface
  // passes --lang zh, which overrides it.
  CommandResult Hubctl(const std::string& principal,
                       const std::string& args) const {
    return Run("HUB_LANG=en " + std::string(HUBCTL_PATH) +
               " --addr=" + address() + " --as=" + principal + " " + args);
  }

  // Runs a shell command; captures its output.
  static CommandResult Run(const std::string& command) {
    std::string cmd = command + " 2>&1";
    CommandResult r;
    FILE* p = popen(cmd.c_str(), "r");
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
    int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
  }

 private:
  std::string data_dir_;
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_status_ = 0;
};

}  // namespace e2e
}  // namespace hub

#endif  // HUB_TESTS_E2E_HUBD_PROCESS_H_
