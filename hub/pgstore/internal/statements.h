// Internal: the SQL text of the PostgreSQL store, for one schema.
#ifndef HUB_PGSTORE_INTERNAL_STATEMENTS_H_
#define HUB_PGSTORE_INTERNAL_STATEMENTS_H_

#include <array>
#include <string>

#include "absl/time/time.h"
#include "hub/store/store.h"

namespace hub {
namespace pg {

// One table's statements ($n are binary bytea or bytea[] parameters).
struct TableSql {
  std::string get;     // $1 key -> value
  std::string upsert;  // $1 keys, $2 values
  std::string append;  // $1 keys, $2 values; a key that exists fails
  std::string erase;   // $1 keys
  std::string seek;    // $1 first key (inclusive), $2 limit -> key, value
  std::string next;    // $1 last key seen (exclusive), $2 limit
};

struct Sql {
  explicit Sql(const std::string& schema);

  std::array<TableSql, kNumColumns> tables;
  std::string create;         // every table, the lease row and fence()
  std::string fence;          // $1 epoch: fails (kFencedState) unless current
  std::string lease_read;     // -> epoch, holder, address, seconds left
  std::string lease_lock;     // the same, FOR UPDATE
  std::string lease_take;     // $1 holder, $2 address, $3 micros
  std::string lease_renew;    // $1 epoch, $2 micros, $3 address or ''
  std::string lease_release;  // $1 epoch
  std::string create_lock;    // an advisory lock serializing create
};

// "SET LOCAL idle_in_transaction_session_timeout = '<ms>ms'".
std::string IdleTimeoutSql(absl::Duration timeout, bool local);

// Whether name is a plain identifier (letters, digits, '_', not leading
// digit), safe to splice into SQL.
bool IsPlainIdentifier(const std::string& name);

}  // namespace pg
}  // namespace hub

#endif  // HUB_PGSTORE_INTERNAL_STATEMENTS_H_
