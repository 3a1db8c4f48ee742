// CSV as Excel and WPS open it: RFC 4180 quoting, CRLF, UTF-8 with a BOM
// (or GB18030 through iconv, or plain UTF-8), formula cells neutralized.
#include <errno.h>
#include <iconv.h>

#include "absl/strings/str_cat.h"
#include "hub/export/export.h"
#include "hub/export/internal/writers.h"

namespace hub {
namespace export_internal {
namespace {

// UTF-8 to GB18030 with glibc's iconv. Whole rows are converted, so a
// code point is never split between calls.
class Gb18030Encoder {
 public:
  ~Gb18030Encoder() {
    if (cd_ != reinterpret_cast<iconv_t>(-1)) iconv_close(cd_);
  }
  absl::Status Open() {
    cd_ = iconv_open("GB18030", "UTF-8");
    if (cd_ == reinterpret_cast<iconv_t>(-1)) {
      return absl::InvalidArgumentError(
          "iconv cannot convert UTF-8 to GB18030 on this system");
    }
    return absl::OkStatus();
  }
  absl::Status Convert(const std::string& in, std::string* out) {
    out->resize(in.size() * 2 + 16);
    char* src = const_cast<char*>(in.data());
    size_t src_left = in.size();
    char* dst = out->data();
    size_t dst_left = out->size();
    if (iconv(cd_, &src, &src_left, &dst, &dst_left) ==
        static_cast<size_t>(-1)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cannot encode as GB18030 at byte ", in.size() - src_left,
          errno == EILSEQ ? ": not valid UTF-8" : ""));
    }
    out->resize(out->size() - dst_left);
    return absl::OkStatus();
  }

 private:
  iconv_t cd_ = reinterpret_cast<iconv_t>(-1);
};

bool NeedsQuotes(absl::string_view cell) {
  return cell.find_first_of(",\"\r\n") != absl::string_view::npos;
}

void AppendField(absl::string_view cell, std::string* out) {
  if (!NeedsQuotes(cell)) {
    absl::StrAppend(out, cell);
    return;
  }
  out->push_back('"');
  for (char c : cell) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

class CsvExporter final : public TableExporter {
 public:
  CsvExporter(const ExportOptions& options, ExportSink* sink)
      : options_(options), sink_(sink) {}

  absl::Status Open() {
    if (options_.encoding == CsvEncoding::kGb18030) {
      encoder_ = std::make_unique<Gb18030Encoder>();
      return encoder_->Open();
    }
    if (options_.encoding == CsvEncoding::kUtf8Bom) buffer_ = "\xEF\xBB\xBF";
    return absl::OkStatus();
  }

  absl::Status BeginTable(const std::string&,
                          std::vector<ExportColumn> columns) override {
    if (!columns_.empty()) {
      return absl::FailedPreconditionError(
          "a CSV file holds one table; export several tables as xlsx");
    }
    if (absl::Status s = CheckColumns(columns); !s.ok()) return s;
    columns_ = std::move(columns);
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (i > 0) buffer_ += ',';
      AppendField(NeutralizeFormula(options_.code_headers ? columns_[i].code
                                                          : columns_[i].name),
                  &buffer_);
    }
    buffer_ += "\r\n";
    return MaybeFlush();
  }

  absl::Status AddRow(const std::vector<ExportCell>& cells) override {
    if (absl::Status s = CheckRow(columns_, cells); !s.ok()) return s;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) buffer_ += ',';
      AppendField(CellText(columns_[i], cells[i]), &buffer_);
    }
    buffer_ += "\r\n";
    ++rows_;
    return MaybeFlush();
  }

  absl::Status Finish() override { return Flush(); }
  uint64_t rows() const override { return rows_; }

 private:
  static std::string CellText(const ExportColumn& column,
                              const ExportCell& cell) {
    switch (cell.kind()) {
      case ExportCell::Kind::kEmpty:
        return "";
      case ExportCell::Kind::kNumber:
        return PlainNumber(column, cell);
      case ExportCell::Kind::kTime:
        return CstDateTime(cell.micros());
      case ExportCell::Kind::kDate:
        return cell.text();
      case ExportCell::Kind::kText:
        return NeutralizeFormula(cell.text());
    }
    return "";
  }

  absl::Status MaybeFlush() {
    return buffer_.size() >= options_.chunk_bytes ? Flush() : absl::OkStatus();
  }

  absl::Status Flush() {
    if (buffer_.empty()) return absl::OkStatus();
    absl::Status s;
    if (encoder_ != nullptr) {
      s = encoder_->Convert(buffer_, &encoded_);
      if (s.ok()) s = sink_->Write(encoded_);
    } else {
      s = sink_->Write(buffer_);
    }
    buffer_.clear();
    return s;
  }

  const ExportOptions options_;
  ExportSink* const sink_;
  std::unique_ptr<Gb18030Encoder> encoder_;
  std::vector<ExportColumn> columns_;
  std::string buffer_;
  std::string encoded_;
  uint64_t rows_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<TableExporter>> NewCsvExporter(
    const ExportOptions& options, ExportSink* sink) {
  auto exporter = std::make_unique<CsvExporter>(options, sink);
  if (absl::Status s = exporter->Open(); !s.ok()) return s;
  return exporter;
}

}  // namespace export_internal
}  // namespace hub
