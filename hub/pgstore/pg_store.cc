// PgStore: opening, reads, writes and the write gate (pg_store.h).
#include "hub/pgstore/pg_store.h"

#include <map>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/pgstore/internal/conn_pool.h"
#include "hub/pgstore/internal/pg_conn.h"
#include "hub/pgstore/internal/pg_snapshot.h"
#include "hub/pgstore/internal/statements.h"

namespace hub {

namespace {

using pg::Conn;
using pg::Param;

// The batch's net effect per column (the last operation on a key wins), as
// the statements of one write transaction.
std::vector<Conn::Statement> WriteStatements(const pg::Sql& sql,
                                             const WriteBatch& batch, bool sync,
                                             uint64_t epoch) {
  std::map<absl::string_view, const WriteBatch::Op*> last[kNumColumns];
  for (const WriteBatch::Op& op : batch.ops()) {
    last[static_cast<int>(op.column)][op.key] = &op;
  }
  std::vector<Conn::Statement> out;
  out.push_back({"BEGIN", {}});
  if (!sync) out.push_back({"SET LOCAL synchronous_commit TO off", {}});
  if (epoch != 0) {
    out.push_back({sql.fence, {Param::Int8(static_cast<int64_t>(epoch))}});
  }
  for (int c = 0; c < kNumColumns; ++c) {
    std::vector<absl::string_view> keys, values, erased;
    for (const auto& [key, op] : last[c]) {
      if (op->is_delete) {
        erased.push_back(key);
      } else {
        keys.push_back(key);
        values.push_back(op->value);
      }
    }
    const pg::TableSql& t = sql.tables[c];
    if (!erased.empty()) {
      out.push_back({t.erase, {Param::ByteaArray(erased)}});
    }
    if (!keys.empty()) {
      // While fenced the log is append-only (pg_store.h).
      const bool append = epoch != 0 && c == static_cast<int>(Column::kLog);
      out.push_back({append ? t.append : t.upsert,
                     {Param::ByteaArray(keys), Param::ByteaArray(values)}});
    }
  }
  out.push_back({"COMMIT", {}});
  return out;
}

}  // namespace

PgStore::PgStore(PgStoreOptions options)
    : options_(std::move(options)),
      sql_(std::make_unique<pg::Sql>(options_.schema)),
      pool_(std::make_unique<pg::ConnPool>(
          options_.conninfo,
          pg::IdleTimeoutSql(options_.write_idle_timeout, /*local=*/false),
          options_.max_idle_connections)) {}

PgStore::~PgStore() = default;

absl::StatusOr<std::unique_ptr<PgStore>> PgStore::Open(PgStoreOptions options) {
  if (options.conninfo.empty()) {
    return absl::InvalidArgumentError(
        "conninfo: empty; give a PostgreSQL connection string such as "
        "postgresql://127.0.0.1:5432/hub");
  }
  if (!pg::IsPlainIdentifier(options.schema)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "schema: \"", options.schema,
        "\" is not a plain identifier (letters, digits and '_', not "
        "starting with a digit, at most 63)"));
  }
  if (options.page_rows < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_rows: ", options.page_rows, " is not positive"));
  }
  std::unique_ptr<PgStore> store(new PgStore(std::move(options)));
  HUB_RETURN_IF_ERROR(store->CreateSchema());
  if (store->options_.fenced) {
    store->RefuseWrites(absl::UnavailableError(
        "this hubd does not hold the lease yet: writes are not enabled"));
  }
  return store;
}

absl::Status PgStore::CreateSchema() {
  HUB_ASSIGN_OR_RETURN(pg::PooledConn conn, pool_->Acquire());
  absl::StatusOr<pg::Result> done = conn->Exec(absl::StrCat(
      "BEGIN; ", sql_->create_lock, "; ", sql_->create, " COMMIT;"));
  if (!done.ok()) {
    return absl::Status(done.status().code(),
                        absl::StrCat("creating schema ", options_.schema, ": ",
                                     done.status().message()));
  }
  return absl::OkStatus();
}

absl::Status PgStore::Get(Column column, absl::string_view key,
                          std::string* value) const {
  return pg::GetLatest(pool_.get(), *sql_, column, key, value);
}

std::shared_ptr<const Snapshot> PgStore::NewSnapshot() const {
  pg::SnapshotOptions o;
  o.page_rows = options_.page_rows;
  o.idle_timeout = options_.snapshot_idle_timeout;
  return pg::NewSnapshot(pool_.get(), sql_.get(), o);
}

std::unique_ptr<Iterator> PgStore::NewIterator(Column column) const {
  return NewSnapshot()->NewIterator(column);
}

absl::Status PgStore::Write(const WriteBatch& batch, bool sync) {
  uint64_t epoch = 0;
  HUB_RETURN_IF_ERROR(Gate(&epoch));
  if (batch.empty()) return absl::OkStatus();
  std::vector<Conn::Statement> statements =
      WriteStatements(*sql_, batch, sync, epoch);
  // A connection that cannot be made sent nothing: no commit happened.
  HUB_ASSIGN_OR_RETURN(pg::PooledConn conn, pool_->Acquire());
  absl::Status s = conn->Pipeline(statements);
  if (s.ok()) return s;
  if (absl::IsInternal(s) && absl::StrContains(s.message(), "(23505)")) {
    s = absl::UnavailableError(absl::StrCat(
        s.message(),
        ": the log already holds an event this write appends, so the "
        "writer's log head is stale (another hubd committed); it reloads "
        "before it writes again"));
  }
  if (epoch != 0) FailWrites(s);
  return s;
}

absl::Status PgStore::Gate(uint64_t* epoch) const {
  *epoch = 0;
  if (!options_.fenced) return absl::OkStatus();
  absl::MutexLock lock(&gate_mu_);
  if (epoch_ == 0) return refusal_;
  *epoch = epoch_;
  return absl::OkStatus();
}

void PgStore::FailWrites(const absl::Status& cause) {
  absl::MutexLock lock(&gate_mu_);
  if (epoch_ == 0) return;
  epoch_ = 0;
  failed_ = true;
  refusal_ = absl::UnavailableError(absl::StrCat(
      "writes paused after a failed commit (", cause.message(),
      "); the hub reloads its state from the database before it commits "
      "again: retry"));
}

void PgStore::EnableWrites(uint64_t epoch) {
  absl::MutexLock lock(&gate_mu_);
  epoch_ = epoch;
  refusal_ = absl::OkStatus();
  failed_ = false;
}

void PgStore::RefuseWrites(absl::Status refusal) {
  if (refusal.ok()) refusal = absl::UnavailableError("writes refused");
  absl::MutexLock lock(&gate_mu_);
  epoch_ = 0;
  refusal_ = std::move(refusal);
}

absl::Status PgStore::write_refusal() const {
  if (!options_.fenced) return absl::OkStatus();
  absl::MutexLock lock(&gate_mu_);
  return refusal_;
}

bool PgStore::AwaitWriteFailure(absl::Duration timeout) {
  absl::MutexLock lock(&gate_mu_);
  gate_mu_.AwaitWithTimeout(absl::Condition(&failed_), timeout);
  const bool failed = failed_;
  failed_ = false;
  return failed;
}

uint64_t PgStore::connects() const { return pool_->connects(); }

}  // namespace hub
