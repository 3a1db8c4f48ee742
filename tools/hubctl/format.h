// hubctl's rendering of hub messages: readable tables and JSON lines.
#ifndef HUB_TOOLS_HUBCTL_FORMAT_H_
#define HUB_TOOLS_HUBCTL_FORMAT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "hub/v1/model.pb.h"

namespace hub {

// One-line JSON (proto3 JSON mapping, UTF-8 kept as is).
std::string ToJsonLine(const google::protobuf::Message& message);

// Short names for enums: "conflict", "completed", "record_changed".
std::string StateName(v1::RecordState state);
std::string StatusName(v1::TaskStatus status);
std::string EventKindName(v1::EventKind kind);

// Table of records, with Chinese names looked up in catalog.
std::string RecordsTable(const std::vector<v1::MergedRecord>& records,
                         const v1::Catalog& catalog);
// Every field of one record, contributions and conflicts included.
std::string RecordDetail(const v1::MergedRecord& record,
                         const v1::Catalog& catalog);
std::string EventsTable(const std::vector<v1::ChangeEvent>& events);
std::string ReceiptSummary(const v1::Receipt& receipt);
// An error with its field violations, one per line.
std::string ErrorText(const absl::Status& status);
// The message of a refusal, then its field violations one per line,
// indented (for a submission in a stream).
std::string RefusalText(const absl::Status& status);

}  // namespace hub

#endif  // HUB_TOOLS_HUBCTL_FORMAT_H_
