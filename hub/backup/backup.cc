#include "hub/backup/backup.h"

#include <filesystem>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "hub/oplog/oplog.h"
#include "rocksdb/env.h"
#include "rocksdb/utilities/backup_engine.h"

namespace hub {
namespace {

namespace fs = std::filesystem;

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  std::string msg = absl::StrCat(what, ": ", s.ToString());
  if (s.IsCorruption()) return absl::DataLossError(msg);
  if (s.IsNotFound()) return absl::NotFoundError(msg);
  return absl::UnavailableError(msg);
}

rocksdb::BackupEngineOptions EngineOptions(const std::string& dir) {
  rocksdb::BackupEngineOptions o(dir);
  o.sync = true;
  o.share_table_files = true;
  o.share_files_with_checksum_naming =
      rocksdb::BackupEngineOptions::kUseDbSessionId;
  return o;
}

BackupInfo FromRocksInfo(const rocksdb::BackupInfo& r) {
  BackupInfo b;
  b.id = r.backup_id;
  b.time_micros = r.timestamp * 1000000;
  b.bytes = r.size;
  b.files = r.number_files;
  absl::string_view meta = r.app_metadata;
  if (absl::ConsumePrefix(&meta, "log_head_at_start ")) {
    (void)absl::SimpleAtoi(meta, &b.log_head_at_start);
  }
  return b;
}

}  // namespace

BackupKeeper::BackupKeeper(RocksDbStore* store, const Hub* hub,
                           BackupOptions options)
    : store_(store), hub_(hub), options_(std::move(options)) {
  if (options_.interval > absl::ZeroDuration()) {
    periodic_ = std::thread([this] { Periodic(); });
  }
}

BackupKeeper::~BackupKeeper() {
  stop_.Notify();
  if (periodic_.joinable()) periodic_.join();
}

void BackupKeeper::Periodic() {
  while (!stop_.WaitForNotificationWithTimeout(options_.interval)) {
    absl::StatusOr<BackupInfo> b = Create();
    if (!b.ok())
      oplog::Warn("backup_failed").Str("dir", options_.dir).Status(b.status());
  }
}

absl::StatusOr<BackupInfo> BackupKeeper::Create() {
  absl::MutexLock lock(&mu_);
  if (store_->read_only()) {
    return absl::FailedPreconditionError(
        "backup: the store is read-only (the disk is full); free space first");
  }
  const absl::Time start = absl::Now();
  const uint64_t head = hub_->head().sequence;
  std::error_code ec;
  fs::create_directories(options_.dir, ec);
  rocksdb::BackupEngine* raw = nullptr;
  absl::Status s =
      FromRocks(rocksdb::BackupEngine::Open(EngineOptions(options_.dir),
                                            rocksdb::Env::Default(), &raw),
                absl::StrCat("backup: open ", options_.dir));
  if (!s.ok()) return s;
  std::unique_ptr<rocksdb::BackupEngine> engine(raw);
  rocksdb::BackupID id = 0;
  s = store_->WithDatabase([&](rocksdb::DB* db) {
    rocksdb::CreateBackupOptions o;
    o.flush_before_backup = false;  // the live WAL is copied instead
    return FromRocks(engine->CreateNewBackupWithMetadata(
                         o, db, absl::StrCat("log_head_at_start ", head), &id),
                     "backup");
  });
  if (!s.ok()) return s;
  if (options_.keep > 0) {
    s = FromRocks(engine->PurgeOldBackups(options_.keep), "backup: purge");
    if (!s.ok()) return s;
  }
  fs::create_directories(options_.dir + "/extra", ec);
  for (const std::string& f : options_.extra_files) {
    if (!fs::exists(f)) continue;
    fs::copy_file(f, options_.dir + "/extra/" + fs::path(f).filename().string(),
                  fs::copy_options::overwrite_existing, ec);
    if (ec) {
      return absl::UnavailableError(
          absl::StrCat("backup: cannot copy ", f, ": ", ec.message()));
    }
  }
  rocksdb::BackupInfo info;
  s = FromRocks(engine->GetBackupInfo(id, &info), "backup: info");
  if (!s.ok()) return s;
  BackupInfo out = FromRocksInfo(info);
  out.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  oplog::Info("backup")
      .Str("dir", options_.dir)
      .Uint("id", out.id)
      .Uint("log_head_at_start", out.log_head_at_start)
      .Uint("bytes", out.bytes)
      .Uint("files", out.files)
      .Num("seconds", out.seconds);
  return out;
}

