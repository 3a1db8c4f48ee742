// PgStore: the hub's Store on PostgreSQL, for a hub that must survive the
// loss of a machine (DESIGN.md section 7): the database replicates, Patroni
// fails it over, and exactly one hubd commits at a time.
//
// Layout: in one schema (PgStoreOptions::schema) one table per column family,
// named as ColumnName() says (key bytea primary key, value bytea), plus the
// table `leader` holding the single-writer lease and its fencing epoch, and
// the function fence(). Open() creates what is missing.
//
//   * Write() is one transaction, sent as one pipeline (one round trip).
//     sync means synchronous_commit=on: with a synchronous standby
//     (synchronous_standby_names) the commit returns once the batch is on
//     two machines; sync=false commits asynchronously.
//   * Get() reads the latest committed state. NewSnapshot() opens a
//     REPEATABLE READ, READ ONLY transaction on a connection of its own, and
//     its iterators page through it with keyset pagination (WHERE key > last
//     ORDER BY key LIMIT page_rows), so a long scan never holds one huge
//     result and sees one consistent state however long it takes.
//   * Connections come from a pool and are remade when lost; with a
//     multi-host connection string and target_session_attrs=read-write,
//     libpq finds the new primary after a failover by itself. Operations
//     that find no server fail with Unavailable; nothing is retried behind
//     the caller's back except a read on a connection found lost.
//
// One active sequencer (see hub/sequencer): several hubds may open the same
// schema, and the lease decides which one commits. With options.fenced,
// writes are refused (with the status given to RefuseWrites(), Unavailable
// by default) until EnableWrites(epoch) names the epoch of a lease this
// process holds; from then on every write transaction first checks, in the
// database and under a row lock, that the lease's epoch is still that one.
// A writer whose lease was taken over therefore fails instead of committing
// ("fenced: ... superseded by epoch N"), and AcquireLease() waits for the
// transactions of the previous epoch to end before it returns, so whoever
// holds the new epoch reads every commit of the old one. While fenced, a
// Put to Column::kLog never replaces a stored event: the log is append-only
// (hub/schema), and a key that exists fails the write, the last guard
// against a writer whose idea of the log's head is stale.
//
// After a write fails while enabled, the store refuses every later write
// (Unavailable) until EnableWrites() again: a commit whose outcome is
// unknown (the connection was lost during COMMIT) may or may not have
// happened, so the writer must reload its state before it writes again.
// AwaitWriteFailure() lets the sequencer notice at once.
//
// Thread safety: all methods may be called concurrently.
#ifndef HUB_PGSTORE_PG_STORE_H_
#define HUB_PGSTORE_PG_STORE_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "hub/store/store.h"

namespace hub {

namespace pg {
class ConnPool;
class Conn;
struct Sql;
}  // namespace pg

struct PgStoreOptions {
  // libpq connection string or URI, e.g.
  // "postgresql://db1:5432,db2:5432/hub?target_session_attrs=read-write".
  std::string conninfo;
  // The schema holding the tables (a plain identifier: letters, digits,
  // underscores).
  std::string schema = "hub";
  // Refuse writes until EnableWrites() (several hubds on one database).
  // false: every write is allowed and unchecked (a single writer, tests).
  bool fenced = false;
  int page_rows = 256;  // rows per page of an iterator
  size_t max_idle_connections = 8;
  // A write transaction idle this long (its hubd frozen mid-commit) is
  // ended by the server, so that it cannot hold up a takeover.
  absl::Duration write_idle_timeout = absl::Seconds(5);
  // A snapshot idle this long is ended by the server (its iterators then
  // fail with Unavailable).
  absl::Duration snapshot_idle_timeout = absl::Minutes(10);
};

// The single-writer lease as the database records it.
struct PgLease {
  uint64_t epoch = 0;        // the fencing token; bumped by every acquisition
  std::string holder;        // who holds (or last held) it
  std::string address;       // where that holder serves, for clients
  absl::Duration remaining;  // until it expires, by the database's clock;
                             // zero or less: expired
  // Whether the holder's lease session is still connected to the database
  // (a crashed holder's is gone at once), and how long ago it last renewed.
  bool holder_connected = false;
  absl::Duration since_renewal;
};

class PgStore : public Store {
 public:
  // Connects, creates the schema's tables when missing and returns the
  // store. InvalidArgument for a bad schema name, Unavailable when no
  // server accepts the connection.
  static absl::StatusOr<std::unique_ptr<PgStore>> Open(PgStoreOptions options);
  ~PgStore() override;

