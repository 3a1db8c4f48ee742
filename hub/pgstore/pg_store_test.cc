// What the PostgreSQL store adds to the Store contract (which
// hub/store/store_test.cc checks for it as for every store): keyset
// pagination, reconnection, the lease, fencing, the append-only log of a
// fenced writer, and synchronous commit to a standby. Against a real
// PostgreSQL 15 (hub/pgstore/testing/pg_server.h).
#include "hub/pgstore/pg_store.h"

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/pgstore/internal/pg_conn.h"
#include "hub/pgstore/testing/pg_server.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;
using ::testing::HasSubstr;

std::unique_ptr<PgStore> Open(const PgStoreOptions& options) {
  auto store = PgStore::Open(options);
  EXPECT_THAT(store, IsOk());
  return store.ok() ? *std::move(store) : nullptr;
}

absl::Status Put(Store* store, Column column, const std::string& key,
                 const std::string& value) {
  WriteBatch batch;
  batch.Put(column, key, value);
  return store->Write(batch, /*sync=*/true);
}

TEST(PgStoreTest, OpenNamesTheBadOption) {
  PgStoreOptions options;
  EXPECT_THAT(
      PgStore::Open(options),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("conninfo")));
  options.conninfo = "host=127.0.0.1";
  options.schema = "hub; DROP TABLE x";
  EXPECT_THAT(PgStore::Open(options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("schema: \"hub; DROP TABLE x\"")));
}

TEST(PgStoreTest, NoServerIsUnavailable) {
  PgStoreOptions options;
  // Port 1 on 127.0.0.1: nothing listens there.
  options.conninfo = "host=127.0.0.1 port=1 connect_timeout=2";
  EXPECT_THAT(PgStore::Open(options),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("cannot connect to PostgreSQL")));
}

TEST(PgStoreTest, IteratorPagesThroughOneSnapshot) {
  HUB_PG_OPTIONS_OR_SKIP(PgStoreOptions options);
  options.page_rows = 3;
  std::unique_ptr<PgStore> store = Open(options);
  WriteBatch batch;
  for (int i = 0; i < 10; ++i)
    batch.Put(Column::kLog, absl::StrCat("k", i), "v");
  ASSERT_THAT(store->Write(batch, true), IsOk());
  std::unique_ptr<Iterator> it = store->NewIterator(Column::kLog);
  std::vector<std::string> keys;
  for (it->Seek("k"); it->Valid(); it->Next()) {
    keys.emplace_back(it->key());
    // Written between pages: not in the snapshot.
    if (keys.size() == 2) {
      ASSERT_THAT(Put(store.get(), Column::kLog, "k45", "new"), IsOk());
      ASSERT_THAT(Put(store.get(), Column::kLog, "k99", "new"), IsOk());
    }
  }
  EXPECT_THAT(it->status(), IsOk());
  EXPECT_THAT(keys, ::testing::ElementsAre("k0", "k1", "k2", "k3", "k4", "k5",
                                           "k6", "k7", "k8", "k9"));
}

TEST(PgStoreTest, BinaryKeysAndValuesKeepEveryByteAndSortBytewise) {
  HUB_PG_OPTIONS_OR_SKIP(PgStoreOptions options);
  std::unique_ptr<PgStore> store = Open(options);
  const std::string zero("a\0b", 3), high("\xff\x01", 2), value("\0\xff\0", 3);
  WriteBatch batch;
  batch.Put(Column::kLog, high, value);
  batch.Put(Column::kLog, zero, value);
  batch.Put(Column::kLog, "a", value);
  ASSERT_THAT(store->Write(batch, true), IsOk());
  std::vector<std::string> keys;
  std::unique_ptr<Iterator> it = store->NewIterator(Column::kLog);
  for (it->Seek(""); it->Valid(); it->Next()) {
    keys.emplace_back(it->key());
    EXPECT_EQ(it->value(), value);
  }
  EXPECT_THAT(keys, ::testing::ElementsAre("a", zero, high));
}

