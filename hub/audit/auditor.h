// Auditor: the change log as a verifiable history (DESIGN.md section 5).
//
// Over a Hub, read through its readers (Hub::NewReaders()), the Auditor
// offers
//  * Replay: events in sequence order with filters, to a sequence or live;
//  * History and AsOf: every change of one record, and the record as the
//    hub knew it at a sequence number or a transaction time. The valid time
//    (the period the data is about) is part of the record key; the
//    transaction time is when the hub learned it;
//  * a Merkle tree over the log (hub/log/merkle.h), persisted in the store
//    with the events (hub/log/merkle_store.h) so that a checkpoint or proof
//    reads O(log n) nodes and nothing of it stays in memory, checkpoints
//    signed with the server's key, and inclusion and consistency proofs that
//    tools/verifier checks without trusting the server. Tree, checkpoints
//    and key follow the hub's log crypto (Hub::log_crypto(): SHA-256 and
//    Ed25519, or SM3 and SM2), which every checkpoint names;
//  * Rebuild: every merged record recomputed from the log into an empty
//    store by re-executing the logged inputs, compared byte for byte.
//
// History walks back from a record's last change through the `before`
// versions the RECORD_CHANGED events carry, so it needs no index of its own.
//
// Thread safety: all methods may be called concurrently.
//
// Who may do what is the access policy's (hub/access/access_policy.h).
//
// Status codes: PermissionDenied (role or jurisdiction), InvalidArgument
// (bad sequence or size), NotFound (no such record, or none yet at that
// point), DataLoss (the stored log is damaged), FailedPrecondition (the log
// lacks what a rebuild needs).
#ifndef HUB_AUDIT_AUDITOR_H_
#define HUB_AUDIT_AUDITOR_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "hub/crypto/log_crypto.h"
#include "hub/engine/hub.h"
#include "hub/log/merkle.h"
#include "hub/v1/audit.pb.h"

namespace hub {

struct AuditorOptions {
  // PEM private key of the log crypto's signature algorithm (Ed25519 or
  // SM2); created (with key_file + ".pub") when missing; another
  // algorithm's key is refused (InvalidArgument). Empty: a fresh key held
  // only in memory.
  std::string key_file;
  std::function<absl::Time()> clock = [] { return absl::Now(); };
  // A live replay waits for commits (Hub::WaitForCommit); while the log is
  // idle it looks at its client this often.
  absl::Duration follow_idle = absl::Seconds(1);
};

inline constexpr size_t kMaxReplayBatch = 10000;

struct ReplayOptions {
  uint64_t after_sequence = 0;
  uint64_t to_sequence = 0;  // 0: the head when the replay starts
  bool follow = false;       // with to_sequence 0: never ends by itself
  v1::ReplayFilter filter;
  // ReplayBatches: matching events per sink call, at most max_batch (0 is
  // 1; above kMaxReplayBatch is InvalidArgument) and at most
  // max_batch_bytes of them (an event larger goes alone). Only events the
  // principal may read (AccessPolicy::MayReadEvent, on their headers) are
  // sent.
  size_t max_batch = 1;
  size_t max_batch_bytes = 1 << 20;
};

// Receives each matching event, or (event == nullptr) progress; everything
// through resume_after has been considered. While following an idle log the
// progress call repeats with the same resume_after about every follow_idle,
// so a sink can notice a gone client; it need not forward repeats.
// Returns false to stop the replay.
using ReplaySink =
    std::function<bool(const v1::ChangeEvent* event, uint64_t resume_after)>;

// Receives matching events as stored (each the bytes of one
// v1::ChangeEvent, those the hash chain and the Merkle tree cover; valid
// during the call), possibly none for progress only; everything through
// resume_after has been considered. Progress repeats as for ReplaySink.
// Returns false to stop the replay.
using ReplayBatchSink = std::function<bool(absl::Span<const std::string> events,
                                           uint64_t resume_after)>;

class Auditor {
 public:
  // hub is borrowed and must outlive the Auditor.
  static absl::StatusOr<std::unique_ptr<Auditor>> Open(
      Hub* hub, AuditorOptions options = {});
  ~Auditor();

  // Streams the events principal may read (access_policy.h: its
  // jurisdiction's; a department's own) to sink until to_sequence, the sink
  // says stop, or (for follow without to_sequence) forever. Analysts may
  // not replay.
  absl::Status Replay(const Principal& principal, const ReplayOptions& options,
                      const ReplaySink& sink) const;
  // As Replay(), in batches of up to options.max_batch stored events,
  // filtered on their headers (hub/log/event_header.h) without parsing.
  absl::Status ReplayBatches(const Principal& principal,
                             const ReplayOptions& options,
                             const ReplayBatchSink& sink) const;

  // The events that changed key, oldest first. NotFound when no record.
  absl::StatusOr<std::vector<v1::ChangeEvent>> History(
      const Principal& principal, const v1::RecordKey& key) const;
  // The record as of request.sequence or request.time_micros.
  absl::StatusOr<v1::GetRecordAsOfResponse> AsOf(
      const Principal& principal,
      const v1::GetRecordAsOfRequest& request) const;

  // A checkpoint of the first tree_size events (0: all), signed now. Any
  // authenticated principal may have one: it reveals only a size and a root.
  // InvalidArgument naming tree_size past the log's head.
  absl::StatusOr<v1::SignedCheckpoint> Checkpoint(const Principal& principal,
                                                  uint64_t tree_size);
  // The proof that event `sequence` is in the first tree_size events. Public;
  // the event's bytes are in it only when principal may read the event, and
  // its leaf hash always.
  absl::StatusOr<v1::InclusionProof> ProveInclusion(const Principal& principal,
                                                    uint64_t sequence,
                                                    uint64_t tree_size);
  absl::StatusOr<v1::ConsistencyProof> ProveConsistency(
      const Principal& principal, uint64_t old_size, uint64_t new_size);

  // Auditors and the reform office; the differences listed are the records
  // of the principal's jurisdiction (the counts are the hub's). One rebuild
  // runs at a time: ResourceExhausted while another does.
  absl::StatusOr<v1::RebuildResponse> Rebuild(const Principal& principal,
                                              int max_differences) const;

  const std::string& public_key_pem() const;

 private:
  Auditor(Hub* hub, AuditorOptions options, std::unique_ptr<SigningKey> key);
  // The log and its Merkle tree as of one snapshot. DataLoss when the tree
  // does not cover the log.
  struct Tree;
  absl::StatusOr<Tree> OpenTree() const;
  absl::StatusOr<v1::SignedCheckpoint> SignCheckpoint(const MerkleNodes& tree,
                                                      uint64_t tree_size);

  Hub* const hub_;
  const AuditorOptions options_;
  const LogCrypto& crypto_;
  const std::unique_ptr<SigningKey> key_;
  mutable absl::Mutex rebuild_mu_;  // held by the one rebuild running
};

}  // namespace hub

#endif  // HUB_AUDIT_AUDITOR_H_
