#include "hub/rollback/rollback_guard.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "hub/audit/proof_text.h"
#include "hub/common/file_util.h"
#include "hub/common/status_macros.h"
#include "hub/oplog/oplog.h"
#include "hub/rollback/head_file.h"

namespace hub {
namespace {

std::string Utc(int64_t micros) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixMicros(micros),
                          absl::UTCTimeZone());
}

// The principal the guard signs checkpoints as: checkpoints are public.
Principal GuardPrincipal() {
  Principal p;
  p.role = Role::kAuditor;
  p.region = "000000";
  return p;
}

}  // namespace

const char* OutcomeName(RollbackCheck::Outcome outcome) {
  switch (outcome) {
    case RollbackCheck::Outcome::kNoCheckpoint:
      return "no_checkpoint";
    case RollbackCheck::Outcome::kConsistent:
      return "consistent";
    case RollbackCheck::Outcome::kWentBackwards:
      return "went_backwards";
    case RollbackCheck::Outcome::kRewritten:
      return "rewritten";
  }
  return "unknown";
}

RollbackGuard::RollbackGuard(Hub* hub, Auditor* auditor,
                             RollbackGuardOptions options)
    : hub_(hub), auditor_(auditor), options_(std::move(options)) {}

RollbackGuard::~RollbackGuard() {
  stop_.Notify();
  if (keeper_.joinable()) keeper_.join();
}

absl::StatusOr<std::unique_ptr<RollbackGuard>> RollbackGuard::Open(
    Hub* hub, Auditor* auditor, RollbackGuardOptions options) {
  std::error_code ec;
  std::filesystem::create_directories(options.dir, ec);
  std::unique_ptr<RollbackGuard> guard(
      new RollbackGuard(hub, auditor, std::move(options)));
  HUB_RETURN_IF_ERROR(guard->Check());
  guard->keeper_ = std::thread([g = guard.get()] { g->Keep(); });
  return guard;
}

