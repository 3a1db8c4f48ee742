// Exports: tables of typed columns written as .xlsx, CSV or JSON lines, the
// files people at the reform office and the departments open in Excel and
// WPS. Rows are streamed one at a time and memory stays bounded whatever the
// number of rows (see BENCHMARKS.md, "Export").
//
// A table is a header of typed columns (code, Chinese name, type) and rows
// of cells. The same table goes to every format:
//
//   .xlsx       libxlsxwriter in constant-memory mode: headers in bold, the
//               header row frozen, an autofilter, numbers as numbers with
//               their formats (money "#,##0.00", counts "#,##0", shares at
//               their precision "0.00", percent as percent "0.00%", times
//               "yyyy-mm-dd hh:mm:ss" in CST). One sheet per table; a table
//               longer than a sheet continues on "<title> (2)", ...
//   CSV         one table; RFC 4180 quoting, CRLF line ends, as Excel and
//               WPS open it: UTF-8 with a BOM by default, or GB18030
//               (through iconv) or UTF-8 without BOM on request. Numbers
//               are plain decimals at their precision (no separators).
//   JSON lines  one table; one object per row keyed by column code;
//               numbers as JSON numbers written exactly, times as RFC 3339
//               with +08:00, empty cells null.
//
// Spreadsheet formula injection (OWASP "CSV injection"): in .xlsx and CSV a
// TEXT cell that begins with '=', '+', '-', '@', a tab or a carriage return
// is written with a leading apostrophe, so a department's note can never
// run as a formula. Text is otherwise kept exactly as given, and number
// cells are never altered, so -30.00 stays a negative number. JSON lines
// carry text unchanged (it is not a spreadsheet format).
//
// Thread safety: a TableExporter is used by one thread at a time.
#ifndef HUB_EXPORT_EXPORT_H_
#define HUB_EXPORT_EXPORT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "hub/common/figures.h"
#include "hub/engine/hub.h"
#include "hub/v1/views.pb.h"
#include "hub/views/views.h"

namespace hub {

enum class ExportFormat { kXlsx, kCsv, kJsonLines };
enum class CsvEncoding { kUtf8Bom, kUtf8, kGb18030 };

enum class ColumnType {
  kText,
  kFigure,    // a number written in the column's FigureFormat
  kDateTime,  // an instant, shown in China Standard Time
  kDate,      // a calendar date "YYYY-MM-DD"
};

struct ExportColumn {
  std::string code;  // "region_code": JSON key, and header with code_headers
  std::string name;  // "区划代码": the header people read
  ColumnType type = ColumnType::kText;
  // kFigure: money, count, share or percent, with its precision. A cell may
  // carry its own format instead (a value column mixing indicators).
  FigureFormat figure;
};

// One cell of a row. Cheap to copy.
class ExportCell {
 public:
  enum class Kind { kEmpty, kText, kNumber, kTime, kDate };

  ExportCell() = default;  // empty
  static ExportCell Text(std::string text);
  // decimal must be decimal text ("-30.00"); anything else is written as
  // text. The column's format applies unless one is given here.
  static ExportCell Number(std::string decimal);
  static ExportCell Number(std::string decimal, FigureFormat format);
  static ExportCell Time(int64_t micros);   // UTC microseconds
  static ExportCell Date(std::string day);  // "2024-07-25"

  Kind kind() const { return kind_; }
  const std::string& text() const { return text_; }  // text, decimal, date
  int64_t micros() const { return micros_; }
  bool has_format() const { return has_format_; }
  const FigureFormat& format() const { return format_; }

 private:
  Kind kind_ = Kind::kEmpty;
  std::string text_;
  int64_t micros_ = 0;
  bool has_format_ = false;
  FigureFormat format_;
};

// Receives an export's bytes as they are produced, in order.
class ExportSink {
 public:
  virtual ~ExportSink() = default;
  // Returns non-OK to stop the export (e.g. the client went away).
  virtual absl::Status Write(absl::string_view bytes) = 0;
};

struct ExportOptions {
  ExportFormat format = ExportFormat::kXlsx;
  CsvEncoding encoding = CsvEncoding::kUtf8Bom;  // CSV only
  // Headers are the column codes (for tools) instead of their names.
  bool code_headers = false;
  // .xlsx is assembled in a temporary file here ("" = the system default,
  // $TMPDIR or /tmp), then streamed to the sink and removed.
  std::string temp_dir;
  // The sink receives pieces of at most about this size.
  size_t chunk_bytes = 64 << 10;
};

class TableExporter {
 public:
  // Returns an exporter writing to sink (borrowed; must outlive it).
  // InvalidArgument for an encoding iconv does not know.
  static absl::StatusOr<std::unique_ptr<TableExporter>> Create(
      const ExportOptions& options, ExportSink* sink);
  virtual ~TableExporter() = default;

