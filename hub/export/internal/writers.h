// Internal to hub/export: the three TableExporter implementations, and
// helpers they share.
#ifndef HUB_EXPORT_INTERNAL_WRITERS_H_
#define HUB_EXPORT_INTERNAL_WRITERS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "hub/export/export.h"

namespace hub {
namespace export_internal {

absl::StatusOr<std::unique_ptr<TableExporter>> NewCsvExporter(
    const ExportOptions& options, ExportSink* sink);
absl::StatusOr<std::unique_ptr<TableExporter>> NewJsonLinesExporter(
    const ExportOptions& options, ExportSink* sink);
absl::StatusOr<std::unique_ptr<TableExporter>> NewXlsxExporter(
    const ExportOptions& options, ExportSink* sink);

// The format a number cell is written in: its own, or its column's.
const FigureFormat& CellFormat(const ExportColumn& column,
                               const ExportCell& cell);
// A number cell's decimal at its format's precision, without separators
// ("160083900.00"); empty when the cell's text is not a decimal.
std::string PlainNumber(const ExportColumn& column, const ExportCell& cell);
// "2024-07-25 16:00:00" (CST).
std::string CstDateTime(int64_t micros);

// Checks a BeginTable()/AddRow() call against the table's state.
absl::Status CheckColumns(const std::vector<ExportColumn>& columns);
absl::Status CheckRow(const std::vector<ExportColumn>& columns,
                      const std::vector<ExportCell>& cells);

}  // namespace export_internal
}  // namespace hub

#endif  // HUB_EXPORT_INTERNAL_WRITERS_H_
