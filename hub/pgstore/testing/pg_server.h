// Test support: throwaway PostgreSQL 15 servers on 127.0.0.1, the one
// helper every PostgreSQL test uses (C++ tests directly; the Python
// failover test through tools/pg_test_cluster, which wraps it).
//
// A PgServer is Debian's postgresql-15 (initdb, pg_ctl, pg_basebackup in
// /usr/lib/postgresql/15/bin) with its data directory and unix socket in a
// fresh temp directory and a free TCP port on 127.0.0.1. PostgreSQL refuses
// to run as root, so as root the programs run as the `postgres` user
// (runuser). A server is stopped and its directory removed when the
// PgServer is destroyed, and also when the process that started it dies
// for any reason (a small reaper process waits for that), so no test leaves
// a server running.
//
// The unit tests of one ctest run share one server (SharedPgConninfo()),
// started by the ctest fixture `pg_server` (pg_test_cluster start) and
// stopped by its cleanup; each store lives in a fresh schema of it
// (FreshPgStoreOptions()). A test binary run by hand starts its own.
#ifndef HUB_PGSTORE_TESTING_PG_SERVER_H_
#define HUB_PGSTORE_TESTING_PG_SERVER_H_

#include <sys/types.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "hub/pgstore/pg_store.h"

namespace hub {
namespace testing {

// OK when postgresql-15's server programs are installed; otherwise
// FailedPrecondition saying what is missing and how to install it.
absl::Status PostgresInstalled();

struct PgServerOptions {
  // Tests run with fsync off unless they measure durability.
  bool fsync = false;
  // Application name of the standby whose flush every commit waits for
  // (synchronous_standby_names); empty: commits are local.
  std::string synchronous_standby;
  // Stop the server when this process exits (the reaper). false: it
  // outlives the process (a ctest fixture), stopped by Stop() from another
  // process, or by the reaper after max_lifetime at the latest.
  bool stop_with_process = true;
  absl::Duration max_lifetime = absl::Minutes(30);
};

class PgServer {
 public:
  // initdb and start a primary in a fresh directory under TMPDIR (or /tmp).
  static absl::StatusOr<std::unique_ptr<PgServer>> StartPrimary(
      const PgServerOptions& options);
  // A streaming standby of primary (pg_basebackup -R) connecting as
  // application_name, started and replicating.
  static absl::StatusOr<std::unique_ptr<PgServer>> StartStandby(
      const PgServer& primary, const std::string& application_name);
  // Stops the server (immediate) and removes its directory.
  ~PgServer();

  int port() const { return port_; }
  const std::string& dir() const { return dir_; }
  std::string data_dir() const { return dir_ + "/data"; }
  // The postmaster's process id (0 when not running).
  pid_t pid() const;
  // "host=127.0.0.1 port=N user=postgres dbname=postgres".
  std::string conninfo() const;

  // Runs sql on the server (psql-free, through libpq).
  absl::Status Sql(const std::string& sql) const;
  // pg_ctl promote, waiting until the server accepts writes.
  absl::Status Promote();
  // SIGKILL the postmaster; its backends exit once they notice.
  void Kill();
  // pg_ctl stop -m immediate.
  absl::Status Stop();
  // Leaves the server running when this object goes (the ctest fixture,
  // whose cleanup stops it from another process).
  void Detach() { detached_ = true; }

 private:
  PgServer(std::string dir, int port, const PgServerOptions& options)
      : dir_(std::move(dir)), port_(port), options_(options) {}
  absl::Status InitPrimary();
  absl::Status Start();
  void StartReaper();

  const std::string dir_;
  const int port_;
  const PgServerOptions options_;
  int reaper_pipe_ = -1;  // closing it (or dying) tells the reaper to stop
  pid_t reaper_ = 0;
  bool detached_ = false;
};

// The conninfo of the server this process's tests share: the ctest
// fixture's (HUB_TEST_PG_DIR/conninfo) when it answers, else one started
// here on first use. An error (FailedPrecondition) says why there is none:
// tests GTEST_SKIP with it.
absl::StatusOr<std::string> SharedPgConninfo();

// PgStoreOptions for a new, empty schema on the shared server, unique to
// this call in the whole run.
absl::StatusOr<PgStoreOptions> FreshPgStoreOptions();

// For the fixture (tools/pg_test_cluster): starts a server that outlives
// this process and writes its conninfo to state_dir/conninfo; Stop...
// stops it. Without postgresql-15, writes nothing and returns OK (the
// tests then skip, saying why).
absl::Status StartFixtureServer(const std::string& state_dir);
absl::Status StopFixtureServer(const std::string& state_dir);

}  // namespace testing
}  // namespace hub

// In a test body: skip (with the reason) when PostgreSQL is unavailable,
// else assign the options of a fresh schema to lhs.
#define HUB_PG_OPTIONS_OR_SKIP(lhs)                                \
  auto hub_pg_options_or_ = ::hub::testing::FreshPgStoreOptions(); \
  if (!hub_pg_options_or_.ok()) {                                  \
    GTEST_SKIP() << hub_pg_options_or_.status().message();         \
  }                                                                \
  lhs = *std::move(hub_pg_options_or_)

#endif  // HUB_PGSTORE_TESTING_PG_SERVER_H_
