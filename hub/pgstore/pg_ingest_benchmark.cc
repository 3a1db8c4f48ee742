// Durable ingest on PostgreSQL: the hub on PostgreSQL (no standby, and with
// a synchronous standby) against the hub on RocksDB and against plain
// PostgreSQL doing the same inserts, in one run. A C++ load generator: N
// client threads submit distinct submissions for a fixed time; every
// acknowledgement is durable (RocksDB: WAL synced; PostgreSQL:
// synchronous_commit=on with fsync, and with the standby, flushed there too).
//
//   build/hub/pgstore/pg_ingest_benchmark --seconds=5 --threads=1,16
//
// Plain PostgreSQL replays the very rows the hub writes for each submission
// (recorded beforehand from a hub on an in-memory store: the stored
// submission, its log events, the record, its index entries, the log head),
// one transaction per submission sent in one round trip, each client thread
// on its own connection: what any application writing those rows pays,
// without the hub's validation, merging, hash chain, fencing or group
// commit. The servers are throwaway ones (hub/pgstore/testing/pg_server.h),
// with fsync on, on this machine's disk; the standby shares the machine.
#include <libpq-fe.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "hub/engine/hub.h"
#include "hub/engine/internal/test_fixtures.h"
#include "hub/pgstore/pg_store.h"
#include "hub/pgstore/testing/pg_server.h"

ABSL_FLAG(int, seconds, 5, "how long each scenario runs");
ABSL_FLAG(std::string, threads, "1,16", "client threads, comma separated");

namespace hub {
namespace {

v1::Submission ShareSubmission(const std::string& prefix, uint64_t n) {
  static const char* kRegions[] = {"350404", "350424"};
  v1::Submission s;
  s.set_submission_id(absl::StrCat(prefix, n));
  s.set_department("health_commission");
  auto* v = s.add_items()->mutable_indicator_value();
  v->set_indicator_code("primary_care_visit_share");
  v->set_region_code(kRegions[n % 2]);
  v->set_period(
      absl::StrCat("2024-", (n / 2) % 9 + 1 < 10 ? "0" : "", (n / 2) % 9 + 1));
  v->set_numerator(absl::StrCat(60000 + n % 5000));
  v->set_denominator("100000");
  v->set_unit("%");
  return s;
}

struct Result {
  uint64_t ops = 0;
  double seconds = 0;
  uint64_t commits = 0;  // hub: commit groups; raw: transactions
};

// threads clients call op(n) with distinct n until the time is up.
template <typename Op>
Result Drive(int threads, Op op) {
  std::atomic<uint64_t> next{0}, ops{0};
  std::atomic<bool> failed{false};
  const absl::Time start = absl::Now();
  const absl::Time end = start + absl::Seconds(absl::GetFlag(FLAGS_seconds));
  std::vector<std::thread> clients;
  for (int t = 0; t < threads; ++t) {
    clients.emplace_back([&, t] {
      void* state = nullptr;
      while (!failed && absl::Now() < end) {
        absl::Status s = op(t, next.fetch_add(1), &state);
        if (absl::IsOutOfRange(s)) return;  // no more recorded input
        if (!s.ok()) {
          fprintf(stderr, "pg_ingest_benchmark: %s\n", s.ToString().c_str());
          failed = true;
          return;
        }
        ++ops;
      }
    });
  }
  for (auto& c : clients) c.join();
  Result r;
  r.ops = failed ? 0 : ops.load();
  r.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  return r;
}

Result HubRun(std::unique_ptr<Store> store, int threads, const char* tag) {
  HubOptions options;
  options.rules = *NewBuiltinRuleRegistry();
  options.sync = true;
  auto hub = Hub::Open(std::move(store), options);
  if (!hub.ok()) {
    fprintf(stderr, "hub: %s\n", hub.status().ToString().c_str());
    return {};
  }
  (void)(*hub)->UpdateCatalog(*Principal::Parse("reform_office@350400"),
                              testing::SanmingTestCatalog());
  const Principal hc = *Principal::Parse("health_commission@350400");
  const uint64_t groups = (*hub)->commit_groups();
  const std::string prefix = absl::StrCat(tag, "-", threads, "-");
  Result r = Drive(threads, [&](int, uint64_t n, void**) {
    return (*hub)->Submit(hc, ShareSubmission(prefix, n), false).status();
  });
  r.commits = (*hub)->commit_groups() - groups;
  return r;
}

// The batches a hub writes for each submission, recorded from a hub on an
// in-memory store, one submission at a time.
class Recorder : public Store {
 public:
  explicit Recorder(std::vector<WriteBatch>* out)
      : mem_(NewMemStore()), out_(out) {}
  absl::Status Get(Column c, absl::string_view k,
                   std::string* v) const override {
    return mem_->Get(c, k, v);
  }
  absl::Status Write(const WriteBatch& b, bool sync) override {
    out_->push_back(b);
    return mem_->Write(b, sync);
  }
  std::unique_ptr<Iterator> NewIterator(Column c) const override {
    return mem_->NewIterator(c);
  }
  std::shared_ptr<const Snapshot> NewSnapshot() const override {
    return mem_->NewSnapshot();
  }

