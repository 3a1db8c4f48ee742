// The change log: an append-only, hash-chained sequence of ChangeEvents in
// the kLog column, keyed by sequence number (the keys and the head's
// encoding: hub/schema/schema.h).
//
// Event n's hash is H(prev_hash || DeterministicBytes(event with hash
// cleared)), where prev_hash is event n-1's hash (empty for event 1) and H
// is the hash of the log's crypto suite (hub/crypto/log_crypto.h: SHA-256
// by default, SM3 for "sm3-sm2"). The head (last sequence and hash) is kept
// in kMeta and is written in the same batch as the events it covers. The
// suite's name is kept in kMeta too, written once before the first event;
// one log never mixes suites.
//
// This header is the write side and the chain check; reading (including
// the recorded suite, LogReader::Crypto()) goes through LogReader
// (log_reader.h).
#ifndef HUB_LOG_CHANGE_LOG_H_
#define HUB_LOG_CHANGE_LOG_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "hub/crypto/log_crypto.h"
#include "hub/log/log_reader.h"
#include "hub/store/store.h"
#include "hub/v1/model.pb.h"

namespace hub {

// Assigns event the sequence after head, links it to head's hash, computes
// its hash with crypto and advances *head. REQUIRES: event->hash() is empty.
void SealEvent(const LogCrypto& crypto, LogHead* head, v1::ChangeEvent* event);

// Hash event should have given its prev_hash and content.
std::string ComputeEventHash(const LogCrypto& crypto,
                             const v1::ChangeEvent& event);

// A field of an event given as the serialized bytes of its message (e.g.
// the record after a change, as it is stored), so it is not copied into the
// event and serialized again.
struct EncodedField {
  int number;  // e.g. v1::ChangeEvent::kAfterFieldNumber
  absl::string_view bytes;
};

// Seals event after *head as SealEvent() does and returns the bytes to
// store: DeterministicBytes() of the event with the embedded fields set,
// serialized once and hashed without a copy (hub/model/wire.h). The
// embedded fields are not set on *event. REQUIRES: event->hash() is empty
// and no field of embedded is set on *event.
std::string SealEncoded(const LogCrypto& crypto, LogHead* head,
                        v1::ChangeEvent* event,
                        std::initializer_list<EncodedField> embedded = {});

// The hash the event stored as bytes should carry after prev_hash: H(prev
// || bytes without their hash field). For bytes SealEncoded() wrote this is
// ComputeEventHash() of the parsed event; any other change of the bytes
// changes it. DataLoss when bytes are not well-formed.
absl::StatusOr<std::string> StoredEventHash(const LogCrypto& crypto,
                                            absl::string_view prev_hash,
                                            absl::string_view bytes);

// Settles the log's suite when a hub opens store (the recorded one:
// LogReader::Crypto()), and records it (synced) when the store did not.
// requested nullptr means the recorded suite, or sha256-ed25519 for a new
// store. A different suite than the recorded one
// is accepted only on an empty log (it replaces the record); on a log with
// events it is refused with FailedPrecondition naming both suites.
absl::StatusOr<const LogCrypto*> OpenLogCrypto(Store* store,
                                               const LogCrypto* requested);

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

// Recomputes the chain with crypto over sequences [from, to] (to == 0: to
// the head) as log sees it. Reports the first event whose stored hash,
// link or sequence is wrong, or that is missing. Returns an error status
// only when the store cannot be read.
absl::StatusOr<ChainVerification> VerifyChain(const LogReader& log,
                                              const LogCrypto& crypto,
                                              uint64_t from, uint64_t to);

}  // namespace hub

#endif  // HUB_LOG_CHANGE_LOG_H_