absl::StatusOr<std::vector<BackupInfo>> ListBackups(const std::string& dir) {
  if (!fs::exists(dir + "/meta")) {
    return absl::NotFoundError(absl::StrCat("no backups in ", dir));
  }
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  absl::Status s =
      FromRocks(rocksdb::BackupEngineReadOnly::Open(
                    EngineOptions(dir), rocksdb::Env::Default(), &raw),
                absl::StrCat("backups: open ", dir));
  if (!s.ok()) return s;
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  std::vector<rocksdb::BackupInfo> infos;
  engine->GetBackupInfo(&infos);
  if (infos.empty()) {
    return absl::NotFoundError(absl::StrCat("no backups in ", dir));
  }
  std::vector<BackupInfo> out;
  for (const rocksdb::BackupInfo& i : infos) out.push_back(FromRocksInfo(i));
  return out;
}

absl::StatusOr<RestoreResult> RestoreBackup(const std::string& backup_dir,
                                            uint32_t id,
                                            const std::string& data_dir,
                                            const std::string& extra_dir) {
  const absl::Time start = absl::Now();
  std::error_code ec;
  if (fs::exists(data_dir, ec) && !fs::is_empty(data_dir, ec)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "restore: ", data_dir,
        " is not empty; restore into a new directory, then point hubd at it"));
  }
  absl::StatusOr<std::vector<BackupInfo>> all = ListBackups(backup_dir);
  if (!all.ok()) return all.status();
  RestoreResult result;
  bool found = false;
  for (const BackupInfo& b : *all) {
    if (id == 0 || b.id == id) {
      result.backup = b;
      found = true;
    }
  }
  if (!found) {
    return absl::NotFoundError(
        absl::StrCat("restore: no backup ", id, " in ", backup_dir));
  }
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  absl::Status s =
      FromRocks(rocksdb::BackupEngineReadOnly::Open(
                    EngineOptions(backup_dir), rocksdb::Env::Default(), &raw),
                absl::StrCat("restore: open ", backup_dir));
  if (!s.ok()) return s;
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  s = FromRocks(engine->VerifyBackup(result.backup.id,
                                     /*verify_with_checksum=*/true),
                absl::StrCat("restore: backup ", result.backup.id,
                             " fails its checksums"));
  if (!s.ok()) return s;
  s = FromRocks(
      engine->RestoreDBFromBackup(rocksdb::RestoreOptions(), result.backup.id,
                                  data_dir, data_dir),
      "restore");
  if (!s.ok()) return s;
  const std::string to = extra_dir.empty() ? data_dir : extra_dir;
  if (fs::exists(backup_dir + "/extra")) {
    fs::create_directories(to, ec);
    for (const auto& e : fs::directory_iterator(backup_dir + "/extra")) {
      const std::string target = to + "/" + e.path().filename().string();
      fs::copy_file(e.path(), target, fs::copy_options::overwrite_existing, ec);
      if (ec) {
        return absl::UnavailableError(absl::StrCat(
            "restore: cannot copy ", e.path().string(), ": ", ec.message()));
      }
      result.extra_files.push_back(target);
    }
  }
  result.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  return result;
}

absl::StatusOr<VerifiedRestore> RestoreAndVerify(const std::string& backup_dir,
                                                 uint32_t id,
                                                 const std::string& data_dir,
                                                 const HubOptions& hub_options,
                                                 const std::string& extra_dir) {
  VerifiedRestore out;
  absl::StatusOr<RestoreResult> r =
      RestoreBackup(backup_dir, id, data_dir, extra_dir);
  if (!r.ok()) return r.status();
  out.restore = *std::move(r);
  const absl::Time start = absl::Now();
  RocksDbOptions o;
  o.disk_reserve_bytes = 0;  // only reads here
  absl::StatusOr<std::unique_ptr<RocksDbStore>> store =
      RocksDbStore::Open(data_dir, o);
  if (!store.ok()) return store.status();
  absl::StatusOr<std::unique_ptr<Hub>> hub =
      Hub::Open(*std::move(store), hub_options);
  if (!hub.ok()) return hub.status();
  const LogHead head = (*hub)->head();
  out.log_head = head.sequence;
  out.log_head_hash = head.hash;
  out.log_crypto = (*hub)->log_crypto().Name();
  absl::StatusOr<ChainVerification> v =
      VerifyChain((*hub)->NewReaders().log, (*hub)->log_crypto(), 0, 0);
  if (!v.ok()) return v.status();
  out.chain_ok = v->ok;
  out.events_checked = v->events_checked;
  out.chain_problem = v->reason;
  out.verify_seconds = absl::ToDoubleSeconds(absl::Now() - start);
  return out;
}

}  // namespace hub
