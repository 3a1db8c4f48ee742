// Internal: a pool of libpq connections to the hub's database.
//
// Connections are made on demand with the store's connection string (a
// multi-host string with target_session_attrs=read-write finds the primary
// after a failover by itself) and kept when idle, up to max_idle. A lost
// connection is never handed out again: Acquire() reads what the server
// sent to an idle connection first, and drops the whole idle set once one
// is found lost, since the others went to the same server.
//
// Thread safety: all methods may be called concurrently.
#ifndef HUB_PGSTORE_INTERNAL_CONN_POOL_H_
#define HUB_PGSTORE_INTERNAL_CONN_POOL_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "hub/pgstore/internal/pg_conn.h"

namespace hub {
namespace pg {

class ConnPool;

// A connection borrowed from a pool; given back when destroyed (rolled
// back first, without waiting, if left in a transaction).
class PooledConn {
 public:
  PooledConn(ConnPool* pool, std::unique_ptr<Conn> conn)
      : pool_(pool), conn_(std::move(conn)) {}
  PooledConn(PooledConn&&) = default;
  ~PooledConn();
  Conn* operator->() const { return conn_.get(); }
  Conn& operator*() const { return *conn_; }

 private:
  ConnPool* pool_;
  std::unique_ptr<Conn> conn_;
};

class ConnPool {
 public:
  ConnPool(std::string conninfo, std::string setup_sql, size_t max_idle)
      : conninfo_(std::move(conninfo)),
        setup_sql_(std::move(setup_sql)),
        max_idle_(max_idle) {}

  // An idle connection still up, or a new one (Unavailable when no server
  // accepts it).
  absl::StatusOr<PooledConn> Acquire();
  // A new connection outside the pool (a dedicated session).
  absl::StatusOr<std::unique_ptr<Conn>> Connect() const;
  // Takes conn back: kept when up and there is room, else closed.
  void Release(std::unique_ptr<Conn> conn);
  // Closes every idle connection.
  void Clear();
  // Connections made so far (tests: reconnection).
  uint64_t connects() const;

 private:
  const std::string conninfo_;
  const std::string setup_sql_;
  const size_t max_idle_;
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<Conn>> idle_ ABSL_GUARDED_BY(mu_);
  mutable uint64_t connects_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace pg
}  // namespace hub

#endif  // HUB_PGSTORE_INTERNAL_CONN_POOL_H_
