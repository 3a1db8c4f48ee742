#include "hub/pgstore/internal/statements.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "hub/pgstore/internal/pg_conn.h"

namespace hub {
namespace pg {
namespace {

// The lease row, as every lease statement returns it.
constexpr char kLeaseColumns[] =
    "epoch, holder, address, "
    "extract(epoch from (expires_at - clock_timestamp()))::float8, "
    "EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = session_pid), "
    "extract(epoch from (clock_timestamp() - renewed_at))::float8";
// What a lease statement sets besides: the session holding it, now.
constexpr char kLeaseSession[] =
    "session_pid = pg_backend_pid(), renewed_at = clock_timestamp()";

std::string CreateSql(const std::string& s) {
  std::string sql = absl::StrCat("CREATE SCHEMA IF NOT EXISTS ", s, ";\n");
  for (int i = 0; i < kNumColumns; ++i) {
    absl::StrAppend(&sql, "CREATE TABLE IF NOT EXISTS ", s, ".\"",
                    ColumnName(static_cast<Column>(i)),
                    "\" (key bytea PRIMARY KEY, value bytea NOT NULL);\n");
  }
  // One row: the single-writer lease and its fencing epoch.
  absl::StrAppend(
      &sql, "CREATE TABLE IF NOT EXISTS ", s,
      ".leader (id int PRIMARY KEY CHECK (id = 1), epoch bigint NOT NULL, "
      "holder text NOT NULL, address text NOT NULL, "
      "expires_at timestamptz NOT NULL, session_pid int NOT NULL, "
      "renewed_at timestamptz NOT NULL);\n",
      "INSERT INTO ", s,
      ".leader VALUES (1, 0, '', '', 'epoch', 0, 'epoch') "
      "ON CONFLICT DO NOTHING;\n");
  // Called first in every fenced write: a share lock on the lease row (which
  // a takeover's FOR UPDATE waits for) and the epoch check.
  absl::StrAppend(&sql, absl::StrReplaceAll(R"sql(
CREATE OR REPLACE FUNCTION $S.fence(mine bigint) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  current bigint;
  who text;
  addr text;
BEGIN
  SELECT epoch, holder, address INTO current, who, addr
    FROM $S.leader WHERE id = 1 FOR KEY SHARE;
  IF current IS DISTINCT FROM mine THEN
    RAISE EXCEPTION USING ERRCODE = '$E',
      MESSAGE = format('fenced: this writer''s lease epoch %s was superseded '
                       'by epoch %s (%s): the active hub is at %s ', mine,
                       current, who, addr);
  END IF;
END
$fn$;
)sql",
                                            {{"$S", s}, {"$E", kFencedState}}));
  return sql;
}

}  // namespace

Sql::Sql(const std::string& schema) {
  const std::string& s = schema;
  for (int i = 0; i < kNumColumns; ++i) {
    const std::string t =
        absl::StrCat(s, ".\"", ColumnName(static_cast<Column>(i)), "\"");
    TableSql& q = tables[i];
    q.get = absl::StrCat("SELECT value FROM ", t, " WHERE key = $1");
    q.append = absl::StrCat("INSERT INTO ", t,
                            " (key, value) SELECT * FROM "
                            "unnest($1::bytea[], $2::bytea[])");
    q.upsert = absl::StrCat(
        q.append, " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value");
    q.erase = absl::StrCat("DELETE FROM ", t, " WHERE key = ANY($1::bytea[])");
    q.seek = absl::StrCat("SELECT key, value FROM ", t,
                          " WHERE key >= $1 ORDER BY key LIMIT $2");
    q.next = absl::StrCat("SELECT key, value FROM ", t,
                          " WHERE key > $1 ORDER BY key LIMIT $2");
  }
  create = CreateSql(s);
  fence = absl::StrCat("SELECT ", s, ".fence($1)");
  lease_read = absl::StrCat("SELECT ", kLeaseColumns, " FROM ", s,
                            ".leader WHERE id = 1");
  lease_lock = absl::StrCat(lease_read, " FOR UPDATE");
  lease_take =
      absl::StrCat("UPDATE ", s,
                   ".leader SET epoch = epoch + 1, holder = $1, address = $2, "
                   "expires_at = clock_timestamp() + $3::bigint * interval '1 "
                   "microsecond', ",
                   kLeaseSession, " WHERE id = 1 RETURNING ", kLeaseColumns);
  lease_renew = absl::StrCat(
      "UPDATE ", s,
      ".leader SET expires_at = clock_timestamp() + $2::bigint * "
      "interval '1 microsecond', address = coalesce(nullif($3, ''), address), ",
      kLeaseSession, " WHERE id = 1 AND epoch = $1 RETURNING ", kLeaseColumns);
  lease_release = absl::StrCat("UPDATE ", s,
                               ".leader SET expires_at = 'epoch' "
                               "WHERE id = 1 AND epoch = $1");
  create_lock =
      absl::StrCat("SELECT pg_advisory_xact_lock(hashtext('", s, "'))");
}

std::string IdleTimeoutSql(absl::Duration timeout, bool local) {
  return absl::StrCat("SET ", local ? "LOCAL " : "",
                      "idle_in_transaction_session_timeout = '",
                      absl::ToInt64Milliseconds(timeout), "ms'");
}

bool IsPlainIdentifier(const std::string& name) {
  if (name.empty() || name.size() > 63 || absl::ascii_isdigit(name[0])) {
    return false;
  }
  for (char c : name) {
    if (!absl::ascii_isalnum(c) && c != '_') return false;
  }
  return true;
}

}  // namespace pg
}  // namespace hub
