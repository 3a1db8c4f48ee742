// Internal: a thin RAII layer over libpq for the PostgreSQL store.
//
// Conn owns one PGconn; Result owns one PGresult. Parameters and results
// travel in binary format, so bytea values are raw bytes, never escaped.
// Every failure becomes an absl::Status whose code says what a caller may do
// (PgError()): Unavailable for a lost connection, a server shutting down, a
// read-only server (a demoted primary) or a fenced writer; Internal for
// anything else.
//
// Thread safety: a Conn is used by one thread at a time.
#ifndef HUB_PGSTORE_INTERNAL_PG_CONN_H_
#define HUB_PGSTORE_INTERNAL_PG_CONN_H_

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hub {
namespace pg {

// The SQLSTATE the store's fence() function raises for a deposed writer.
inline constexpr char kFencedState[] = "HUB01";

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// One statement parameter: text or binary, with the type's OID.
struct Param {
  enum : unsigned { kText = 0, kBinary = 1 };
  std::string bytes;
  unsigned oid = 0;  // 0: let the server infer it
  unsigned format = kText;

  static Param Text(absl::string_view text) {
    return Param{std::string(text), 0, kText};
  }
  static Param Bytea(absl::string_view bytes) {
    return Param{std::string(bytes), 17, kBinary};
  }
  static Param Int8(int64_t value);
  // A one-dimensional bytea[] in the binary array format.
  static Param ByteaArray(const std::vector<absl::string_view>& elements);
};

// The status for a failed result (or a null one) on conn, prefixed by what.
absl::Status PgError(PGconn* conn, const PGresult* result,
                     absl::string_view what);

// A column of a binary result as bytes.
inline absl::string_view Bytes(const PGresult* r, int row, int col) {
  return absl::string_view(PQgetvalue(r, row, col), PQgetlength(r, row, col));
}
// A column of a binary int8 result.
int64_t Int8At(const PGresult* r, int row, int col);

class Conn {
 public:
  // Connects with conninfo (a libpq URI or key=value string, multi-host
  // allowed) and runs setup_sql (session settings). Unavailable when no
  // server named in conninfo accepts the connection.
  static absl::StatusOr<std::unique_ptr<Conn>> Connect(
      const std::string& conninfo, const std::string& setup_sql);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // Runs sql (one or more statements, no parameters). Returns the last
  // result when it succeeded.
  absl::StatusOr<Result> Exec(const std::string& sql);
  // Runs one statement with params; binary results when binary_results.
  absl::StatusOr<Result> Query(const std::string& sql,
                               const std::vector<Param>& params,
                               bool binary_results);

  // Runs statements as one pipeline (one round trip): the first failure
  // aborts the rest and is returned. When the server reported the failure
  // ok() stays true and nothing of a transaction in the pipeline was
  // committed; when the connection was lost (ok() false) a COMMIT in it may
  // or may not have happened.
  struct Statement {
    std::string sql;
    std::vector<Param> params;
  };
  absl::Status Pipeline(const std::vector<Statement>& statements);

  // Sends sql without waiting for its result; the next call collects and
  // drops it. For a ROLLBACK on release that costs no round trip.
  void SendAndForget(const std::string& sql);

  // False once the connection is known to be lost; Check() first reads
  // whatever the server sent while the connection was idle (a shutdown
  // notice), without blocking.
  bool ok() const;
  bool Check();
  // In a transaction (or a failed one)?
  bool in_transaction() const;
  // host:port of the server this connection reached.
  std::string server() const;

 private:
  explicit Conn(PGconn* conn) : conn_(conn) {}
  absl::Status Drain();

  PGconn* conn_;
  bool pending_ = false;  // a SendAndForget() result to collect
};

}  // namespace pg
}  // namespace hub

#endif  // HUB_PGSTORE_INTERNAL_PG_CONN_H_
