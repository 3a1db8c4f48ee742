// PgStore: the single-writer lease and its fencing epoch (pg_store.h).
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "hub/common/status_macros.h"
#include "hub/pgstore/internal/conn_pool.h"
#include "hub/pgstore/internal/pg_conn.h"
#include "hub/pgstore/internal/statements.h"
#include "hub/pgstore/pg_store.h"

namespace hub {

namespace {

using pg::Param;

// The lease in row 0 of r (text results: epoch, holder, address, seconds).
absl::StatusOr<PgLease> LeaseAt(const PGresult* r) {
  if (PQntuples(r) != 1) {
    return absl::DataLossError("the lease row is missing from the database");
  }
  PgLease lease;
  double seconds = 0, since = 0;
  if (!absl::SimpleAtoi(PQgetvalue(r, 0, 0), &lease.epoch) ||
      !absl::SimpleAtod(PQgetvalue(r, 0, 3), &seconds) ||
      !absl::SimpleAtod(PQgetvalue(r, 0, 5), &since)) {
    return absl::DataLossError("the lease row does not parse");
  }
  lease.holder = PQgetvalue(r, 0, 1);
  lease.address = PQgetvalue(r, 0, 2);
  lease.remaining = absl::Seconds(seconds);
  lease.holder_connected = PQgetvalue(r, 0, 4)[0] == 't';
  lease.since_renewal = absl::Seconds(since);
  return lease;
}

std::string Micros(absl::Duration d) {
  return absl::StrCat(absl::ToInt64Microseconds(d));
}

std::string Describe(const PgLease& lease) {
  return absl::StrCat(lease.holder.empty() ? "nobody" : lease.holder,
                      " (serving at ", lease.address, ") at epoch ",
                      lease.epoch);
}

}  // namespace

absl::StatusOr<pg::Conn*> PgStore::LeaseConn() const {
  if (lease_conn_ != nullptr && lease_conn_->Check()) {
    // A statement of an acquisition failed: end its transaction first.
    if (!lease_conn_->in_transaction() || lease_conn_->Exec("ROLLBACK").ok()) {
      return lease_conn_.get();
    }
  }
  lease_conn_.reset();
  HUB_ASSIGN_OR_RETURN(lease_conn_, pool_->Connect());
  return lease_conn_.get();
}

absl::StatusOr<PgLease> PgStore::AcquireLease(const std::string& holder,
                                              const std::string& address,
                                              absl::Duration duration,
                                              absl::Duration orphaned_after) {
  absl::MutexLock lock(&lease_mu_);
  HUB_ASSIGN_OR_RETURN(pg::Conn * conn, LeaseConn());
  // The FOR UPDATE waits for the write transactions holding the row's key
  // share lock (fence()): those of the previous epoch end first. A frozen
  // writer's transaction is ended by write_idle_timeout, hence the bound.
  const absl::Duration wait = options_.write_idle_timeout + duration;
  HUB_RETURN_IF_ERROR(
      conn->Exec(absl::StrCat("BEGIN; SET LOCAL lock_timeout "
                              "= '",
                              absl::ToInt64Milliseconds(wait), "ms'"))
          .status());
  HUB_ASSIGN_OR_RETURN(pg::Result current,
                       conn->Query(sql_->lease_lock, {}, false));
  HUB_ASSIGN_OR_RETURN(PgLease before, LeaseAt(current.get()));
  const bool orphaned =
      !before.holder_connected && before.since_renewal > orphaned_after;
  if (before.remaining > absl::ZeroDuration() && before.holder != holder &&
      !orphaned) {
    conn->Exec("ROLLBACK").IgnoreError();
    return absl::FailedPreconditionError(
        absl::StrCat("the lease is held by ", Describe(before), " for another ",
                     absl::FormatDuration(absl::Trunc(before.remaining,
                                                      absl::Milliseconds(1)))));
  }
  HUB_ASSIGN_OR_RETURN(pg::Result taken,
                       conn->Query(sql_->lease_take,
                                   {Param::Text(holder), Param::Text(address),
                                    Param::Text(Micros(duration))},
                                   false));
  HUB_ASSIGN_OR_RETURN(PgLease lease, LeaseAt(taken.get()));
  HUB_RETURN_IF_ERROR(conn->Exec("COMMIT").status());
  return lease;
}

absl::StatusOr<PgLease> PgStore::RenewLease(uint64_t epoch,
                                            absl::Duration duration,
                                            const std::string& address) {
  absl::MutexLock lock(&lease_mu_);
  HUB_ASSIGN_OR_RETURN(pg::Conn * conn, LeaseConn());
  HUB_ASSIGN_OR_RETURN(
      pg::Result renewed,
      conn->Query(sql_->lease_renew,
                  {Param::Text(absl::StrCat(epoch)),
                   Param::Text(Micros(duration)), Param::Text(address)},
                  false));
  if (PQntuples(renewed.get()) == 1) return LeaseAt(renewed.get());
  HUB_ASSIGN_OR_RETURN(pg::Result now,
                       conn->Query(sql_->lease_read, {}, false));
  HUB_ASSIGN_OR_RETURN(PgLease lease, LeaseAt(now.get()));
  return absl::FailedPreconditionError(absl::StrCat(
      "the lease of epoch ", epoch, " was taken over by ", Describe(lease)));
}

absl::Status PgStore::ReleaseLease(uint64_t epoch) {
  absl::MutexLock lock(&lease_mu_);
  HUB_ASSIGN_OR_RETURN(pg::Conn * conn, LeaseConn());
  return conn
      ->Query(sql_->lease_release, {Param::Text(absl::StrCat(epoch))}, false)
      .status();
}

absl::StatusOr<PgLease> PgStore::ReadLease() const {
  absl::MutexLock lock(&lease_mu_);
  HUB_ASSIGN_OR_RETURN(pg::Conn * conn, LeaseConn());
  HUB_ASSIGN_OR_RETURN(pg::Result r, conn->Query(sql_->lease_read, {}, false));
  return LeaseAt(r.get());
}

}  // namespace hub
