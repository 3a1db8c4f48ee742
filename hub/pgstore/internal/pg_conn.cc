#include "hub/pgstore/internal/pg_conn.h"

#include <cstring>

#include "absl/base/internal/endian.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace hub {
namespace pg {
namespace {

void IgnoreNotice(void*, const char*) {}

void AppendInt32(std::string* out, uint32_t v) {
  char buf[4];
  absl::big_endian::Store32(buf, v);
  out->append(buf, 4);
}

// The canonical code for a SQLSTATE (see pg_conn.h).
absl::StatusCode CodeFor(absl::string_view state) {
  if (absl::StartsWith(state, "08") || state == "57P01" || state == "57P02" ||
      state == "57P03" || state == "25006" || state == "40001" ||
      state == "40P01" || state == "55P03" || state == "57014" ||
      state == kFencedState) {
    return absl::StatusCode::kUnavailable;
  }
  if (absl::StartsWith(state, "53")) {
    return absl::StatusCode::kResourceExhausted;
  }
  return absl::StatusCode::kInternal;
}

// The parallel arrays libpq takes parameters in.
struct Arrays {
  explicit Arrays(const std::vector<Param>& params) {
    for (const Param& p : params) {
      oids.push_back(p.oid);
      values.push_back(p.bytes.data());
      lengths.push_back(p.bytes.size());
      formats.push_back(p.format);
    }
  }
  std::vector<unsigned> oids;
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
};

bool Succeeded(const PGresult* r) {
  ExecStatusType s = PQresultStatus(r);
  return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

}  // namespace

Param Param::Int8(int64_t value) {
  char buf[8];
  absl::big_endian::Store64(buf, static_cast<uint64_t>(value));
  return Param{std::string(buf, 8), 20, kBinary};
}

Param Param::ByteaArray(const std::vector<absl::string_view>& elements) {
  std::string out;
  size_t total = 20;
  for (absl::string_view e : elements) total += 4 + e.size();
  out.reserve(total);
  AppendInt32(&out, 1);   // dimensions
  AppendInt32(&out, 0);   // no nulls
  AppendInt32(&out, 17);  // element type: bytea
  AppendInt32(&out, elements.size());
  AppendInt32(&out, 1);  // lower bound
  for (absl::string_view e : elements) {
    AppendInt32(&out, e.size());
    out.append(e.data(), e.size());
  }
  return Param{std::move(out), 1001, kBinary};
}

int64_t Int8At(const PGresult* r, int row, int col) {
  if (PQgetlength(r, row, col) != 8) return 0;
  return static_cast<int64_t>(
      absl::big_endian::Load64(PQgetvalue(r, row, col)));
}

absl::Status PgError(PGconn* conn, const PGresult* result,
                     absl::string_view what) {
  if (result == nullptr || PQstatus(conn) != CONNECTION_OK) {
    std::string msg = absl::StrCat(
        what, ": the connection to PostgreSQL ",
        conn != nullptr && PQhost(conn) != nullptr
            ? absl::StrCat("at ", PQhost(conn), ":", PQport(conn), " ")
            : "",
        "was lost: ",
        absl::StripAsciiWhitespace(conn != nullptr ? PQerrorMessage(conn)
                                                   : "no connection"));
    return absl::UnavailableError(msg);
  }
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  const std::string message = primary != nullptr
                                  ? primary
                                  : std::string(absl::StripAsciiWhitespace(
                                        PQresultErrorMessage(result)));
  absl::string_view code = state != nullptr ? state : "";
  return absl::Status(
      CodeFor(code), absl::StrCat(what, ": ", message, code.empty() ? "" : " (",
                                  code, code.empty() ? "" : ")"));
}

absl::StatusOr<std::unique_ptr<Conn>> Conn::Connect(
    const std::string& conninfo, const std::string& setup_sql) {
  PGconn* raw = PQconnectdb(conninfo.c_str());
  if (raw == nullptr) {
    return absl::ResourceExhaustedError(
        "libpq could not allocate a connection");
  }
  if (PQstatus(raw) != CONNECTION_OK) {
    std::string msg(absl::StripAsciiWhitespace(PQerrorMessage(raw)));
    PQfinish(raw);
    return absl::UnavailableError(
        absl::StrCat("cannot connect to PostgreSQL: ", msg));
  }
  PQsetNoticeProcessor(raw, IgnoreNotice, nullptr);
  std::unique_ptr<Conn> conn(new Conn(raw));
  if (!setup_sql.empty()) {
    absl::StatusOr<Result> r = conn->Exec(setup_sql);
    if (!r.ok()) return r.status();
  }
  return conn;
}

Conn::~Conn() { PQfinish(conn_); }

absl::Status Conn::Drain() {
  if (!pending_) return absl::OkStatus();
  pending_ = false;
  while (PGresult* r = PQgetResult(conn_)) PQclear(r);
  if (PQstatus(conn_) != CONNECTION_OK) return PgError(conn_, nullptr, "drain");
  return absl::OkStatus();
}

void Conn::SendAndForget(const std::string& sql) {
  if (Drain().ok()) pending_ = PQsendQuery(conn_, sql.c_str()) == 1;
}

absl::StatusOr<Result> Conn::Exec(const std::string& sql) {
  if (absl::Status s = Drain(); !s.ok()) return s;
  Result r(PQexec(conn_, sql.c_str()));
  if (r == nullptr || !Succeeded(r.get()))
    return PgError(conn_, r.get(), "sql");
  return r;
}

absl::StatusOr<Result> Conn::Query(const std::string& sql,
                                   const std::vector<Param>& params,
                                   bool binary_results) {
  if (absl::Status s = Drain(); !s.ok()) return s;
  const Arrays a(params);
  Result r(PQexecParams(conn_, sql.c_str(), params.size(), a.oids.data(),
                        a.values.data(), a.lengths.data(), a.formats.data(),
                        binary_results ? 1 : 0));
  if (r == nullptr || !Succeeded(r.get()))
    return PgError(conn_, r.get(), "sql");
  return r;
}

absl::Status Conn::Pipeline(const std::vector<Statement>& statements) {
  if (absl::Status s = Drain(); !s.ok()) return s;
  if (PQenterPipelineMode(conn_) != 1)
    return PgError(conn_, nullptr, "pipeline");
  absl::Status first;
  size_t sent = 0;
  for (const Statement& st : statements) {
    const Arrays a(st.params);
    if (PQsendQueryParams(conn_, st.sql.c_str(), st.params.size(),
                          a.oids.data(), a.values.data(), a.lengths.data(),
                          a.formats.data(), 0) != 1) {
      break;
    }
    ++sent;
  }
  if (sent < statements.size() || PQpipelineSync(conn_) != 1) {
    return PgError(conn_, nullptr, "pipeline send");
  }
  for (size_t i = 0; i < sent && ok(); ++i) {
    while (PGresult* raw = PQgetResult(conn_)) {
      Result r(raw);
      ExecStatusType s = PQresultStatus(raw);
      if (s == PGRES_PIPELINE_ABORTED || Succeeded(raw)) continue;
      if (first.ok()) first = PgError(conn_, raw, "write");
    }
  }
  Result sync(ok() ? PQgetResult(conn_) : nullptr);
  if (sync == nullptr || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC) {
    return first.ok() ? PgError(conn_, nullptr, "pipeline") : first;
  }
  if (PQexitPipelineMode(conn_) != 1 && first.ok()) {
    return PgError(conn_, nullptr, "pipeline exit");
  }
  return first;
}

bool Conn::ok() const { return PQstatus(conn_) == CONNECTION_OK; }

bool Conn::Check() {
  if (ok() && !pending_) PQconsumeInput(conn_);
  return ok();
}

bool Conn::in_transaction() const {
  PGTransactionStatusType t = PQtransactionStatus(conn_);
  return t == PQTRANS_INTRANS || t == PQTRANS_INERROR;
}

std::string Conn::server() const {
  return absl::StrCat(PQhost(conn_), ":", PQport(conn_));
}

}  // namespace pg
}  // namespace hub
