#include "hub/pgstore/testing/pg_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "hub/common/status_macros.h"
#include "hub/pgstore/internal/pg_conn.h"

extern char** environ;

namespace hub {
namespace testing {
namespace {

constexpr char kBin[] = "/usr/lib/postgresql/15/bin";

std::string Bin(const char* program) {
  return absl::StrCat(kBin, "/", program);
}

bool IsRoot() { return geteuid() == 0; }

// The programs' argv, as the postgres user when we are root.
std::vector<std::string> AsServerUser(std::vector<std::string> args) {
  if (!IsRoot()) return args;
  std::vector<std::string> out = {"/usr/sbin/runuser", "-u", "postgres", "--"};
  out.insert(out.end(), args.begin(), args.end());
  return out;
}

// Runs args to completion with output appended to log; OK on exit 0.
absl::Status Run(const std::vector<std::string>& args, const std::string& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> argv;
  for (const std::string& a : args)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int err = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (err != 0) {
    return absl::InternalError(
        absl::StrCat("cannot run ", args[0], ": errno ", err));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(
      absl::StrJoin(args, " "), " failed (status ", status, "); see ", log));
}

absl::StatusOr<int> FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (fd < 0 ||
      bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) close(fd);
    return absl::UnavailableError("no free port on 127.0.0.1");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

// A fresh directory the server user owns.
absl::StatusOr<std::string> MakeDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      absl::StrCat(tmp != nullptr && *tmp ? tmp : "/tmp", "/hub_pg_XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp ", pattern, " failed"));
  }
  if (IsRoot()) {
    struct passwd* pw = getpwnam("postgres");
    if (pw == nullptr || chown(pattern.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      return absl::FailedPreconditionError(
          "running as root needs the `postgres` user (Debian's postgresql-15 "
          "creates it)");
    }
  }
  return pattern;
}

void Append(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::app) << text;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

absl::Status PostgresInstalled() {
  for (const char* p : {"initdb", "pg_ctl", "pg_basebackup"}) {
    if (access(Bin(p).c_str(), X_OK) != 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "PostgreSQL 15 is not installed (no ", Bin(p),
          "): the PostgreSQL tests are skipped; tools/install_deps.sh "
          "installs postgresql-15"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<PgServer>> PgServer::StartPrimary(
    const PgServerOptions& options) {
  HUB_RETURN_IF_ERROR(PostgresInstalled());
  HUB_ASSIGN_OR_RETURN(std::string dir, MakeDir());
  HUB_ASSIGN_OR_RETURN(int port, FreePort());
  std::unique_ptr<PgServer> server(new PgServer(dir, port, options));
  server->StartReaper();
  HUB_RETURN_IF_ERROR(server->InitPrimary());
  HUB_RETURN_IF_ERROR(server->Start());
  return server;
}

absl::Status PgServer::InitPrimary() {
  HUB_RETURN_IF_ERROR(
      Run(AsServerUser({Bin("initdb"), "-D", data_dir(), "-A", "trust", "-U",
                        "postgres", "-E", "UTF8", "--locale=C", "-N"}),
          dir_ + "/commands.log"));
  Append(data_dir() + "/postgresql.conf",
         absl::StrCat("\n# hub test server\n"
                      "listen_addresses = '127.0.0.1'\n"
                      "unix_socket_directories = '",
                      dir_,
                      "'\n"
                      "fsync = ",
                      options_.fsync ? "on" : "off",
                      "\n"
                      "synchronous_commit = on\n"
                      "wal_level = replica\n"
                      "max_wal_senders = 4\n"
                      "wal_keep_size = 128MB\n"
                      "hot_standby = on\n"
                      "max_connections = 200\n"
                      "shared_buffers = 32MB\n"
                      "synchronous_standby_names = '",
                      options_.synchronous_standby, "'\n"));
  return absl::OkStatus();
}

absl::Status PgServer::Start() {
  return Run(AsServerUser(
                 {Bin("pg_ctl"), "-D", data_dir(), "-l", dir_ + "/server.log",
                  "-o", absl::StrCat("-p ", port_), "-w", "-t", "60", "start"}),
             dir_ + "/commands.log");
}

absl::StatusOr<std::unique_ptr<PgServer>> PgServer::StartStandby(
    const PgServer& primary, const std::string& application_name) {
  HUB_ASSIGN_OR_RETURN(std::string dir, MakeDir());
  HUB_ASSIGN_OR_RETURN(int port, FreePort());
  PgServerOptions options = primary.options_;
  options.synchronous_standby.clear();
  std::unique_ptr<PgServer> server(new PgServer(dir, port, options));
  server->StartReaper();
  std::vector<std::string> backup = {Bin("pg_basebackup"),
                                     "-h",
                                     "127.0.0.1",
                                     "-p",
                                     absl::StrCat(primary.port()),
                                     "-U",
                                     "postgres",
                                     "-D",
                                     server->data_dir(),
                                     "-R",
                                     "-X",
                                     "stream",
                                     "-c",
                                     "fast"};
  if (!options.fsync) backup.push_back("--no-sync");
  HUB_RETURN_IF_ERROR(Run(AsServerUser(backup), dir + "/commands.log"));
  // Its own socket directory; its name for synchronous replication; no
  // synchronous standby of its own once promoted (Patroni, too, runs a
  // primary without a standby asynchronously until one is back).
  Append(server->data_dir() + "/postgresql.conf",
         absl::StrCat("\nunix_socket_directories = '", dir,
                      "'\nsynchronous_standby_names = ''\n"
                      // Promotion waits for the startup process's retry
                      // interval (5 s by default) after its primary died.
                      "wal_retrieve_retry_interval = '100ms'\n"));
  Append(server->data_dir() + "/postgresql.auto.conf",
         absl::StrCat(
             "primary_conninfo = 'host=127.0.0.1 port=", primary.port(),
             " user=postgres application_name=", application_name, "'\n"));
  HUB_RETURN_IF_ERROR(server->Start());
  // Wait until the primary sees it streaming.
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (absl::Now() < deadline) {
    auto conn = pg::Conn::Connect(primary.conninfo(), "");
    if (conn.ok()) {
      auto r = (*conn)->Exec(absl::StrCat(
          "SELECT 1 FROM pg_stat_replication WHERE application_name = '",
          application_name, "' AND state = 'streaming'"));
      if (r.ok() && PQntuples(r->get()) == 1) return server;
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  return absl::DeadlineExceededError(
      absl::StrCat("standby ", application_name, " did not stream in 30 s"));
}

void PgServer::StartReaper() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return;
  const std::string stop = absl::StrCat(
      IsRoot() ? "/usr/sbin/runuser -u postgres -- " : "", Bin("pg_ctl"),
      " -D '", data_dir(), "' -m immediate -w stop >/dev/null 2>&1; rm -rf '",
      dir_, "'");
  // Stop with this process (its end of the pipe closes), or after
  // max_lifetime unless the directory went first.
  const std::string wait =
      options_.stop_with_process
          ? "cat >/dev/null"
          : absl::StrCat("i=0; while [ -d '", dir_, "' ] && [ $i -lt ",
                         absl::ToInt64Seconds(options_.max_lifetime),
                         " ]; do sleep 1; i=$((i+1)); done");
  const std::string script = absl::StrCat(wait, "; ", stop);
  pid_t pid = fork();
  if (pid == 0) {
    // Nothing of ours but the pipe: a test runner waits for the end of the
    // output of whatever inherited it.
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    dup2(fds[0], 0);
    if (!options_.stop_with_process) setsid();
    execl("/bin/sh", "sh", "-c", script.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[0]);
  if (options_.stop_with_process) {
    reaper_pipe_ = fds[1];
    reaper_ = pid;
  } else {
    close(fds[1]);
  }
}

PgServer::~PgServer() {
  if (!detached_) {
    Stop().IgnoreError();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  if (reaper_pipe_ >= 0) close(reaper_pipe_);
  if (reaper_ > 0) {
    if (detached_) kill(reaper_, SIGKILL);
    waitpid(reaper_, nullptr, 0);
  }
}

pid_t PgServer::pid() const {
  std::string text = ReadFile(data_dir() + "/postmaster.pid");
  return static_cast<pid_t>(std::atoi(text.c_str()));
}

std::string PgServer::conninfo() const {
  return absl::StrCat("host=127.0.0.1 port=", port_,
                      " user=postgres dbname=postgres connect_timeout=5");
}

absl::Status PgServer::Sql(const std::string& sql) const {
  HUB_ASSIGN_OR_RETURN(std::unique_ptr<pg::Conn> conn,
                       pg::Conn::Connect(conninfo(), ""));
  return conn->Exec(sql).status();
}

absl::Status PgServer::Promote() {
  return Run(AsServerUser({Bin("pg_ctl"), "-D", data_dir(), "-w", "-t", "60",
                           "promote"}),
             dir_ + "/commands.log");
}

void PgServer::Kill() {
  pid_t p = pid();
  if (p > 0) kill(p, SIGKILL);
}

absl::Status PgServer::Stop() {
  if (pid() <= 0 || kill(pid(), 0) != 0) return absl::OkStatus();
  return Run(AsServerUser({Bin("pg_ctl"), "-D", data_dir(), "-m", "immediate",
                           "-w", "stop"}),
             dir_ + "/commands.log");
}

// --- The shared server ---

namespace {

absl::StatusOr<std::string> FixtureConninfo() {
  const char* dir = std::getenv("HUB_TEST_PG_DIR");
  if (dir == nullptr || *dir == '\0') return absl::NotFoundError("no fixture");
  const std::string unavailable = ReadFile(absl::StrCat(dir, "/unavailable"));
  if (!unavailable.empty()) return absl::FailedPreconditionError(unavailable);
  std::string conninfo(absl::StripTrailingAsciiWhitespace(
      ReadFile(absl::StrCat(dir, "/conninfo"))));
  if (conninfo.empty()) return absl::NotFoundError("no fixture");
  if (!pg::Conn::Connect(conninfo, "").ok()) {
    return absl::NotFoundError("the fixture's server does not answer");
  }
  return conninfo;
}

}  // namespace

absl::StatusOr<std::string> SharedPgConninfo() {
  static absl::Mutex mu(absl::kConstInit);
  static absl::StatusOr<std::string>* shared = nullptr;
  static PgServer* own = nullptr;  // stopped by its reaper at exit
  absl::MutexLock lock(&mu);
  if (shared == nullptr) {
    absl::StatusOr<std::string> fixture = FixtureConninfo();
    if (fixture.ok() || absl::IsFailedPrecondition(fixture.status())) {
      shared = new absl::StatusOr<std::string>(std::move(fixture));
    } else {
      auto server = PgServer::StartPrimary(PgServerOptions{});
      if (server.ok()) {
        own = server->release();
        shared = new absl::StatusOr<std::string>(own->conninfo());
      } else {
        shared = new absl::StatusOr<std::string>(server.status());
      }
    }
  }
  return *shared;
}

absl::StatusOr<PgStoreOptions> FreshPgStoreOptions() {
  HUB_ASSIGN_OR_RETURN(std::string conninfo, SharedPgConninfo());
  static std::atomic<uint64_t> counter{0};
  static const uint64_t nonce = std::random_device{}();
  PgStoreOptions options;
  options.conninfo = conninfo;
  options.schema = absl::StrCat("t_", getpid(), "_", absl::Hex(nonce), "_",
                                counter.fetch_add(1));
  return options;
}

absl::Status StartFixtureServer(const std::string& state_dir) {
  std::filesystem::create_directories(state_dir);
  std::filesystem::remove(state_dir + "/unavailable");
  std::filesystem::remove(state_dir + "/conninfo");
  if (absl::Status installed = PostgresInstalled(); !installed.ok()) {
    std::ofstream(state_dir + "/unavailable") << installed.message();
    return absl::OkStatus();
  }
  PgServerOptions options;
  options.stop_with_process = false;
  HUB_ASSIGN_OR_RETURN(std::unique_ptr<PgServer> server,
                       PgServer::StartPrimary(options));
  server->Detach();
  std::ofstream(state_dir + "/server_dir") << server->dir();
  std::ofstream(state_dir + "/conninfo") << server->conninfo() << "\n";
  return absl::OkStatus();
}

absl::Status StopFixtureServer(const std::string& state_dir) {
  const std::string dir(
      absl::StripTrailingAsciiWhitespace(ReadFile(state_dir + "/server_dir")));
  absl::Status stopped;
  if (!dir.empty() && std::filesystem::exists(dir + "/data/postmaster.pid")) {
    stopped = Run(AsServerUser({Bin("pg_ctl"), "-D", dir + "/data", "-m",
                                "immediate", "-w", "stop"}),
                  state_dir + "/stop.log");
  }
  std::error_code ec;
  if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  std::filesystem::remove_all(state_dir, ec);
  return stopped;
}

}  // namespace testing
}  // namespace hub
