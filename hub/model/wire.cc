#include "hub/model/wire.h"

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"

namespace hub {
namespace {

using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedInputStream;

// Calls visit(number, begin, end) for each top-level field of message, in
// order; stops when visit returns false. DataLoss on malformed bytes.
template <typename Visit>
absl::Status ForEachField(absl::string_view message, Visit visit) {
  CodedInputStream in(reinterpret_cast<const uint8_t*>(message.data()),
                      static_cast<int>(message.size()));
  for (;;) {
    const size_t begin = static_cast<size_t>(in.CurrentPosition());
    const uint32_t tag = in.ReadTag();
    if (tag == 0) {
      if (begin != message.size()) {
        return absl::DataLossError("malformed message: bad tag");
      }
      return absl::OkStatus();
    }
    if (!WireFormatLite::SkipField(&in, tag)) {
      return absl::DataLossError("malformed message: truncated field");
    }
    const size_t end = static_cast<size_t>(in.CurrentPosition());
    if (!visit(static_cast<int>(WireFormatLite::GetTagFieldNumber(tag)), begin,
               end)) {
      return absl::OkStatus();
    }
  }
}

}  // namespace

absl::StatusOr<size_t> FieldInsertionPoint(absl::string_view message,
                                           int number) {
  size_t at = message.size();
  absl::Status s = ForEachField(message, [&](int n, size_t begin, size_t) {
    if (n <= number) return true;
    at = begin;
    return false;
  });
  if (!s.ok()) return s;
  return at;
}

void AppendLengthDelimitedField(int number, absl::string_view value,
                                std::string* out) {
  uint8_t buf[20];
  uint8_t* p = buf;
  p = google::protobuf::io::CodedOutputStream::WriteVarint32ToArray(
      WireFormatLite::MakeTag(number,
                              WireFormatLite::WIRETYPE_LENGTH_DELIMITED),
      p);
  p = google::protobuf::io::CodedOutputStream::WriteVarint32ToArray(
      static_cast<uint32_t>(value.size()), p);
  out->append(reinterpret_cast<const char*>(buf), p - buf);
  out->append(value.data(), value.size());
}

absl::Status InsertLengthDelimitedField(int number, absl::string_view value,
                                        std::string* message) {
  absl::StatusOr<size_t> at = FieldInsertionPoint(*message, number);
  if (!at.ok()) return at.status();
  std::string field;
  AppendLengthDelimitedField(number, value, &field);
  message->insert(*at, field);
  return absl::OkStatus();
}

absl::StatusOr<std::string> WithoutField(absl::string_view message,
                                         int number) {
  std::string out;
  out.reserve(message.size());
  absl::Status s = ForEachField(message, [&](int n, size_t begin, size_t end) {
    if (n != number) out.append(message.data() + begin, end - begin);
    return true;
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace hub
