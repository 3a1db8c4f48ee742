// Small helpers over the canonical model (hub/v1/model.proto) shared by the
// engine components: deterministic bytes for hashing and storage, SHA-256
// and readable record keys. (Storage keys: hub/schema/schema.h.)
#ifndef HUB_MODEL_MODEL_H_
#define HUB_MODEL_MODEL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message_lite.h"
#include "hub/v1/model.pb.h"

namespace hub {

// Human-readable key, e.g. "indicator primary_care_visit_share 350424 2024H1".
std::string RecordKeyToString(const v1::RecordKey& key);

// Serialization with deterministic map ordering; the same message always
// yields the same bytes in one build. Used for hashing and storage.
std::string DeterministicBytes(const google::protobuf::MessageLite& message);

// SHA-256 of data, 32 raw bytes.
std::string Sha256(absl::string_view data);

// Lower-case hex of raw bytes.
std::string ToHex(absl::string_view bytes);

}  // namespace hub

#endif  // HUB_MODEL_MODEL_H_
