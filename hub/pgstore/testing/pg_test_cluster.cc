// pg_test_cluster: the PostgreSQL test helper (pg_server.h) for ctest
// fixtures and for tests written in Python.
//
//   pg_test_cluster start STATE_DIR   # fixture setup: a server that outlives
//                                     # this process; STATE_DIR/conninfo
//   pg_test_cluster stop STATE_DIR    # fixture cleanup
//   pg_test_cluster serve [--standby=NAME] [--fsync]
//       A primary (and a synchronous standby NAME streaming from it) for as
//       long as stdin stays open. Prints one JSON line describing them, then
//       obeys one command per line, answering "ok" or "error <why>":
//         kill primary|standby     SIGKILL the postmaster
//         promote standby          pg_ctl promote, waiting for it
//         stop                     stop both and exit (as does end of input)
//       Everything stops when this process ends, however it ends.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "hub/pgstore/testing/pg_server.h"

namespace {

using hub::testing::PgServer;

std::string Describe(const char* role, const PgServer& s) {
  return absl::StrCat("\"", role, "\": {\"port\": ", s.port(),
                      ", \"pid\": ", s.pid(), ", \"dir\": \"", s.dir(),
                      "\", \"conninfo\": \"", s.conninfo(), "\"}");
}

int Serve(const std::string& standby_name, bool fsync) {
  hub::testing::PgServerOptions options;
  options.fsync = fsync;
  options.synchronous_standby = standby_name;
  auto primary = PgServer::StartPrimary(options);
  if (!primary.ok()) {
    std::cout << "{\"error\": \"" << primary.status().message() << "\"}"
              << std::endl;
    return 1;
  }
  std::unique_ptr<PgServer> standby;
  if (!standby_name.empty()) {
    auto s = PgServer::StartStandby(**primary, standby_name);
    if (!s.ok()) {
      std::cout << "{\"error\": \"" << s.status().message() << "\"}"
                << std::endl;
      return 1;
    }
    standby = *std::move(s);
  }
  std::cout << "{" << Describe("primary", **primary)
            << (standby ? absl::StrCat(", ", Describe("standby", *standby))
                        : "")
            << "}" << std::endl;
  std::string line;
  while (std::getline(std::cin, line)) {
    std::vector<std::string> words = absl::StrSplit(line, ' ');
    PgServer* target = nullptr;
    if (words.size() == 2) {
      target = words[1] == "primary"   ? primary->get()
               : words[1] == "standby" ? standby.get()
                                       : nullptr;
    }
    if (words[0] == "stop") break;
    if (target == nullptr) {
      std::cout << "error unknown command: " << line << std::endl;
    } else if (words[0] == "kill") {
      target->Kill();
      std::cout << "ok" << std::endl;
    } else if (words[0] == "promote") {
      absl::Status s = target->Promote();
      std::cout << (s.ok() ? std::string("ok")
                           : absl::StrCat("error ", s.message()))
                << std::endl;
    } else {
      std::cout << "error unknown command: " << line << std::endl;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string command = argc > 1 ? argv[1] : "";
  if ((command == "start" || command == "stop") && argc == 3) {
    absl::Status s = command == "start"
                         ? hub::testing::StartFixtureServer(argv[2])
                         : hub::testing::StopFixtureServer(argv[2]);
    if (!s.ok()) {
      fprintf(stderr, "pg_test_cluster %s: %s\n", command.c_str(),
              std::string(s.message()).c_str());
      return 1;
    }
    if (command == "start" && !hub::testing::PostgresInstalled().ok()) {
      printf("%s\n",
             std::string(hub::testing::PostgresInstalled().message()).c_str());
    }
    return 0;
  }
  if (command == "serve") {
    std::string standby;
    bool fsync = false;
    for (int i = 2; i < argc; ++i) {
      std::string a = argv[i];
      if (a.rfind("--standby=", 0) == 0) standby = a.substr(10);
      if (a == "--fsync") fsync = true;
    }
    return Serve(standby, fsync);
  }
  fprintf(stderr,
          "usage: pg_test_cluster start|stop STATE_DIR\n"
          "       pg_test_cluster serve [--standby=NAME] [--fsync]\n");
  return 2;
}
