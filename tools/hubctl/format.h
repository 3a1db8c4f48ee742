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
// Events, with figures at their indicators' precision when catalog is
// given (borrowed; may be null).
std::string EventsTable(const std::vector<v1::ChangeEvent>& events,
                        const v1::Catalog* catalog = nullptr);
// One line: accepted at which sequence (a dry run: what would happen, with
// no sequence, since nothing was written) and the item counts by action, in
// the chosen language (tools/hubctl/i18n.h).
std::string ReceiptSummary(const v1::Receipt& receipt);
// One line per item: action, key, merged value (a task's status) and state,
// each followed by its warnings.
std::string ItemOutcomesText(const v1::Receipt& receipt);
// The warnings of the receipt's items, one line each, naming the item; the
// adapter's translation warnings first.
std::string WarningsText(const v1::Receipt& receipt);
// An error with its field violations, one per line, in the chosen language
// (tools/hubctl/i18n.h).
std::string ErrorText(const absl::Status& status);

}  // namespace hub

#endif  // HUB_TOOLS_HUBCTL_FORMAT_H_
