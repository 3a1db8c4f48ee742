#include "hub/log/event_header.h"

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"

namespace hub {
namespace {

using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedInputStream;

// The field numbers of v1::ChangeEvent that EventHeader holds.
enum : uint32_t {
  kSequence = 1,
  kActor = 3,
  kKind = 4,
  kSubmission = 5,
  kRecordKey = 6,
  kLock = 13,
  kSubmissionBody = 21,
};
constexpr uint32_t kDepartment = 2;  // of Submission and SubmissionSummary

absl::Status Malformed() {
  return absl::DataLossError("malformed event: not protobuf wire format");
}

// Reads a length-delimited value at in's position into *out.
bool ReadBytes(CodedInputStream* in, absl::string_view message,
               absl::string_view* out) {
  uint32_t length = 0;
  if (!in->ReadVarint32(&length)) return false;
  const size_t at = static_cast<size_t>(in->CurrentPosition());
  if (length > message.size() - at || !in->Skip(static_cast<int>(length))) {
    return false;
  }
  *out = message.substr(at, length);
  return true;
}

CodedInputStream NewStream(absl::string_view message) {
  return CodedInputStream(reinterpret_cast<const uint8_t*>(message.data()),
                          static_cast<int>(message.size()));
}

}  // namespace

absl::StatusOr<EventHeader> ReadEventHeader(absl::string_view bytes) {
  EventHeader h;
  CodedInputStream in = NewStream(bytes);
  for (;;) {
    const size_t begin = static_cast<size_t>(in.CurrentPosition());
    const uint32_t tag = in.ReadTag();
    if (tag == 0) {
      if (begin != bytes.size()) return Malformed();  // a bad tag
      break;
    }
    const uint32_t number = WireFormatLite::GetTagFieldNumber(tag);
    const bool delimited = WireFormatLite::GetTagWireType(tag) ==
                           WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
    bool ok = true;
    if (number == kSequence && !delimited) {
      ok = in.ReadVarint64(&h.sequence);
    } else if (number == kKind && !delimited) {
      uint32_t kind = 0;
      ok = in.ReadVarint32(&kind);
      h.kind = static_cast<v1::EventKind>(kind);
    } else if (delimited && number == kActor) {
      ok = ReadBytes(&in, bytes, &h.actor);
    } else if (delimited && number == kSubmission) {
      ok = ReadBytes(&in, bytes, &h.submission);
    } else if (delimited && number == kRecordKey) {
      ok = ReadBytes(&in, bytes, &h.record_key);
      h.has_record_key = true;
    } else if (delimited && number == kLock) {
      ok = ReadBytes(&in, bytes, &h.lock);
      h.has_lock = true;
    } else if (delimited && number == kSubmissionBody) {
      ok = ReadBytes(&in, bytes, &h.submission_body);
    } else {
      ok = WireFormatLite::SkipField(&in, tag);
    }
    if (!ok) return Malformed();
  }
  return h;
}

absl::StatusOr<absl::string_view> ReadDepartment(absl::string_view message) {
  absl::string_view department;
  CodedInputStream in = NewStream(message);
  for (;;) {
    const size_t begin = static_cast<size_t>(in.CurrentPosition());
    const uint32_t tag = in.ReadTag();
    if (tag == 0) {
      if (begin != message.size()) return Malformed();  // a bad tag
      break;
    }
    bool ok;
    if (WireFormatLite::GetTagFieldNumber(tag) == kDepartment &&
        WireFormatLite::GetTagWireType(tag) ==
            WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      ok = ReadBytes(&in, message, &department);
    } else {
      ok = WireFormatLite::SkipField(&in, tag);
    }
    if (!ok) return Malformed();
  }
  return department;
}

}  // namespace hub