  // Store.
  absl::Status Get(Column column, absl::string_view key,
                   std::string* value) const override;
  absl::Status Write(const WriteBatch& batch, bool sync) override;
  std::unique_ptr<Iterator> NewIterator(Column column) const override;
  std::shared_ptr<const Snapshot> NewSnapshot() const override;

  // --- The lease (on a dedicated connection) ---

  // Takes the lease for holder, serving at address, for duration, when it
  // has expired, when holder holds it already (after a failed commit, or a
  // database failover), or when its holder's lease session is gone from the
  // database and it last renewed more than orphaned_after ago (the holder
  // crashed; a live one renews more often). Every acquisition bumps the
  // epoch, and first waits for the write transactions of the previous
  // epoch to end. holder must be unique to the process (two processes of
  // one name would take the lease from each other). FailedPrecondition
  // naming the holder, its address and the time left when another holds
  // it.
  absl::StatusOr<PgLease> AcquireLease(
      const std::string& holder, const std::string& address,
      absl::Duration duration,
      absl::Duration orphaned_after = absl::InfiniteDuration());
  // Extends the lease of epoch by duration from now, recording address
  // (empty: unchanged) as where its holder serves. FailedPrecondition when
  // the lease is no longer at epoch (taken over).
  absl::StatusOr<PgLease> RenewLease(uint64_t epoch, absl::Duration duration,
                                     const std::string& address = "");
  // Ends the lease of epoch now (a clean stop: a standby takes over at
  // once). OK when it was no longer at epoch.
  absl::Status ReleaseLease(uint64_t epoch);
  absl::StatusOr<PgLease> ReadLease() const;

  // --- The write gate (options.fenced) ---

  // Allows writes, each checked against epoch in its transaction.
  void EnableWrites(uint64_t epoch);
  // Refuses every later write with refusal (not OK).
  void RefuseWrites(absl::Status refusal);
  // OK while writes are enabled, else the refusal in force.
  absl::Status write_refusal() const;
  // Blocks until a write fails while enabled (returns true; writes are
  // then refused until EnableWrites()) or timeout passes (false).
  bool AwaitWriteFailure(absl::Duration timeout);

  const PgStoreOptions& options() const { return options_; }
  // Connections made so far (tests: reconnection after a failover).
  uint64_t connects() const;

 private:
  explicit PgStore(PgStoreOptions options);
  absl::Status CreateSchema();
  // The write gate: OK with *epoch set (0: unfenced), or the refusal.
  absl::Status Gate(uint64_t* epoch) const;
  void FailWrites(const absl::Status& cause);
  // The dedicated lease session, reconnected when lost.
  absl::StatusOr<pg::Conn*> LeaseConn() const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(lease_mu_);

  const PgStoreOptions options_;
  std::unique_ptr<const pg::Sql> sql_;
  std::unique_ptr<pg::ConnPool> pool_;

  mutable absl::Mutex lease_mu_;  // serializes use of lease_conn_
  mutable std::unique_ptr<pg::Conn> lease_conn_ ABSL_GUARDED_BY(lease_mu_);

  mutable absl::Mutex gate_mu_;
  uint64_t epoch_ ABSL_GUARDED_BY(gate_mu_) = 0;  // 0: writes not enabled
  absl::Status refusal_ ABSL_GUARDED_BY(gate_mu_);
  bool failed_ ABSL_GUARDED_BY(gate_mu_) = false;
};

}  // namespace hub

#endif  // HUB_PGSTORE_PG_STORE_H_
