// Surgery on serialized messages (the protobuf wire format), so that each
// message on the write path is encoded once.
//
// DeterministicBytes() (model.h) writes a message's fields in increasing
// field number, each as its own tag and value. So the bytes of a message
// with one more length-delimited field (a string, bytes or an embedded
// message) are the bytes without it, with that field's encoding inserted
// before the first field of a higher number; and an embedded message given
// as bytes encodes exactly as the message itself. The engine uses this to
// seal a change event around records and submissions it has already
// serialized, and to put a record's etag and an event's hash into bytes
// serialized without them, instead of copying and serializing again.
#ifndef HUB_MODEL_WIRE_H_
#define HUB_MODEL_WIRE_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hub {

// The offset in message (serialized, top-level fields in increasing field
// number) of the first field numbered above number: where a field numbered
// number goes. DataLoss when message is not well-formed wire format.
absl::StatusOr<size_t> FieldInsertionPoint(absl::string_view message,
                                           int number);

// Appends the encoding of length-delimited field number (its tag, the
// length, value) to *out.
void AppendLengthDelimitedField(int number, absl::string_view value,
                                std::string* out);

// Inserts length-delimited field number with value into *message at
// FieldInsertionPoint(). REQUIRES: *message has no field number.
absl::Status InsertLengthDelimitedField(int number, absl::string_view value,
                                        std::string* message);

// message without its top-level fields numbered number. DataLoss when it is
// not well-formed wire format.
absl::StatusOr<std::string> WithoutField(absl::string_view message, int number);

}  // namespace hub

#endif  // HUB_MODEL_WIRE_H_