TEST(PgStoreTest, ReconnectsAfterTheServerDropsItsConnections) {
  HUB_PG_OPTIONS_OR_SKIP(PgStoreOptions options);
  const std::string admin_conninfo = options.conninfo;
  const std::string app = absl::StrCat("reconnect_", options.schema);
  options.conninfo += " application_name=" + app;
  std::unique_ptr<PgStore> store = Open(options);
  ASSERT_THAT(Put(store.get(), Column::kMeta, "a", "1"), IsOk());
  std::string value;
  ASSERT_THAT(store->Get(Column::kMeta, "a", &value), IsOk());
  const uint64_t before = store->connects();
  // What a restarted or failed-over server does to every session.
  auto admin = pg::Conn::Connect(admin_conninfo, "");
  ASSERT_THAT(admin, IsOk());
  ASSERT_THAT((*admin)
                  ->Exec(absl::StrCat("SELECT pg_terminate_backend(pid) FROM "
                                      "pg_stat_activity WHERE "
                                      "application_name = '",
                                      app, "'"))
                  .status(),
              IsOk());
  ASSERT_THAT(store->Get(Column::kMeta, "a", &value), IsOk());
  EXPECT_EQ(value, "1");
  EXPECT_THAT(Put(store.get(), Column::kMeta, "b", "2"), IsOk());
  EXPECT_GT(store->connects(), before);
}

TEST(PgStoreTest, FencedStoreRefusesWritesUntilEnabled) {
  HUB_PG_OPTIONS_OR_SKIP(PgStoreOptions options);
  options.fenced = true;
  std::unique_ptr<PgStore> store = Open(options);
  EXPECT_THAT(Put(store.get(), Column::kMeta, "a", "1"),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("does not hold the lease")));
  store->RefuseWrites(absl::UnavailableError("standby: the active is at X"));
  EXPECT_THAT(store->write_refusal(),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("at X")));
  auto lease = store->AcquireLease("a", "127.0.0.1:1", absl::Seconds(10));
  ASSERT_THAT(lease, IsOk());
  store->EnableWrites(lease->epoch);
  EXPECT_THAT(Put(store.get(), Column::kMeta, "a", "1"), IsOk());
  std::string value;
  ASSERT_THAT(store->Get(Column::kMeta, "a", &value), IsOk());
  EXPECT_EQ(value, "1");
}

// Two hubds on one database: the second takes over once the first's lease
// expires, and the first's late commit is refused by the fencing epoch.
TEST(PgStoreTest, DeposedWriterIsFenced) {
  HUB_PG_OPTIONS_OR_SKIP(PgStoreOptions options);
  options.fenced = true;
  std::unique_ptr<PgStore> a = Open(options);
  std::unique_ptr<PgStore> b = Open(options);
  auto lease_a =
      a->AcquireLease("hubd-a", "10.0.0.1:50051", absl::Milliseconds(300));
  ASSERT_THAT(lease_a, IsOk());
  a->EnableWrites(lease_a->epoch);
  ASSERT_THAT(Put(a.get(), Column::kMeta, "k", "from a"), IsOk());

  EXPECT_THAT(
      b->AcquireLease("hubd-b", "10.0.0.2:50051", absl::Seconds(10)),
      StatusIs(
          absl::StatusCode::kFailedPrecondition,
          HasSubstr("held by hubd-a (serving at 10.0.0.1:50051) at epoch " +
                    absl::StrCat(lease_a->epoch))));
  absl::SleepFor(absl::Milliseconds(400));  // a is frozen past its lease
  auto lease_b = b->AcquireLease("hubd-b", "10.0.0.2:50051", absl::Seconds(10));
  ASSERT_THAT(lease_b, IsOk());
  EXPECT_EQ(lease_b->epoch, lease_a->epoch + 1);
  b->EnableWrites(lease_b->epoch);

  // a wakes up and commits as if nothing happened: refused in the database.
  EXPECT_THAT(Put(a.get(), Column::kMeta, "k", "late from a"),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr(absl::StrCat(
                           "fenced: this writer's lease epoch ", lease_a->epoch,
                           " was superseded by epoch ", lease_b->epoch,
                           " (hubd-b): the active hub is at 10.0.0.2:50051"))));
  EXPECT_TRUE(a->AwaitWriteFailure(absl::ZeroDuration()));
  EXPECT_THAT(Put(a.get(), Column::kMeta, "k", "again"),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("writes paused after a failed commit")));
  EXPECT_THAT(a->RenewLease(lease_a->epoch, absl::Seconds(10)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("taken over by hubd-b")));
  ASSERT_THAT(Put(b.get(), Column::kMeta, "k", "from b"), IsOk());
  std::string value;
  ASSERT_THAT(b->Get(Column::kMeta, "k", &value), IsOk());
  EXPECT_EQ(value, "from b");
}