 private:
  std::unique_ptr<Store> mem_;
  std::vector<WriteBatch>* out_;
};

std::vector<std::string> RecordSubmissionSql(PGconn* conn, size_t n) {
  std::vector<WriteBatch> batches;
  {
    HubOptions options;
    options.rules = *NewBuiltinRuleRegistry();
    auto hub = Hub::Open(std::make_unique<Recorder>(&batches), options);
    (void)(*hub)->UpdateCatalog(*Principal::Parse("reform_office@350400"),
                                testing::SanmingTestCatalog());
    batches.clear();
    const Principal hc = *Principal::Parse("health_commission@350400");
    for (size_t i = 0; i < n; ++i) {
      (void)(*hub)->Submit(hc, ShareSubmission("raw-", i), false);
    }
  }
  auto bytea = [&](const std::string& s) {
    size_t len = 0;
    unsigned char* e = PQescapeByteaConn(
        conn, reinterpret_cast<const unsigned char*>(s.data()), s.size(), &len);
    std::string out =
        absl::StrCat("'", reinterpret_cast<const char*>(e), "'::bytea");
    PQfreemem(e);
    return out;
  };
  std::vector<std::string> sql;
  for (const WriteBatch& b : batches) {
    std::string q = "BEGIN;";
    for (const WriteBatch::Op& op : b.ops()) {
      const std::string table = absl::StrCat("raw.", ColumnName(op.column));
      if (op.is_delete) {
        absl::StrAppend(&q, "DELETE FROM ", table, " WHERE key=", bytea(op.key),
                        ";");
      } else {
        absl::StrAppend(
            &q, "INSERT INTO ", table, " VALUES(", bytea(op.key), ",",
            bytea(op.value),
            ") ON CONFLICT(key) DO UPDATE SET value=excluded.value;");
      }
    }
    sql.push_back(q + "COMMIT;");
  }
  return sql;
}

absl::Status Exec(PGconn* conn, const std::string& sql) {
  PGresult* r = PQexec(conn, sql.c_str());
  absl::Status s = PQresultStatus(r) == PGRES_COMMAND_OK
                       ? absl::OkStatus()
                       : absl::InternalError(PQerrorMessage(conn));
  PQclear(r);
  return s;
}

Result RawRun(const std::string& conninfo, int threads) {
  PGconn* setup = PQconnectdb(conninfo.c_str());
  std::string ddl =
      "SET client_min_messages = warning; DROP SCHEMA IF EXISTS raw CASCADE; "
      "CREATE SCHEMA raw;";
  for (int c = 0; c < kNumColumns; ++c) {
    absl::StrAppend(&ddl, "CREATE TABLE raw.", ColumnName(Column(c)),
                    " (key bytea PRIMARY KEY, value bytea NOT NULL);");
  }
  if (absl::Status s = Exec(setup, ddl); !s.ok()) {
    fprintf(stderr, "raw: %s\n", s.ToString().c_str());
    return {};
  }
  static const std::vector<std::string>* sql =
      new std::vector<std::string>(RecordSubmissionSql(setup, 40000));
  PQfinish(setup);
  std::vector<PGconn*> conns;
  for (int t = 0; t < threads; ++t) {
    conns.push_back(PQconnectdb(conninfo.c_str()));
  }
  Result r = Drive(threads, [&](int t, uint64_t n, void**) {
    if (n >= sql->size()) return absl::OutOfRangeError("recorded too few");
    return Exec(conns[t], (*sql)[n]);
  });
  r.commits = r.ops;
  for (PGconn* c : conns) PQfinish(c);
  return r;
}

void Print(const char* what, int threads, const Result& r) {
  const double rate = r.seconds > 0 ? r.ops / r.seconds : 0;
  printf("| %s | %d | %.0f | %.0f µs | %.1f |\n", what, threads, rate,
         r.ops ? r.seconds * threads * 1e6 / r.ops : 0.0,
         r.commits ? static_cast<double>(r.ops) / r.commits : 0.0);
  fflush(stdout);
}

absl::StatusOr<std::unique_ptr<Store>> Pg(const testing::PgServer& server,
                                          const std::string& schema) {
  PgStoreOptions o;
  o.conninfo = server.conninfo();
  o.schema = schema;
  auto s = PgStore::Open(o);
  if (!s.ok()) return s.status();
  return std::unique_ptr<Store>(*std::move(s));
}

int Main() {
  std::vector<int> threads;
  for (absl::string_view t :
       absl::StrSplit(absl::GetFlag(FLAGS_threads), ',')) {
    int n = 0;
    if (absl::SimpleAtoi(t, &n) && n > 0) threads.push_back(n);
  }
  testing::PgServerOptions durable;
  durable.fsync = true;
  auto alone = testing::PgServer::StartPrimary(durable);
  testing::PgServerOptions paired = durable;
  paired.synchronous_standby = "bench_standby";
  auto primary = testing::PgServer::StartPrimary(paired);
  if (!alone.ok() || !primary.ok()) {
    fprintf(stderr, "pg_ingest_benchmark: %s %s\n",
            alone.status().ToString().c_str(),
            primary.status().ToString().c_str());
    return 1;
  }
  auto standby = testing::PgServer::StartStandby(**primary, "bench_standby");
  if (!standby.ok()) {
    fprintf(stderr, "pg_ingest_benchmark: %s\n",
            standby.status().ToString().c_str());
    return 1;
  }
  printf(
      "| scenario | client threads | acknowledged/s | per op (wall x "
      "threads) | submissions per commit |\n| --- | --- | --- | --- | --- "
      "|\n");
  const std::string dir = std::filesystem::temp_directory_path() /
                          absl::StrCat("pg_ingest_bench_", getpid());
  for (int t : threads) {
    std::filesystem::remove_all(dir);
    Print("hub on RocksDB (WAL synced)", t,
          HubRun(*OpenRocksDbStore(dir), t, "rocks"));
    std::filesystem::remove_all(dir);
    Print("hub on PostgreSQL", t,
          HubRun(*Pg(**alone, absl::StrCat("hub", t)), t, "pg"));
    Print("plain PostgreSQL, same rows", t, RawRun((*alone)->conninfo(), t));
    Print("hub on PostgreSQL + synchronous standby", t,
          HubRun(*Pg(**primary, absl::StrCat("hub", t)), t, "pgsync"));
    Print("plain PostgreSQL + synchronous standby, same rows", t,
          RawRun((*primary)->conninfo(), t));
  }
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace hub

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return hub::Main();
}
