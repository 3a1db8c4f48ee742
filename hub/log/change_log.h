// The change log: an append-only, SHA-256 hash-chained sequence of
// ChangeEvents in the kLog column, keyed by big-endian sequence number.
//
// Event n's hash is SHA-256(prev_hash || DeterministicBytes(event with hash
// cleared)), where prev_hash is event n-1's hash (empty for event 1). The
// head (last sequence and hash) is kept in kMeta under "log/head" and is
// written in the same batch as the events it covers.
#ifndef HUB_LOG_CHANGE_LOG_H_
#define HUB_LOG_CHANGE_LOG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "hub/store/store.h"
#include "hub/v1/model.pb.h"

namespace hub {

struct LogHead {
  uint64_t sequence = 0;  // 0 for an empty log
  std::string hash;       // hash of event `sequence`; empty for an empty log
};

// 8-byte big-endian key of sequence, so keys sort in sequence order.
std::string EncodeSequence(uint64_t sequence);
absl::StatusOr<uint64_t> DecodeSequence(absl::string_view key);

// Assigns event the sequence after head, links it to head's hash, computes
// its hash and advances *head. REQUIRES: event->hash() is empty.
void SealEvent(LogHead* head, v1::ChangeEvent* event);

// Hash event should have given its prev_hash and content.
std::string ComputeEventHash(const v1::ChangeEvent& event);

// Adds event (already sealed) and the new head to batch.
void AppendEvent(const v1::ChangeEvent& event, WriteBatch* batch);
void PutHead(const LogHead& head, WriteBatch* batch);

// Reads the head; an empty store has head {0, ""}.
absl::StatusOr<LogHead> ReadHead(const Store& store);

// Appends to *events up to limit events with sequence > after, in order.
absl::Status ReadEvents(const Store& store, uint64_t after, int limit,
                        std::vector<v1::ChangeEvent>* events);

struct ChainVerification {
  bool ok = true;
  uint64_t events_checked = 0;
  uint64_t first_bad_sequence = 0;  // set when !ok
  std::string reason;               // set when !ok
  std::string head_hash;            // hash of the last event checked
};

// Recomputes the chain over sequences [from, to] (to == 0: to the head).
// Reports the first event whose stored hash, link or sequence is wrong.
// Returns an error status only when the store cannot be read.
absl::StatusOr<ChainVerification> VerifyChain(const Store& store, uint64_t from,
                                              uint64_t to);

}  // namespace hub

#endif  // HUB_LOG_CHANGE_LOG_H_