  // Starts a table: a new sheet named title in .xlsx. CSV and JSON lines
  // hold one table; a second BeginTable() is FailedPrecondition.
  // InvalidArgument for no columns.
  virtual absl::Status BeginTable(const std::string& title,
                                  std::vector<ExportColumn> columns) = 0;
  // Appends a row. REQUIRES: BeginTable() succeeded. InvalidArgument when
  // cells.size() differs from the number of columns.
  virtual absl::Status AddRow(const std::vector<ExportCell>& cells) = 0;
  // Writes everything still held (the whole workbook for .xlsx) to the
  // sink. Call once; no further rows.
  virtual absl::Status Finish() = 0;

  // Rows added so far, over all tables (headers not counted).
  virtual uint64_t rows() const = 0;
};

// Returns text as a spreadsheet must hold it: with a leading apostrophe
// when it begins with '=', '+', '-', '@', '\t' or '\r'; otherwise unchanged.
std::string NeutralizeFormula(absl::string_view text);

// File name extension and MIME type of format: "xlsx",
// "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".
const char* ExportExtension(ExportFormat format);
const char* ExportContentType(ExportFormat format);

// --- Merged records -------------------------------------------------------

enum class RecordTable {
  kRecords,        // one row per merged record (合并记录)
  kContributions,  // one row per department's contribution (报送明细)
};

// The table's title and columns; rows of records in that table, with names
// from catalog (codes kept in their own columns).
std::string RecordTableTitle(RecordTable table);
std::vector<ExportColumn> RecordTableColumns(RecordTable table);
void AppendRecordRows(RecordTable table, const v1::MergedRecord& record,
                      const Catalog& catalog,
                      std::vector<std::vector<ExportCell>>* rows);

// The file name of an export of table under filter: the title, then each
// code or period the filter names, e.g. "合并记录_350400_2024H1.xlsx".
std::string RecordsFileName(RecordTable table, const RecordFilter& filter,
                            ExportFormat format);

struct RecordsExportResult {
  uint64_t rows = 0;
  // The log head when the export began and when it ended; equal when no
  // change came in meanwhile (the export is then a snapshot as of it).
  uint64_t first_sequence = 0;
  uint64_t last_sequence = 0;
};

// Streams every record matching filter that principal may read, in record
// key order, one page at a time, as one table into out (BeginTable and
// Finish included). Errors of Hub::ListRecords() (PermissionDenied, ...)
// and of the exporter pass through.
absl::StatusOr<RecordsExportResult> ExportRecords(const Hub& hub,
                                                  const Principal& principal,
                                                  const RecordFilter& filter,
                                                  RecordTable table,
                                                  TableExporter* out);

// --- Analyst views (hub/views) -------------------------------------------

// One view as one table (one sheet): Chinese headers, codes in their own
// columns, states as Chinese labels with their codes beside them, figures
// at their indicator's format (money with separators, percent as percent,
// shares at their precision), counts as counts, times in CST.
struct ViewTable {
  std::string title;  // "目标完成情况": the sheet's name
  std::vector<ExportColumn> columns;
  std::vector<std::vector<ExportCell>> rows;
  uint64_t as_of_sequence = 0;  // the view's
};

// The tables of the views' results (names and formats from catalog).
ViewTable RollupsViewTable(const v1::RollupResponse& response,
                           const Catalog& catalog);  // 指标汇总
ViewTable AttainmentViewTable(const v1::AttainmentReport& report,
                              const Catalog& catalog);  // 目标完成情况
ViewTable ReportingViewTable(const v1::ReportingReport& report,
                             const Catalog& catalog);  // 报送情况
ViewTable LedgerViewTable(const v1::LedgerResponse& ledger,
                          const Catalog& catalog);  // 任务台账
ViewTable LaggardsViewTable(const v1::LaggardsResponse& response);  // 落后单位

// Which view to export: its request as for hub.v1.ViewService (page size
// and token are ignored: every page is read).
using ViewRequest =
    std::variant<v1::RollupRequest, v1::AttainmentRequest, v1::ReportingRequest,
                 v1::LedgerRequest, v1::LaggardsRequest>;

// Reads every page of the view request names as principal, and returns its
// table. The view's errors (InvalidArgument naming the field,
// PermissionDenied, ...) pass through.
absl::StatusOr<ViewTable> ReadViewTable(const Views& views,
                                        const Catalog& catalog,
                                        const Principal& principal,
                                        const ViewRequest& request);

// The file name of an export of a view: the table's title, then the
// request's region or plan and period, e.g. "目标完成情况_350400_2024.xlsx".
std::string ViewFileName(const ViewTable& table, const ViewRequest& request,
                         ExportFormat format);

// Writes table into out (BeginTable, the rows, Finish).
absl::Status WriteViewTable(const ViewTable& table, TableExporter* out);

}  // namespace hub

#endif  // HUB_EXPORT_EXPORT_H_
