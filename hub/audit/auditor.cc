// Auditor: opening, the Merkle tree over the log, checkpoints and proofs.
#include "hub/audit/auditor.h"

#include "absl/strings/str_cat.h"
#include "hub/access/access_policy.h"
#include "hub/audit/internal/signer.h"
#include "hub/audit/internal/versions.h"
#include "hub/common/cst_time.h"
#include "hub/common/status_macros.h"
#include "hub/log/change_log.h"
#include "hub/model/errors.h"

namespace hub {

using access::AccessPolicy;
using access::Action;

Auditor::Auditor(Hub* hub, AuditorOptions options,
                 std::unique_ptr<SigningKey> key)
    : hub_(hub),
      options_(std::move(options)),
      crypto_(hub->log_crypto()),
      key_(std::move(key)),
      tree_(hub->log_crypto()) {}

Auditor::~Auditor() = default;

absl::StatusOr<std::unique_ptr<Auditor>> Auditor::Open(Hub* hub,
                                                       AuditorOptions options) {
  const LogCrypto& crypto = hub->log_crypto();
  std::unique_ptr<SigningKey> key;
  if (options.key_file.empty()) {
    HUB_ASSIGN_OR_RETURN(key, crypto.GenerateKey());
  } else {
    HUB_ASSIGN_OR_RETURN(key,
                         internal::LoadOrCreateKey(crypto, options.key_file));
  }
  return std::unique_ptr<Auditor>(
      new Auditor(hub, std::move(options), std::move(key)));
}

const std::string& Auditor::public_key_pem() const {
  return key_->public_key_pem();
}

absl::StatusOr<uint64_t> Auditor::SyncTree() {
  const LogReader log = hub_->NewReaders().log;
  HUB_ASSIGN_OR_RETURN(LogHead head, log.Head());
  absl::MutexLock lock(&tree_mu_);
  if (tree_.size() >= head.sequence) return tree_.size();
  std::unique_ptr<LogIterator> it =
      log.NewIterator(tree_.size(), head.sequence);
  for (; it->Valid(); it->Next()) {
    tree_.AppendLeafHash(crypto_.LeafHash(it->bytes()));
  }
  HUB_RETURN_IF_ERROR(it->status());
  if (tree_.size() < head.sequence) {
    return absl::DataLossError(absl::StrCat(
        "log ends at ", tree_.size(), " but the head says ", head.sequence));
  }
  return tree_.size();
}

absl::StatusOr<v1::SignedCheckpoint> Auditor::SignCheckpoint(
    uint64_t tree_size) {
  HUB_ASSIGN_OR_RETURN(std::string root, tree_.Root(tree_size));
  v1::SignedCheckpoint cp;
  cp.set_tree_size(tree_size);
  cp.set_root_hash(root);
  cp.set_time_micros(ToUnixMicros(options_.clock()));
  cp.set_text(
      internal::CheckpointText(crypto_, tree_size, root, cp.time_micros()));
  HUB_ASSIGN_OR_RETURN(*cp.mutable_signature(), key_->Sign(cp.text()));
  cp.set_key_id(key_->key_id());
  cp.set_public_key_pem(key_->public_key_pem());
  cp.set_log_crypto(crypto_.Name());
  return cp;
}

absl::StatusOr<v1::SignedCheckpoint> Auditor::Checkpoint(
    const Principal& principal, uint64_t tree_size) {
  HUB_RETURN_IF_ERROR(
      AccessPolicy(*hub_->catalog()).Check(principal, Action::kReadCheckpoint));
  HUB_ASSIGN_OR_RETURN(uint64_t size, SyncTree());
  if (tree_size > size) {
    return InvalidArgumentWithViolations(
        "bad request", {{"tree_size", absl::StrCat(tree_size,
                                                   " is past the head of the "
                                                   "log (",
                                                   size, " events)")}});
  }
  absl::ReaderMutexLock lock(&tree_mu_);
  return SignCheckpoint(tree_size == 0 ? size : tree_size);
}

absl::StatusOr<v1::InclusionProof> Auditor::ProveInclusion(
    const Principal& principal, uint64_t sequence, uint64_t tree_size) {
  std::shared_ptr<const Catalog> catalog = hub_->catalog();
  const AccessPolicy policy(*catalog);
  HUB_RETURN_IF_ERROR(policy.Check(principal, Action::kProveInclusion));
  HUB_ASSIGN_OR_RETURN(uint64_t size, SyncTree());
  if (tree_size == 0) tree_size = size;
  if (tree_size > size) {
    return InvalidArgumentWithViolations(
        "bad request",
        {{"tree_size", absl::StrCat(tree_size, " is past the head of the log (",
                                    size, " events)")}});
  }
  if (sequence == 0 || sequence > tree_size) {
    return InvalidArgumentWithViolations(
        "bad request",
        {{"sequence", absl::StrCat(sequence, " is not in a log of ", tree_size,
                                   " events")}});
  }
  v1::InclusionProof proof;
  HUB_ASSIGN_OR_RETURN(std::string bytes,
                       hub_->NewReaders().log.ReadBytes(sequence));
  proof.set_leaf_hash(crypto_.LeafHash(bytes));
  v1::ChangeEvent event;
  if (!event.ParseFromString(bytes)) {
    return absl::DataLossError(
        absl::StrCat("event ", sequence, " does not parse"));
  }
  if (policy.MayReadEvent(principal, event)) {
    // Otherwise the proof shows presence only: the leaf hash, not the event.
    *proof.mutable_event_bytes() = std::move(bytes);
    *proof.mutable_event() = std::move(event);
  }
  absl::ReaderMutexLock lock(&tree_mu_);
  HUB_ASSIGN_OR_RETURN(std::vector<std::string> path,
                       tree_.InclusionProof(sequence - 1, tree_size));
  HUB_ASSIGN_OR_RETURN(*proof.mutable_checkpoint(), SignCheckpoint(tree_size));
  proof.set_leaf_index(sequence - 1);
  for (std::string& p : path) proof.add_path(std::move(p));
  return proof;
}

absl::StatusOr<v1::ConsistencyProof> Auditor::ProveConsistency(
    const Principal& principal, uint64_t old_size, uint64_t new_size) {
  HUB_RETURN_IF_ERROR(AccessPolicy(*hub_->catalog())
                          .Check(principal, Action::kProveConsistency));
  HUB_ASSIGN_OR_RETURN(uint64_t size, SyncTree());
  if (new_size == 0) new_size = size;
  if (new_size > size || old_size > new_size) {
    return InvalidArgumentWithViolations(
        "bad request",
        {new_size > size
             ? FieldViolation{"new_size", absl::StrCat(new_size,
                                                       " is past the head of "
                                                       "the log (",
                                                       size, " events)")}
             : FieldViolation{
                   "old_size",
                   absl::StrCat(old_size, " is past new_size ", new_size)}});
  }
  absl::ReaderMutexLock lock(&tree_mu_);
  HUB_ASSIGN_OR_RETURN(std::vector<std::string> path,
                       tree_.ConsistencyProof(old_size, new_size));
  v1::ConsistencyProof proof;
  HUB_ASSIGN_OR_RETURN(*proof.mutable_old_checkpoint(),
                       SignCheckpoint(old_size));
  HUB_ASSIGN_OR_RETURN(*proof.mutable_new_checkpoint(),
                       SignCheckpoint(new_size));
  for (std::string& p : path) proof.add_path(std::move(p));
  return proof;
}

}  // namespace hub
