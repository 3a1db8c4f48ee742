// hubctl's operator commands (issue 13) over AdminService: admin status,
// backup, backups, admin accept-rollback. (Restoring is offline, on the
// server's machine: hubd --restore_from.)
#include <iostream>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "hub/transport/grpc_status.h"
#include "hub/v1/admin.grpc.pb.h"
#include "tools/hubctl/commands_internal.h"
#include "tools/hubctl/format.h"
#include "tools/hubctl/table.h"

ABSL_DECLARE_FLAG(bool, json);
ABSL_DECLARE_FLAG(std::string, reason);

namespace hub {
namespace hubctl {
namespace {

template <typename Request, typename Response, typename Method>
absl::StatusOr<Response> Call(HubClient& client, Method method,
                              const Request& request) {
  auto stub = v1::AdminService::NewStub(client.channel());
  grpc::ClientContext ctx;
  client.Prepare(&ctx);
  Response response;
  grpc::Status s = ((*stub).*method)(&ctx, request, &response);
  if (!s.ok()) return FromGrpcStatus(s);
  return response;
}

std::string Utc(int64_t micros) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", absl::FromUnixMicros(micros),
                          absl::UTCTimeZone());
}

std::string Mib(uint64_t bytes) {
  return absl::StrCat(bytes / (1 << 20), " MiB");
}

}  // namespace

int AdminStatus(HubClient& client, const Args&) {
  auto s = Call<v1::GetStatusRequest, v1::HubStatus>(
      client, &v1::AdminService::Stub::GetStatus, v1::GetStatusRequest());
  if (!s.ok()) return Fail(s.status());
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << ToJsonLine(*s) << std::endl;
    return 0;
  }
  std::cout << "log head     " << s->log_head_sequence() << " "
            << absl::BytesToHexString(s->log_head_hash()) << "\n"
            << "writes       "
            << (s->writes_refused().empty() && s->disk_full().empty()
                    ? "accepted"
                    : "REFUSED")
            << "\n";
  if (!s->writes_refused().empty())
    std::cout << "  " << s->writes_refused() << "\n";
  if (!s->disk_full().empty()) std::cout << "  " << s->disk_full() << "\n";
  std::cout << "store        " << s->data_dir()
            << (s->read_only() ? " (read-only: disk full)" : "") << "\n"
            << "disk free    " << Mib(s->disk_free_bytes()) << " (reserve "
            << Mib(s->disk_reserve_bytes()) << ")\n"
            << "recovery     " << s->wal_summary() << " [" << s->recovery_mode()
            << "]\n"
            << "checkpoint   " << s->rollback_check() << ": "
            << s->rollback_message() << "\n"
            << "backups      "
            << (s->backup_dir().empty() ? "not configured (--backup_dir)"
                                        : s->backup_dir())
            << "\n";
  for (const std::string& m : s->rocksdb_messages()) {
    std::cout << "  rocksdb: " << m << "\n";
  }
  return 0;
}

int Backup(HubClient& client, const Args&) {
  auto b = Call<v1::CreateBackupRequest, v1::Backup>(
      client, &v1::AdminService::Stub::CreateBackup, v1::CreateBackupRequest());
  if (!b.ok()) return Fail(b.status());
  std::cout << "backup " << b->id() << ": " << b->files() << " files, "
            << b->bytes() << " bytes, at least " << b->log_head_at_start()
            << " log events, in " << absl::StrFormat("%.2f", b->seconds())
            << " s" << std::endl;
  return 0;
}

int Backups(HubClient& client, const Args&) {
  auto r = Call<v1::ListBackupsRequest, v1::ListBackupsResponse>(
      client, &v1::AdminService::Stub::ListBackups, v1::ListBackupsRequest());
  if (!r.ok()) return Fail(r.status());
  Table t({"id", "taken", "events (at least)", "files", "bytes"});
  for (const v1::Backup& b : r->backups()) {
    t.AddRow({absl::StrCat(b.id()), Utc(b.time_micros()),
              absl::StrCat(b.log_head_at_start()), absl::StrCat(b.files()),
              absl::StrCat(b.bytes())});
  }
  std::cout << r->backup_dir() << "\n" << t.Render();
  return 0;
}

int AcceptRollback(HubClient& client, const Args&) {
  v1::AcceptRollbackRequest request;
  request.set_reason(absl::GetFlag(FLAGS_reason));
  auto r = Call<v1::AcceptRollbackRequest, v1::AcceptRollbackResponse>(
      client, &v1::AdminService::Stub::AcceptRollback, request);
  if (!r.ok()) return Fail(r.status());
  std::cout << "rollback accepted: writes go on from log head "
            << r->log_head_sequence() << "; the contradicted checkpoint is "
            << r->archived_checkpoint() << std::endl;
  return 0;
}

}  // namespace hubctl
}  // namespace hub
