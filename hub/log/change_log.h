// The change log: an append-only, SHA-256 hash-chained sequence of
// ChangeEvents in the kLog column, keyed by sequence number (the keys and
// the head's encoding: hub/schema/schema.h).
//
// Event n's hash is SHA-256(prev_hash || DeterministicBytes(event with hash
// cleared)), where prev_hash is event n-1's hash (empty for event 1). The
// head (last sequence and hash) is kept in kMeta and is written in the same
// batch as the events it covers.
//
// This header is the write side and the chain check; reading goes through
// LogReader (log_reader.h).
#ifndef HUB_LOG_CHANGE_LOG_H_
#define HUB_LOG_CHANGE_LOG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "hub/log/log_reader.h"
#include "hub/store/store.h"
#include "hub/v1/model.pb.h"

namespace hub {

// Assigns event the sequence after head, links it to head's hash, computes
// its hash and advances *head. REQUIRES: event->hash() is empty.
void SealEvent(LogHead* head, v1::ChangeEvent* event);

// Hash event should have given its prev_hash and content.
std::string ComputeEventHash(const v1::ChangeEvent& event);

// Adds event (already sealed) and the new head to batch.
void AppendEvent(const v1::ChangeEvent& event, WriteBatch* batch);
void PutHead(const LogHead& head, WriteBatch* batch);

struct ChainVerification {
  bool ok = true;
  uint64_t events_checked = 0;
  uint64_t first_bad_sequence = 0;  // set when !ok
  std::string reason;               // set when !ok
  std::string head_hash;            // hash of the last event checked
};

// Recomputes the chain over sequences [from, to] (to == 0: to the head) as
// log sees it. Reports the first event whose stored hash, link or sequence
// is wrong, or that is missing. Returns an error status only when the store
// cannot be read.
absl::StatusOr<ChainVerification> VerifyChain(const LogReader& log,
                                              uint64_t from, uint64_t to);

}  // namespace hub

#endif  // HUB_LOG_CHANGE_LOG_H_
