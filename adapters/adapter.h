// Adapter: a department plug-in that translates the department's own export
// (one native protobuf row type, e.g. hub.v1.adapters.SettlementRow) into
// canonical submission items (hub.v1.IndicatorValue) with provenance.
//
// The same translation serves both ways in: the gRPC method of the department
// (rows arrive inside its native report message) and `hubctl import` (rows are
// read from the department's CSV export, whose Chinese column headers map
// one-to-one onto the row's fields, see Columns()).
//
// Contract for implementations (after RocksDB's CompactionFilter):
//  * Name() is stable and recorded in every item's provenance and in the
//    submission's `adapter` field; change it (or Version()) whenever the
//    translation's semantics change.
//  * An Adapter is immutable once built; its const methods may be called from
//    any thread. A Translation belongs to one caller and is not thread-safe.
//  * Must not throw; every failure is reported as a RowIssue or a Status.
//  * Ratio indicators are produced as summed numerator and denominator; a
//    translation never averages percentages.
#ifndef HUB_ADAPTERS_ADAPTER_H_
#define HUB_ADAPTERS_ADAPTER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "hub/common/period.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace adapters {

// A CSV column header and the native row field it fills.
struct Column {
  const char* header;  // e.g. "基金支出（元）"
  const char* field;   // e.g. "fund_spending"
};

// Where a native row came from: a file line, or a message field.
struct RowSource {
  int64_t line = 0;   // 1-based line in source; 0 when a message field
  std::string field;  // e.g. "report.rows[3]" when not from a file
};

// Why a row was rejected. `field` names the native row field at fault (its
// CSV header is found through Columns()); empty when the whole row is.
struct RowIssue {
  std::string field;
  std::string reason;  // e.g. "unknown division code \"359999\""
};

// A finding that rejects nothing: a figure the translation did not derive
// because the rows lack one of its parts, or an accepted row whose own
// figures disagree with each other. `source` is the row at fault, or empty
// (line 0, no field) when the finding is about a region's rows as a whole.
struct TranslationWarning {
  RowSource source;
  std::string field;    // native row field at fault, or empty
  std::string message;  // names the region or row and what is wrong
};

// What the translation is about: the report's declared period and source.
struct TranslationContext {
  Period report_period;  // rows outside it are rejected
  std::string source;    // file name or gRPC method, for provenance
};

// One report's translation in progress. Rows are added one at a time and
// aggregated as they come, so memory grows with the number of distinct
// canonical items, not with the number of rows.
class Translation {
 public:
  virtual ~Translation() = default;

  // Translates one row. REQUIRES: row is of the adapter's RowPrototype()
  // type. Returns the row's issues; an empty result means the row was
  // accepted and counted. A rejected row contributes nothing.
  virtual std::vector<RowIssue> AddRow(const google::protobuf::Message& row,
                                       const RowSource& source) = 0;

  // Returns the canonical items of every accepted row, in a deterministic
  // order (indicator, region, period). Call once, after the last AddRow().
  // kInvalidArgument if a sum cannot be represented exactly.
  //
  // A share is derived only for the regions whose rows cover both of its
  // parts in every month they report (e.g. the primary-care visit share
  // needs 基层 and other institutions); for any other region Finish() leaves
  // it out and Warnings() says which region lacks which part.
  virtual absl::StatusOr<std::vector<v1::SubmissionItem>> Finish() = 0;

  // The translation's warnings, in the order found. Complete after Finish().
  virtual std::vector<TranslationWarning> Warnings() const = 0;
};

class Adapter {
 public:
  virtual ~Adapter() = default;

  // Stable name, e.g. "finance_budget_execution".
  virtual absl::string_view Name() const = 0;
  // Bumped when the translation's output changes for the same input.
  virtual int Version() const = 0;
  // Department code the translated submissions belong to.
  virtual absl::string_view Department() const = 0;
  // The native row type (a default instance owned by the adapter).
  virtual const google::protobuf::Message& RowPrototype() const = 0;
  // The CSV export's columns, in the department's usual order.
  virtual const std::vector<Column>& Columns() const = 0;
  // Starts translating one report.
  virtual std::unique_ptr<Translation> Begin(
      const TranslationContext& context) const = 0;
};

}  // namespace adapters
}  // namespace hub

#endif  // HUB_ADAPTERS_ADAPTER_H_
