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
      key_(std::move(key)) {}

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

namespace {

// InvalidArgument naming field when size is past the log's size events.
absl::Status WithinLog(const char* field, uint64_t size, uint64_t log_size) {
  if (size <= log_size) return absl::OkStatus();
  return InvalidArgumentWithViolations(
      "bad request",
      {{field, absl::StrCat(size, " is past the head of the log (", log_size,
                            " events)")}});
}

}  // namespace

struct Auditor::Tree {
  LogReader log;
  StoredMerkleTree merkle;
  uint64_t size;
};

absl::StatusOr<Auditor::Tree> Auditor::OpenTree() const {
  LogReader log = hub_->NewReaders().log;
  HUB_ASSIGN_OR_RETURN(LogHead head, log.Head());
  HUB_ASSIGN_OR_RETURN(StoredMerkleTree merkle, log.Merkle());
  if (merkle.size() != head.sequence) {
    return absl::DataLossError(
        absl::StrCat("the stored Merkle tree covers ", merkle.size(),
                     " events but the log has ", head.sequence));
  }
  const uint64_t size = merkle.size();
  return Tree{std::move(log), std::move(merkle), size};
}

absl::StatusOr<v1::SignedCheckpoint> Auditor::SignCheckpoint(
    const MerkleNodes& tree, uint64_t tree_size) {
  HUB_ASSIGN_OR_RETURN(std::string root, MerkleRoot(crypto_, tree, tree_size));
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
  HUB_ASSIGN_OR_RETURN(Tree tree, OpenTree());
  HUB_RETURN_IF_ERROR(WithinLog("tree_size", tree_size, tree.size));
  return SignCheckpoint(tree.merkle, tree_size == 0 ? tree.size : tree_size);
}

absl::StatusOr<v1::InclusionProof> Auditor::ProveInclusion(
    const Principal& principal, uint64_t sequence, uint64_t tree_size) {
  std::shared_ptr<const Catalog> catalog = hub_->catalog();
  const AccessPolicy policy(*catalog);
  HUB_RETURN_IF_ERROR(policy.Check(principal, Action::kProveInclusion));
  HUB_ASSIGN_OR_RETURN(Tree tree, OpenTree());
  if (tree_size == 0) tree_size = tree.size;
  HUB_RETURN_IF_ERROR(WithinLog("tree_size", tree_size, tree.size));
  if (sequence == 0 || sequence > tree_size) {
    return InvalidArgumentWithViolations(
        "bad request",
        {{"sequence", absl::StrCat(sequence, " is not in a log of ", tree_size,
                                   " events")}});
  }
  v1::InclusionProof proof;
  absl::StatusOr<std::string> bytes = tree.log.ReadBytes(sequence);
  if (absl::IsNotFound(bytes.status())) {
    return absl::DataLossError(absl::StrCat("event ", sequence,
                                            " is missing from the log of ",
                                            tree.size, " events"));
  }
  if (!bytes.ok()) return bytes.status();
  proof.set_leaf_hash(crypto_.LeafHash(*bytes));
  v1::ChangeEvent event;
  if (!event.ParseFromString(*bytes)) {
    return absl::DataLossError(
        absl::StrCat("event ", sequence, " does not parse"));
  }
  if (policy.MayReadEvent(principal, event)) {
    // Otherwise the proof shows presence only: the leaf hash, not the event.
    *proof.mutable_event_bytes() = *std::move(bytes);
    *proof.mutable_event() = std::move(event);
  }
  // The tree was built from the events as committed: an event changed in
  // the store since comes with its committed path, and an independent
  // verifier finds that the changed bytes do not lead to the root.
  HUB_ASSIGN_OR_RETURN(
      std::vector<std::string> path,
      MerkleInclusionProof(crypto_, tree.merkle, sequence - 1, tree_size));
  HUB_ASSIGN_OR_RETURN(*proof.mutable_checkpoint(),
                       SignCheckpoint(tree.merkle, tree_size));
  proof.set_leaf_index(sequence - 1);
  for (std::string& p : path) proof.add_path(std::move(p));
  return proof;
}

absl::StatusOr<v1::ConsistencyProof> Auditor::ProveConsistency(
    const Principal& principal, uint64_t old_size, uint64_t new_size) {
  HUB_RETURN_IF_ERROR(AccessPolicy(*hub_->catalog())
                          .Check(principal, Action::kProveConsistency));
  HUB_ASSIGN_OR_RETURN(Tree tree, OpenTree());
  if (new_size == 0) new_size = tree.size;
  HUB_RETURN_IF_ERROR(WithinLog("new_size", new_size, tree.size));
  if (old_size > new_size) {
    return InvalidArgumentWithViolations(
        "bad request",
        {{"old_size", absl::StrCat(old_size, " is past new_size ", new_size)}});
  }
  HUB_ASSIGN_OR_RETURN(
      std::vector<std::string> path,
      MerkleConsistencyProof(crypto_, tree.merkle, old_size, new_size));
  v1::ConsistencyProof proof;
  HUB_ASSIGN_OR_RETURN(*proof.mutable_old_checkpoint(),
                       SignCheckpoint(tree.merkle, old_size));
  HUB_ASSIGN_OR_RETURN(*proof.mutable_new_checkpoint(),
                       SignCheckpoint(tree.merkle, new_size));
  for (std::string& p : path) proof.add_path(std::move(p));
  return proof;
}

}  // namespace hub
