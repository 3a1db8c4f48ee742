// LogReader: read-only access to the change log (change_log.h) as of one
// consistent snapshot of the store.
//
// Every reader of the log goes through it: the engine's ListEvents,
// VerifyChain and start-up, and the auditor's replay, history, as-of, Merkle
// tree and rebuild. A reader sees the events and the head of one moment;
// events appended later are not seen (take a new reader for them).
//
// Thread safety: a LogReader is immutable and its methods may be called
// concurrently. A LogIterator belongs to one thread.
//
// Status codes: NotFound (no such event), DataLoss (the stored log is
// damaged: a missing event, bytes that do not parse, an event stored under
// another sequence's key, a malformed key or head), or the store's error.
#ifndef HUB_LOG_LOG_READER_H_
#define HUB_LOG_LOG_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hub/crypto/log_crypto.h"
#include "hub/log/merkle_store.h"
#include "hub/store/store.h"
#include "hub/v1/model.pb.h"

namespace hub {

struct LogHead {
  uint64_t sequence = 0;  // 0 for an empty log
  std::string hash;       // hash of event `sequence`; empty for an empty log
};

// Iterates stored events in sequence order over a contiguous range. It
// stops (Valid() false, status() DataLoss "event N is missing from the log;
// next stored is M") at the first sequence that is not stored while a later
// one is, so a caller never skips a deleted event unknowingly. Reaching the
// end of the stored log is not an error: a caller that needs the range to
// reach a given sequence checks sequence() of the last event it saw.
class LogIterator {
 public:
  ~LogIterator();
  LogIterator(const LogIterator&) = delete;
  LogIterator& operator=(const LogIterator&) = delete;

  // True while positioned at an event of the range; false past its end, at
  // the end of the stored log, and after an error (see status()).
  bool Valid() const;
  // Moves to the next event. REQUIRES: Valid().
  void Next();
  // The current event's sequence (from its key). REQUIRES: Valid().
  uint64_t sequence() const;
  // The current event's stored bytes: what the hash chain and the Merkle
  // tree cover. Valid until Next(). REQUIRES: Valid().
  absl::string_view bytes() const;
  // The current event, parsed. DataLoss when its bytes do not parse or it
  // names another sequence than its key. REQUIRES: Valid().
  absl::StatusOr<v1::ChangeEvent> event() const;
  // OK unless the iteration stopped at damage or a store error.
  absl::Status status() const;

 private:
  friend class LogReader;
  LogIterator(std::unique_ptr<Iterator> it, uint64_t after, uint64_t to);
  void Check();  // validates the position the store iterator is at

  std::unique_ptr<Iterator> it_;
  uint64_t next_;  // the sequence the current position must have
  uint64_t to_;    // last sequence of the range; 0: no limit
  uint64_t sequence_ = 0;
  bool valid_ = false;
  absl::Status status_;
};

class LogReader {
 public:
  // Reads the log as of snapshot (shared; kept alive by the reader and its
  // iterators).
  explicit LogReader(std::shared_ptr<const Snapshot> snapshot);

  // The head as of the snapshot: {0, ""} for an empty log. The events
  // 1..head.sequence are all in the snapshot (the head is written in the
  // same batch as the events it covers).
  absl::StatusOr<LogHead> Head() const;

  // The crypto suite that chains the log (hub/crypto/log_crypto.h), as the
  // store records it (hub/schema/schema.h LogCryptoKey()), or, for a store
  // written before suites were recorded, sha256-ed25519 (what every log was
  // then). nullptr for a store with neither a record nor events. DataLoss
  // when the recorded name is no known suite.
  absl::StatusOr<const LogCrypto*> Crypto() const;

  // The stored bytes of event sequence; NotFound when there is none.
  absl::StatusOr<std::string> ReadBytes(uint64_t sequence) const;
  // Event sequence: NotFound when there is none, DataLoss when it does not
  // parse or names another sequence.
  absl::StatusOr<v1::ChangeEvent> Read(uint64_t sequence) const;

  // Up to limit (> 0) events with sequence > after, in order; fewer at the
  // end of the log. DataLoss at a missing or damaged event.
  absl::StatusOr<std::vector<v1::ChangeEvent>> ReadBatch(uint64_t after,
                                                         int limit) const;

  // An iterator over events after+1 .. to (to == 0: to the end of the
  // stored log), positioned at the first of them.
  std::unique_ptr<LogIterator> NewIterator(uint64_t after,
                                           uint64_t to = 0) const;

  // The persisted Merkle tree as of the snapshot (merkle_store.h). Once a
  // hub has opened the store it covers exactly the events 1..Head().
  absl::StatusOr<StoredMerkleTree> Merkle() const {
    return StoredMerkleTree::Open(snapshot_);
  }

  // The largest sequence <= up_to whose transaction time is <= time_micros
  // (0 when event 1 is later). Transaction times never decrease along the
  // log, so this is a binary search. REQUIRES: events 1..up_to exist.
  absl::StatusOr<uint64_t> SequenceAtTime(uint64_t up_to,
                                          int64_t time_micros) const;

 private:
  std::shared_ptr<const Snapshot> snapshot_;
};

}  // namespace hub

#endif  // HUB_LOG_LOG_READER_H_
