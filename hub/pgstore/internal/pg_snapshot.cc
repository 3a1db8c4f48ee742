#include "hub/pgstore/internal/pg_snapshot.h"

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "hub/common/status_macros.h"

namespace hub {
namespace pg {
namespace {

absl::Status GetOn(Conn& conn, const Sql& sql, Column column,
                   absl::string_view key, std::string* value) {
  HUB_ASSIGN_OR_RETURN(
      Result r, conn.Query(sql.tables[static_cast<int>(column)].get,
                           {Param::Bytea(key)}, /*binary_results=*/true));
  if (PQntuples(r.get()) == 0) {
    return absl::NotFoundError(absl::StrCat(ColumnName(column), ": no key"));
  }
  *value = std::string(Bytes(r.get(), 0, 0));
  return absl::OkStatus();
}

// The transaction of one snapshot, shared by it and its iterators.
class Session {
 public:
  Session(PooledConn conn, const Sql* sql, int page_rows)
      : conn_(std::move(conn)), sql_(sql), page_rows_(page_rows) {}

  absl::Status Get(Column column, absl::string_view key,
                   std::string* value) const {
    absl::MutexLock lock(&mu_);
    return GetOn(*conn_, *sql_, column, key, value);
  }

  // Up to page_rows rows from `from` on (after it unless inclusive).
  absl::StatusOr<Result> Page(Column column, absl::string_view from,
                              bool inclusive) const {
    const TableSql& t = sql_->tables[static_cast<int>(column)];
    absl::MutexLock lock(&mu_);
    return conn_->Query(inclusive ? t.seek : t.next,
                        {Param::Bytea(from), Param::Int8(page_rows_)},
                        /*binary_results=*/true);
  }

  int page_rows() const { return page_rows_; }

 private:
  mutable absl::Mutex mu_;
  mutable PooledConn conn_ ABSL_GUARDED_BY(mu_);
  const Sql* const sql_;
  const int page_rows_;
};

class PgIterator : public Iterator {
 public:
  // session null: a snapshot that could not be taken, for status.
  PgIterator(std::shared_ptr<const Session> session, Column column,
             absl::Status status)
      : session_(std::move(session)), column_(column), status_(status) {}

  void Seek(absl::string_view target) override { Load(target, true); }
  bool Valid() const override {
    return status_.ok() && page_ != nullptr && row_ < PQntuples(page_.get());
  }
  void Next() override {
    ++row_;
    const int rows = PQntuples(page_.get());
    if (row_ == rows && rows == session_->page_rows()) {
      const std::string last(Bytes(page_.get(), row_ - 1, 0));
      Load(last, false);
    }
  }
  absl::string_view key() const override { return Bytes(page_.get(), row_, 0); }
  absl::string_view value() const override {
    return Bytes(page_.get(), row_, 1);
  }
  absl::Status status() const override { return status_; }

 private:
  void Load(absl::string_view from, bool inclusive) {
    page_.reset();
    row_ = 0;
    if (session_ == nullptr || !status_.ok()) return;
    absl::StatusOr<Result> page = session_->Page(column_, from, inclusive);
    if (!page.ok()) {
      status_ = page.status();
      return;
    }
    page_ = *std::move(page);
  }

  const std::shared_ptr<const Session> session_;
  const Column column_;
  absl::Status status_;
  Result page_;
  int row_ = 0;
};

class PgSnapshot : public Snapshot {
 public:
  // session null: status says why no snapshot could be taken.
  PgSnapshot(std::shared_ptr<const Session> session, absl::Status status)
      : session_(std::move(session)), status_(std::move(status)) {}

  absl::Status Get(Column column, absl::string_view key,
                   std::string* value) const override {
    if (session_ == nullptr) return status_;
    return session_->Get(column, key, value);
  }
  std::unique_ptr<Iterator> NewIterator(Column column) const override {
    return std::make_unique<PgIterator>(session_, column, status_);
  }

 private:
  const std::shared_ptr<const Session> session_;
  const absl::Status status_;
};

}  // namespace

std::shared_ptr<const Snapshot> NewSnapshot(ConnPool* pool, const Sql* sql,
                                            const SnapshotOptions& options) {
  const std::string begin = absl::StrCat(
      "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; ",
      IdleTimeoutSql(options.idle_timeout, /*local=*/true), "; SELECT 1");
  absl::Status failed;
  for (int attempt = 0; attempt < 2; ++attempt) {
    absl::StatusOr<PooledConn> conn = pool->Acquire();
    if (!conn.ok()) {
      failed = conn.status();
      break;
    }
    absl::StatusOr<Result> begun = (*conn)->Exec(begin);
    if (begun.ok()) {
      return std::make_shared<PgSnapshot>(
          std::make_shared<Session>(*std::move(conn), sql, options.page_rows),
          absl::OkStatus());
    }
    failed = begun.status();
    if ((*conn)->ok()) break;  // refused by a live server: no retry
  }
  return std::make_shared<PgSnapshot>(
      nullptr, absl::Status(failed.code(),
                            absl::StrCat("snapshot: ", failed.message())));
}

absl::Status GetLatest(ConnPool* pool, const Sql& sql, Column column,
                       absl::string_view key, std::string* value) {
  absl::Status s;
  for (int attempt = 0; attempt < 2; ++attempt) {
    HUB_ASSIGN_OR_RETURN(PooledConn conn, pool->Acquire());
    s = GetOn(*conn, sql, column, key, value);
    if (s.ok() || absl::IsNotFound(s) || conn->ok()) return s;
  }
  return s;
}

}  // namespace pg
}  // namespace hub
