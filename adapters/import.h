// Translating whole reports: a CSV export read from a file, or a native
// report message received over gRPC. Both run the same Translation and
// produce an ImportResult: the canonical submission of the accepted rows and
// every rejected row's issues (not just the first).
//
// The submission id is derived from the department, the adapter, the report
// period and the content (file bytes or the message's deterministic
// serialization), so submitting the same report again is a retry: the hub
// returns the first receipt and adds nothing.
#ifndef HUB_ADAPTERS_IMPORT_H_
#define HUB_ADAPTERS_IMPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/adapter.h"
#include "adapters/csv/csv_reader.h"
#include "adapters/registry.h"
#include "hub/common/period.h"
#include "hub/model/errors.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace adapters {

// One rejected row (or cell): where and why.
struct ImportIssue {
  std::string source;  // file name, or gRPC method
  int64_t line = 0;    // 1-based file line; 0 for a message
  std::string column;  // CSV header, or message field path
  std::string reason;
  // "settlement.csv:7: 基金支出（元）: unparsable number \"12,3\""
  std::string ToString() const;
};

struct ImportOptions {
  Period report_period;
  Encoding encoding = Encoding::kAuto;
  // Submit the valid rows even when some are rejected (changes the id).
  bool valid_rows_only = false;
};

struct ImportResult {
  v1::Submission submission;        // items of the accepted rows
  std::vector<ImportIssue> issues;  // every rejected row
  // The translation's warnings (Translation::Warnings()): figures it did
  // not derive, rows whose own figures disagree. Nothing is rejected.
  std::vector<ImportIssue> warnings;
  int64_t rows = 0;  // data rows read
  int64_t accepted_rows = 0;
  std::string adapter;  // adapter name that matched the file
  Encoding encoding = Encoding::kAuto;
};

// Reads path as an export of department: picks the department's adapter
// whose columns all appear in the header row, then streams the rows through
// it. kInvalidArgument if no adapter matches the header (naming the missing
// columns) or the file does not decode; bad rows are issues, not errors.
absl::StatusOr<ImportResult> ImportCsvFile(const AdapterRegistry& registry,
                                           absl::string_view department,
                                           const std::string& path,
                                           const ImportOptions& options);

// ImportCsvFile() of an export held in memory, named name in messages.
absl::StatusOr<ImportResult> ImportCsvData(const AdapterRegistry& registry,
                                           absl::string_view department,
                                           const std::string& name,
                                           std::string data,
                                           const ImportOptions& options);

// Translates report's repeated field `rows` (native rows of adapter) with
// provenance source `source` (e.g. the gRPC method name).
absl::StatusOr<ImportResult> TranslateReport(
    const Adapter& adapter, const google::protobuf::Message& report,
    const std::string& source, const ImportOptions& options);

// TranslateReport(), then the submission to send: kInvalidArgument with one
// field violation per issue ("rows[3].month: ...") when rows were rejected
// and !options.valid_rows_only. The translation's warnings go to *warnings
// when it is not null.
absl::StatusOr<v1::Submission> ReportToSubmission(
    const Adapter& adapter, const google::protobuf::Message& report,
    const std::string& source, const ImportOptions& options,
    std::vector<ImportIssue>* warnings = nullptr);

// A department's native report received over gRPC (a request message with
// a `report` holding report_period and repeated rows, and the
// hub.v1.adapters.AdapterSubmitOptions `options`), turned into the
// submission to send: the registry's adapter of department for the rows'
// type translates it (ReportToSubmission()), and options.submission_id, when
// set, replaces the derived id. So a new native report needs its adapter
// registered, not code in the gRPC layer.
struct NativeSubmission {
  v1::Submission submission;
  bool dry_run = false;  // options.dry_run
  // The translation's warnings (ImportResult::warnings), for the receipt.
  std::vector<ImportIssue> warnings;
};

// kInvalidArgument naming report.report_period when it is not a period, or
// with a field violation per rejected row; kNotFound when no adapter of
// department reads the rows; kInternal when request does not have that
// shape. source is the provenance, e.g. "FinanceAdapter.SubmitTaskProgress".
absl::StatusOr<NativeSubmission> NativeRequestToSubmission(
    const AdapterRegistry& registry, absl::string_view department,
    const google::protobuf::Message& request, const std::string& source);

// The issues as field violations ("rows[3].month" or "file.csv:7 结算月份").
std::vector<FieldViolation> IssuesAsViolations(
    const std::vector<ImportIssue>& issues);

}  // namespace adapters
}  // namespace hub

#endif  // HUB_ADAPTERS_IMPORT_H_
