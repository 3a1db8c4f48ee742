// Internal: snapshots and iterators of the PostgreSQL store.
//
// A snapshot is a REPEATABLE READ, READ ONLY transaction on a pooled
// connection of its own (a Session), shared by the Snapshot and every
// iterator made from it; the last one gone ends the transaction (without
// waiting) and gives the connection back. Iterators read pages of
// page_rows rows by keyset pagination.
#ifndef HUB_PGSTORE_INTERNAL_PG_SNAPSHOT_H_
#define HUB_PGSTORE_INTERNAL_PG_SNAPSHOT_H_

#include <memory>

#include "absl/time/time.h"
#include "hub/pgstore/internal/conn_pool.h"
#include "hub/pgstore/internal/statements.h"
#include "hub/store/store.h"

namespace hub {
namespace pg {

struct SnapshotOptions {
  int page_rows = 256;
  absl::Duration idle_timeout = absl::Minutes(10);
};

// A snapshot taken now; if none can be taken, one whose reads fail with
// the reason.
std::shared_ptr<const Snapshot> NewSnapshot(ConnPool* pool, const Sql* sql,
                                            const SnapshotOptions& options);

// Runs Get on a pooled connection (retried once on a connection found
// lost, as a read may be).
absl::Status GetLatest(ConnPool* pool, const Sql& sql, Column column,
                       absl::string_view key, std::string* value);

}  // namespace pg
}  // namespace hub

#endif  // HUB_PGSTORE_INTERNAL_PG_SNAPSHOT_H_
