// JSON lines: one object per row keyed by column code. Numbers are JSON
// numbers written exactly from their decimal text, times RFC 3339 in CST,
// empty cells null; text is carried unchanged (UTF-8 as is).
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "hub/common/cst_time.h"
#include "hub/export/export.h"
#include "hub/export/internal/writers.h"

namespace hub {
namespace export_internal {
namespace {

void AppendJsonString(absl::string_view s, std::string* out) {
  out->push_back('"');
  for (char c : s) {
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(out, "\\u%04x", c);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

class JsonLinesExporter final : public TableExporter {
 public:
  JsonLinesExporter(const ExportOptions& options, ExportSink* sink)
      : options_(options), sink_(sink) {}

  absl::Status BeginTable(const std::string&,
                          std::vector<ExportColumn> columns) override {
    if (!columns_.empty()) {
      return absl::FailedPreconditionError(
          "a JSON lines file holds one table; export several tables as xlsx");
    }
    if (absl::Status s = CheckColumns(columns); !s.ok()) return s;
    columns_ = std::move(columns);
    return absl::OkStatus();
  }

  absl::Status AddRow(const std::vector<ExportCell>& cells) override {
    if (absl::Status s = CheckRow(columns_, cells); !s.ok()) return s;
    buffer_ += '{';
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) buffer_ += ',';
      AppendJsonString(columns_[i].code, &buffer_);
      buffer_ += ':';
      AppendValue(columns_[i], cells[i]);
    }
    buffer_ += "}\n";
    ++rows_;
    if (buffer_.size() < options_.chunk_bytes) return absl::OkStatus();
    return Flush();
  }

  absl::Status Finish() override { return Flush(); }
  uint64_t rows() const override { return rows_; }

 private:
  void AppendValue(const ExportColumn& column, const ExportCell& cell) {
    switch (cell.kind()) {
      case ExportCell::Kind::kEmpty:
        buffer_ += "null";
        return;
      case ExportCell::Kind::kNumber:
        buffer_ += PlainNumber(column, cell);
        return;
      case ExportCell::Kind::kTime:
        AppendJsonString(absl::FormatTime("%Y-%m-%dT%H:%M:%E6S%Ez",
                                          absl::FromUnixMicros(cell.micros()),
                                          ChinaStandardTime()),
                         &buffer_);
        return;
      case ExportCell::Kind::kDate:
      case ExportCell::Kind::kText:
        AppendJsonString(cell.text(), &buffer_);
        return;
    }
  }

  absl::Status Flush() {
    if (buffer_.empty()) return absl::OkStatus();
    absl::Status s = sink_->Write(buffer_);
    buffer_.clear();
    return s;
  }

  const ExportOptions options_;
  ExportSink* const sink_;
  std::vector<ExportColumn> columns_;
  std::string buffer_;
  uint64_t rows_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<TableExporter>> NewJsonLinesExporter(
    const ExportOptions& options, ExportSink* sink) {
  return std::make_unique<JsonLinesExporter>(options, sink);
}

}  // namespace export_internal
}  // namespace hub
