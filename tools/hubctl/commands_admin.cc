// hubctl's operator commands (issue 13) over AdminService: admin status,
// backup, backups, admin accept-rollback, in the chosen language
// (tools/hubctl/i18n.h). (Restoring is offline, on the server's machine:
// hubd --restore_from.)
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
#include "tools/hubctl/i18n.h"
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

// The time of a backup: UTC in English, Beijing time in Chinese.
std::string BackupTime(int64_t micros) {
  if (Zh()) return TimeText(micros);
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", absl::FromUnixMicros(micros),
                          absl::UTCTimeZone());
}

std::string Mib(uint64_t bytes) {
  return absl::StrCat(bytes / (1 << 20), " MiB");
}

// "log head     " / "日志头：    ": values line up in either language.
std::string Label(const char* zh, const char* en) {
  return Zh() ? FieldLabel(zh, en) : absl::StrFormat("%-13s", en);
}

// The rollback guard's outcome (HubStatus.rollback_check) as people read it.
std::string RollbackCheckText(const std::string& outcome) {
  if (!Zh()) return outcome;
  if (outcome == "no_checkpoint") return "尚无检查点";
  if (outcome == "consistent") return "一致";
  if (outcome == "went_backwards") return "日志倒退";
  if (outcome == "rewritten") return "日志被改写";
  return outcome;
}

void PrintStatus(const v1::HubStatus& s) {
  const bool refused = !s.writes_refused().empty() || !s.disk_full().empty();
  std::cout << Label("日志头", "log head") << s.log_head_sequence() << " "
            << absl::BytesToHexString(s.log_head_hash()) << "\n"
            << Label("日志密码", "log crypto") << s.log_crypto() << "\n"
            << Label("写入", "writes")
            << (refused ? Tr("拒绝", "REFUSED") : Tr("接受", "accepted"))
            << "\n";
  // The reasons are the server's words (English), as in its log.
  if (!s.writes_refused().empty())
    std::cout << "  " << s.writes_refused() << "\n";
  if (!s.disk_full().empty()) std::cout << "  " << s.disk_full() << "\n";
  std::cout << Label("存储", "store") << s.data_dir()
            << (s.read_only()
                    ? Tr("（只读：磁盘已满）", " (read-only: disk full)")
                    : "")
            << "\n"
            << Label("磁盘可用", "disk free") << Mib(s.disk_free_bytes())
            << Tr("（保留 ", " (reserve ") << Mib(s.disk_reserve_bytes())
            << Tr("）", ")") << "\n"
            << Label("启动恢复", "recovery") << s.wal_summary() << " ["
            << s.recovery_mode() << "]\n"
            << Label("检查点", "checkpoint")
            << RollbackCheckText(s.rollback_check()) << Tr("：", ": ")
            << s.rollback_message() << "\n"
            << Label("备份", "backups")
            << (s.backup_dir().empty() ? Tr("未配置（--backup_dir）",
                                            "not configured (--backup_dir)")
                                       : s.backup_dir())
            << "\n";
  for (const std::string& m : s.rocksdb_messages()) {
    std::cout << "  rocksdb: " << m << "\n";
  }
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
  PrintStatus(*s);
  return 0;
}

int Backup(HubClient& client, const Args&) {
  auto b = Call<v1::CreateBackupRequest, v1::Backup>(
      client, &v1::AdminService::Stub::CreateBackup, v1::CreateBackupRequest());
  if (!b.ok()) return Fail(b.status());
  if (Zh()) {
    std::cout << "备份 " << b->id() << "：" << b->files() << " 个文件，"
              << b->bytes() << " 字节，至少含 " << b->log_head_at_start()
              << " 条日志事件，用时 " << absl::StrFormat("%.2f", b->seconds())
              << " 秒" << std::endl;
    return 0;
  }
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
  Table t({Tr("编号", "id"), Tr("时间（北京时间）", "taken"),
           Tr("日志事件（至少）", "events (at least)"), Tr("文件", "files"),
           Tr("字节", "bytes")});
  for (const v1::Backup& b : r->backups()) {
    t.AddRow({absl::StrCat(b.id()), BackupTime(b.time_micros()),
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
  if (Zh()) {
    std::cout << "已接受回退：写入从日志序号 " << r->log_head_sequence()
              << " 之后继续；与之矛盾的检查点已存为 "
              << r->archived_checkpoint() << std::endl;
    return 0;
  }
  std::cout << "rollback accepted: writes go on from log head "
            << r->log_head_sequence() << "; the contradicted checkpoint is "
            << r->archived_checkpoint() << std::endl;
  return 0;
}

}  // namespace hubctl
}  // namespace hub
