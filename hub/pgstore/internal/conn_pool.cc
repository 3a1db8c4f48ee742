#include "hub/pgstore/internal/conn_pool.h"

namespace hub {
namespace pg {

PooledConn::~PooledConn() {
  if (conn_ == nullptr) return;
  if (conn_->ok() && conn_->in_transaction()) conn_->SendAndForget("ROLLBACK");
  pool_->Release(std::move(conn_));
}

absl::StatusOr<PooledConn> ConnPool::Acquire() {
  while (true) {
    std::unique_ptr<Conn> conn;
    {
      absl::MutexLock lock(&mu_);
      if (idle_.empty()) break;
      conn = std::move(idle_.back());
      idle_.pop_back();
    }
    if (conn->Check()) return PooledConn(this, std::move(conn));
    Clear();  // the server this one reached is gone; so are the others
  }
  absl::StatusOr<std::unique_ptr<Conn>> conn = Connect();
  if (!conn.ok()) return conn.status();
  return PooledConn(this, *std::move(conn));
}

absl::StatusOr<std::unique_ptr<Conn>> ConnPool::Connect() const {
  {
    absl::MutexLock lock(&mu_);
    ++connects_;
  }
  return Conn::Connect(conninfo_, setup_sql_);
}

void ConnPool::Release(std::unique_ptr<Conn> conn) {
  if (!conn->ok()) {
    Clear();
    return;
  }
  absl::MutexLock lock(&mu_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(conn));
}

void ConnPool::Clear() {
  std::vector<std::unique_ptr<Conn>> dropped;
  absl::MutexLock lock(&mu_);
  dropped.swap(idle_);
}

uint64_t ConnPool::connects() const {
  absl::MutexLock lock(&mu_);
  return connects_;
}

}  // namespace pg
}  // namespace hub
