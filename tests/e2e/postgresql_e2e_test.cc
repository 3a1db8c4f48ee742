// hubd on PostgreSQL (--store=postgresql://...): it serves from the
// database, holding the sequencer's lease, and keeps what it acknowledged
// across a restart; the RocksDB-only operations flags are refused with the
// database's way named instead.
#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/pgstore/testing/pg_server.h"
#include "tests/e2e/hubd_process.h"

namespace hub {
namespace e2e {
namespace {

using ::testing::HasSubstr;

class PostgresqlE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = UniqueTestDir(::testing::TempDir(), "postgresql_e2e");
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

// Refused before hubd connects: no server needed.
TEST_F(PostgresqlE2eTest, RocksDbOnlyFlagsAreRefusedNamingTheDatabasesWay) {
  const std::string store = "--store=host=127.0.0.1 port=1 dbname=hub";
  struct Case {
    std::string flag, says;
  };
  for (const Case& c : std::vector<Case>{
           {"--backup_dir=" + dir_ + "/b", "back it up with pg_basebackup"},
           {"--restore_from=" + dir_ + "/b", "restore with PostgreSQL's tools"},
           {"--wal_recovery=salvage", "PostgreSQL replays its own WAL"},
           {"--disk_reserve_mb=10", "the server refuses writes on a full disk"},
           {"--max_total_wal_mb=10", "bounds its WAL with max_wal_size"}}) {
    HubdProcess hubd(dir_ + "/db");
    EXPECT_FALSE(hubd.Start({"--insecure_demo_auth", store, c.flag}));
    EXPECT_EQ(hubd.exit_status(), 1) << c.flag;
    const std::string name = c.flag.substr(0, c.flag.find('='));
    EXPECT_THAT(hubd.log(),
                HasSubstr(name + " is for the embedded RocksDB store; with "
                                 "--store=postgresql the database does this: "))
        << c.flag;
    EXPECT_THAT(hubd.log(), HasSubstr(c.says)) << c.flag;
    std::filesystem::remove(dir_ + "/db.log");
  }
  HubdProcess bad(dir_ + "/db");
  EXPECT_FALSE(bad.Start({"--insecure_demo_auth", "--store=/var/lib/hub"}));
  EXPECT_EQ(bad.exit_status(), 1);
  EXPECT_THAT(bad.log(), HasSubstr("--store: \\\"/var/lib/hub\\\" is not a "
                                   "PostgreSQL connection string"));
}

TEST_F(PostgresqlE2eTest, HubdServesFromTheDatabaseAndKeepsItAcrossARestart) {
  auto options = testing::FreshPgStoreOptions();
  if (!options.ok()) GTEST_SKIP() << options.status().message();
  const std::vector<std::string> args = {
      "--insecure_demo_auth", "--store=" + options->conninfo,
      "--pg_schema=" + options->schema, "--lease=2s"};
  std::string file = dir_ + "/sub.json";
  std::ofstream(file) << R"({"submissionId": "pg-1", "department": "finance",
    "items": [{"indicatorValue": {"indicatorCode": "resident_insurance_subsidy_per_person",
    "regionCode": "350424", "period": "2024", "value": "670.00", "unit": "元/人"}}]})";
  {
    HubdProcess hubd(dir_ + "/db");
    ASSERT_TRUE(hubd.Start(args)) << hubd.log();
    CommandResult load = hubd.Hubctl(
        "reform_office@350400", std::string("catalog load ") + CATALOG_DIR);
    ASSERT_EQ(load.exit_code, 0) << load.output;
    CommandResult ok = hubd.Hubctl("finance@350400", "submit " + file);
    EXPECT_EQ(ok.exit_code, 0) << ok.output;
    EXPECT_THAT(ok.output, HasSubstr("pg-1: accepted"));
    EXPECT_EQ(hubd.Stop(SIGTERM), 0);
    EXPECT_THAT(hubd.log(),
                HasSubstr("\"event\":\"sequencer\",\"message\":\"active: took "
                          "the lease at epoch 1"));
    EXPECT_THAT(hubd.log(),
                HasSubstr("\"store\":\"PostgreSQL (schema " + options->schema +
                          ", lease held by this hubd)\""));
  }
  // Started again (its data dir gone: the database holds the hub), it takes
  // the released lease at once and knows the submission.
  std::filesystem::remove_all(dir_ + "/db");
  HubdProcess again(dir_ + "/db");
  ASSERT_TRUE(again.Start(args)) << again.log();
  EXPECT_THAT(again.log(), HasSubstr("active: took the lease at epoch 2"));
  CommandResult retry = again.Hubctl("finance@350400", "submit " + file);
  EXPECT_EQ(retry.exit_code, 0) << retry.output;
  EXPECT_THAT(retry.output, HasSubstr("pg-1: accepted earlier at sequence"));
  CommandResult get = again.Hubctl(
      "analyst@350400",
      "get indicator resident_insurance_subsidy_per_person 350424 2024");
  EXPECT_THAT(get.output, HasSubstr("670.00")) << get.output;
  EXPECT_EQ(again.Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace e2e
}  // namespace hub