TEST(PgStoreTest, RenewKeepsAndReleaseHandsOverAtOnce) {
  HUB_PG_OPTIONS_OR_SKIP(PgStoreOptions options);
  options.fenced = true;
  std::unique_ptr<PgStore> a = Open(options);
  std::unique_ptr<PgStore> b = Open(options);
  auto lease = a->AcquireLease("hubd-a", "A", absl::Milliseconds(300));
  ASSERT_THAT(lease, IsOk());
  for (int i = 0; i < 4; ++i) {
    absl::SleepFor(absl::Milliseconds(150));
    ASSERT_THAT(a->RenewLease(lease->epoch, absl::Milliseconds(300)), IsOk());
  }
  EXPECT_THAT(b->AcquireLease("hubd-b", "B", absl::Seconds(10)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  // The same holder takes it again at once (after a failed commit), with a
  // new epoch.
  auto again = a->AcquireLease("hubd-a", "A", absl::Seconds(10));
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->epoch, lease->epoch + 1);
  ASSERT_THAT(a->ReleaseLease(again->epoch), IsOk());
  auto taken = b->AcquireLease("hubd-b", "B", absl::Seconds(10));
  ASSERT_THAT(taken, IsOk());
  EXPECT_EQ(taken->epoch, again->epoch + 1);
  auto read = a->ReadLease();
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->holder, "hubd-b");
  EXPECT_EQ(read->address, "B");
  EXPECT_GT(read->remaining, absl::Seconds(5));
}

// A takeover waits for the write transactions of the old epoch: whoever
// holds the new epoch reads every commit of the old one.
TEST(PgStoreTest, TakeoverWaitsForTheOldEpochsTransaction) {
  HUB_PG_OPTIONS_OR_SKIP(PgStoreOptions options);
  options.fenced = true;
  std::unique_ptr<PgStore> a = Open(options);
  std::unique_ptr<PgStore> b = Open(options);
  auto lease = a->AcquireLease("hubd-a", "A", absl::Milliseconds(100));
  ASSERT_THAT(lease, IsOk());
  // An old-epoch write transaction in flight, past the lease's expiry.
  auto writer = pg::Conn::Connect(options.conninfo, "");
  ASSERT_THAT(writer, IsOk());
  ASSERT_THAT(
      (*writer)
          ->Exec(absl::StrCat("BEGIN; SELECT ", options.schema, ".fence(",
                              lease->epoch, "); INSERT INTO ", options.schema,
                              ".meta VALUES ('late', 'x')"))
          .status(),
      IsOk());
  absl::SleepFor(absl::Milliseconds(150));
  std::atomic<bool> taken{false};
  absl::StatusOr<PgLease> lease_b;
  std::thread takeover([&] {
    lease_b = b->AcquireLease("hubd-b", "B", absl::Seconds(10));
    taken = true;
  });
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_FALSE(taken.load()) << "the takeover did not wait";
  ASSERT_THAT((*writer)->Exec("COMMIT").status(), IsOk());
  takeover.join();
  ASSERT_THAT(lease_b, IsOk());
  std::string value;
  EXPECT_THAT(b->Get(Column::kMeta, "late", &value), IsOk());
}

