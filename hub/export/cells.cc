// ExportCell, formula neutralization, and the helpers the writers share.
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "hub/common/cst_time.h"
#include "hub/common/decimal.h"
#include "hub/export/export.h"
#include "hub/export/internal/writers.h"

namespace hub {

ExportCell ExportCell::Text(std::string text) {
  ExportCell c;
  c.kind_ = Kind::kText;
  c.text_ = std::move(text);
  return c;
}

ExportCell ExportCell::Number(std::string decimal) {
  ExportCell c;
  c.kind_ = Decimal::Parse(decimal).ok() ? Kind::kNumber : Kind::kText;
  c.text_ = std::move(decimal);
  return c;
}

ExportCell ExportCell::Number(std::string decimal, FigureFormat format) {
  ExportCell c = Number(std::move(decimal));
  c.has_format_ = true;
  c.format_ = format;
  return c;
}

ExportCell ExportCell::Time(int64_t micros) {
  ExportCell c;
  c.kind_ = Kind::kTime;
  c.micros_ = micros;
  return c;
}

ExportCell ExportCell::Date(std::string day) {
  ExportCell c;
  c.kind_ = ParseDate(day).ok() ? Kind::kDate : Kind::kText;
  c.text_ = std::move(day);
  return c;
}

std::string NeutralizeFormula(absl::string_view text) {
  if (text.empty()) return "";
  switch (text[0]) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return absl::StrCat("'", text);
    default:
      return std::string(text);
  }
}

const char* ExportExtension(ExportFormat format) {
  switch (format) {
    case ExportFormat::kXlsx:
      return "xlsx";
    case ExportFormat::kCsv:
      return "csv";
    case ExportFormat::kJsonLines:
      return "jsonl";
  }
  return "";
}

const char* ExportContentType(ExportFormat format) {
  switch (format) {
    case ExportFormat::kXlsx:
      return "application/"
             "vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case ExportFormat::kCsv:
      return "text/csv";
    case ExportFormat::kJsonLines:
      return "application/jsonl";
  }
  return "";
}

absl::StatusOr<std::unique_ptr<TableExporter>> TableExporter::Create(
    const ExportOptions& options, ExportSink* sink) {
  switch (options.format) {
    case ExportFormat::kXlsx:
      return export_internal::NewXlsxExporter(options, sink);
    case ExportFormat::kCsv:
      return export_internal::NewCsvExporter(options, sink);
    case ExportFormat::kJsonLines:
      return export_internal::NewJsonLinesExporter(options, sink);
  }
  return absl::InvalidArgumentError("unknown export format");
}

namespace export_internal {

const FigureFormat& CellFormat(const ExportColumn& column,
                               const ExportCell& cell) {
  return cell.has_format() ? cell.format() : column.figure;
}

std::string PlainNumber(const ExportColumn& column, const ExportCell& cell) {
  return FormatFigure(cell.text(), CellFormat(column, cell),
                      {.thousands = false});
}

std::string CstDateTime(int64_t micros) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S", absl::FromUnixMicros(micros),
                          ChinaStandardTime());
}

absl::Status CheckColumns(const std::vector<ExportColumn>& columns) {
  if (columns.empty()) {
    return absl::InvalidArgumentError("a table needs at least one column");
  }
  return absl::OkStatus();
}

absl::Status CheckRow(const std::vector<ExportColumn>& columns,
                      const std::vector<ExportCell>& cells) {
  if (columns.empty()) {
    return absl::FailedPreconditionError("AddRow before BeginTable");
  }
  if (cells.size() != columns.size()) {
    return absl::InvalidArgumentError(absl::StrCat("a row of ", cells.size(),
                                                   " cells in a table of ",
                                                   columns.size(), " columns"));
  }
  return absl::OkStatus();
}

}  // namespace export_internal
}  // namespace hub