absl::Status RollbackGuard::Check() {
  const std::string path = options_.dir + "/latest.head";
  const LogHead head = hub_->head();
  check_.log_head = head.sequence;
  if (!std::filesystem::exists(path)) {
    check_.outcome = RollbackCheck::Outcome::kNoCheckpoint;
    check_.message =
        absl::StrCat("no checkpoint kept in ", options_.dir,
                     " yet; the log has ", head.sequence, " events");
    return absl::OkStatus();
  }
  HUB_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  absl::StatusOr<internal::StoredHead> stored = internal::ParseHead(text);
  if (!stored.ok()) {
    return absl::DataLossError(
        absl::StrCat(path, ": ", stored.status().message()));
  }
  check_.stored_size = stored->size;
  check_.stored_time_micros = stored->time_micros;
  // The hash of the log's event at the stored size, when the log has one.
  std::string hash_there;
  if (stored->size <= head.sequence && stored->size > 0) {
    absl::StatusOr<v1::ChangeEvent> event =
        hub_->NewReaders().log.Read(stored->size);
    if (event.ok()) {
      hash_there = event->hash();
    } else if (!absl::IsNotFound(event.status())) {
      return event.status();
    }
  }
  const std::string what = absl::StrCat(
      "the newest checkpoint kept outside the store (", path, ", written ",
      Utc(stored->time_micros), ") covers ", stored->size, " events");
  if (stored->size > head.sequence) {
    check_.outcome = RollbackCheck::Outcome::kWentBackwards;
    check_.message = absl::StrCat(
        "the change log went backwards: ", what, " but the log has only ",
        head.sequence, "; events ", head.sequence + 1, "..", stored->size,
        " were lost (a damaged write-ahead log salvaged, or an older copy of "
        "the store)");
  } else if (stored->size > 0 && hash_there != stored->event_hash) {
    check_.outcome = RollbackCheck::Outcome::kRewritten;
    check_.message =
        absl::StrCat("the change log was rewritten: ", what, " but event ",
                     stored->size, " in the log has another hash");
  } else {
    check_.outcome = RollbackCheck::Outcome::kConsistent;
    check_.message = absl::StrCat(what, "; the log holds them and has ",
                                  head.sequence, " events");
    absl::MutexLock lock(&mu_);
    stored_ = stored->size;
    return absl::OkStatus();
  }
  hub_->RefuseWrites(absl::FailedPreconditionError(absl::StrCat(
      "writes refused: ", check_.message,
      ". Reads go on. An operator decides: restore a backup (hubd "
      "--restore_from), or go on from the log as it is with `hubctl admin "
      "accept-rollback --reason TEXT` (or hubd --accept_log_rollback)")));
  absl::MutexLock lock(&mu_);
  refusing_ = true;
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> RollbackGuard::Store(bool force) {
  const LogHead head = hub_->head();
  {
    absl::MutexLock lock(&mu_);
    if (refusing_) return stored_;
    if (!force && head.sequence == stored_) return stored_;
  }
  internal::StoredHead stored{head.sequence, head.hash,
                              absl::ToUnixMicros(absl::Now())};
  absl::Status s = internal::WriteFileDurably(options_.dir + "/latest.head",
                                              internal::FormatHead(stored));
  if (s.ok() && head.sequence > 0) {
    absl::StatusOr<v1::SignedCheckpoint> cp =
        auditor_->Checkpoint(GuardPrincipal(), head.sequence);
    s = cp.ok()
            ? internal::WriteFileDurably(options_.dir + "/latest.checkpoint",
                                         CheckpointFileText(*cp))
            : cp.status();
  }
  absl::MutexLock lock(&mu_);
  if (!s.ok()) {
    if (!warned_) {  // once until it works again (a full disk, say)
      warned_ = true;
      oplog::Warn("checkpoint_not_kept").Status(s);
    }
    return s;
  }
  warned_ = false;
  stored_ = head.sequence;
  return head.sequence;
}

absl::StatusOr<uint64_t> RollbackGuard::WriteNow() { return Store(false); }

void RollbackGuard::Keep() {
  while (!stop_.WaitForNotificationWithTimeout(options_.interval)) {
    Store(false).IgnoreError();
  }
}

absl::StatusOr<std::string> RollbackGuard::AcceptRollback(
    const std::string& who, const std::string& reason) {
  if (reason.empty()) {
    return absl::InvalidArgumentError(
        "reason: accepting a rollback needs a reason, for the record");
  }
  {
    absl::MutexLock lock(&mu_);
    if (!refusing_) {
      return absl::FailedPreconditionError(
          "writes are not refused for a log that went backwards; nothing to "
          "accept");
    }
  }
  const std::string archived = absl::StrCat(
      options_.dir, "/rolled-back-", check_.stored_size, "-",
      absl::FormatTime("%Y%m%dT%H%M%SZ", absl::Now(), absl::UTCTimeZone()));
  std::error_code ec;
  for (const char* ext : {".head", ".checkpoint"}) {
    if (std::filesystem::exists(options_.dir + "/latest" + ext)) {
      std::filesystem::rename(options_.dir + "/latest" + ext, archived + ext,
                              ec);
      if (ec) {
        return absl::UnavailableError(absl::StrCat("cannot archive ",
                                                   options_.dir, "/latest", ext,
                                                   ": ", ec.message()));
      }
    }
  }
  std::ofstream(options_.dir + "/decisions.log", std::ios::app)
      << absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(),
                          absl::UTCTimeZone())
      << " accepted rollback by " << who << ": log head "
      << hub_->head().sequence << ", checkpoint had " << check_.stored_size
      << " events (kept as " << archived << ".*); reason: " << reason << "\n";
  {
    absl::MutexLock lock(&mu_);
    refusing_ = false;
    stored_ = 0;
  }
  hub_->AllowWrites();
  HUB_RETURN_IF_ERROR(Store(/*force=*/true).status());
  oplog::Warn("rollback_accepted")
      .Str("by", who)
      .Str("reason", reason)
      .Uint("log_head", hub_->head().sequence)
      .Uint("checkpoint_size", check_.stored_size)
      .Str("archived", archived);
  return archived + ".checkpoint";
}

}  // namespace hub