// While fenced, a Put never replaces a stored event.
TEST(PgStoreTest, FencedWriterNeverReplacesALogEntry) {
  HUB_PG_OPTIONS_OR_SKIP(PgStoreOptions options);
  options.fenced = true;
  std::unique_ptr<PgStore> store = Open(options);
  auto lease = store->AcquireLease("hubd-a", "A", absl::Seconds(10));
  ASSERT_THAT(lease, IsOk());
  store->EnableWrites(lease->epoch);
  ASSERT_THAT(Put(store.get(), Column::kLog, "seq1", "event 1"), IsOk());
  WriteBatch stale;  // what a writer with a stale log head would write
  stale.Put(Column::kLog, "seq1", "another event 1");
  stale.Put(Column::kRecords, "r", "derived from it");
  EXPECT_THAT(store->Write(stale, true),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("writer's log head is stale")));
  std::string value;
  ASSERT_THAT(store->Get(Column::kLog, "seq1", &value), IsOk());
  EXPECT_EQ(value, "event 1");
  EXPECT_THAT(store->Get(Column::kRecords, "r", &value),
              StatusIs(absl::StatusCode::kNotFound));
}

// sync means synchronous commit: with a synchronous standby, Write returns
// once the standby has the batch; without the standby a synced write waits
// (until the operator, or Patroni, stops waiting for it) while an unsynced
// one does not.
TEST(PgStoreTest, SyncWriteWaitsForTheSynchronousStandby) {
  if (absl::Status s = testing::PostgresInstalled(); !s.ok()) {
    GTEST_SKIP() << s.message();
  }
  testing::PgServerOptions server_options;
  server_options.synchronous_standby = "standby1";
  auto primary = testing::PgServer::StartPrimary(server_options);
  ASSERT_THAT(primary, IsOk());
  auto standby = testing::PgServer::StartStandby(**primary, "standby1");
  ASSERT_THAT(standby, IsOk());
  PgStoreOptions options;
  options.conninfo = (*primary)->conninfo();
  std::unique_ptr<PgStore> store = Open(options);
  ASSERT_THAT(Put(store.get(), Column::kMeta, "a", "on two machines"), IsOk());

  (*standby)->Kill();
  // Its walreceiver may outlive the postmaster a moment and still confirm
  // a flush: wait until the primary has no standby streaming.
  absl::Status streaming = absl::UnknownError("not checked");
  for (int i = 0; i < 200 && !streaming.ok(); ++i) {
    streaming = (*primary)->Sql(
        "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_stat_replication) THEN "
        "RAISE EXCEPTION 'a standby still streams'; END IF; END $$");
    if (!streaming.ok()) absl::SleepFor(absl::Milliseconds(25));
  }
  ASSERT_THAT(streaming, IsOk());
  std::atomic<bool> done{false};
  std::thread synced([&] {
    EXPECT_THAT(Put(store.get(), Column::kMeta, "b", "waits"), IsOk());
    done = true;
  });
  WriteBatch unsynced;
  unsynced.Put(Column::kMeta, "c", "local");
  EXPECT_THAT(store->Write(unsynced, /*sync=*/false), IsOk());
  absl::SleepFor(absl::Milliseconds(500));
  EXPECT_FALSE(done.load()) << "a synced write returned without its standby";
  ASSERT_THAT(
      (*primary)->Sql("ALTER SYSTEM SET synchronous_standby_names = ''"),
      IsOk());
  ASSERT_THAT((*primary)->Sql("SELECT pg_reload_conf()"), IsOk());
  synced.join();
  EXPECT_TRUE(done.load());
}

}  // namespace
}  // namespace hub
