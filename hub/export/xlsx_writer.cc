// .xlsx through libxlsxwriter in constant-memory mode: each row goes to the
// sheet's temporary file as it is added, and workbook_close() zips the
// workbook into a temporary file, which Finish() streams to the sink.
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "hub/common/cst_time.h"
#include "hub/common/decimal.h"
#include "hub/common/display_width.h"
#include "hub/export/export.h"
#include "hub/export/internal/writers.h"

namespace hub {
namespace export_internal {
namespace {

constexpr size_t kMaxSheetChars = LXW_SHEETNAME_MAX;
constexpr size_t kMaxCellChars = 32767;  // Excel's limit per cell

absl::Status XlsxError(lxw_error e, absl::string_view what) {
  return absl::InternalError(
      absl::StrCat("xlsx: ", what, ": ", lxw_strerror(e)));
}

// The first n code points of utf8.
std::string Utf8Prefix(absl::string_view utf8, size_t n) {
  size_t chars = 0, i = 0;
  for (; i < utf8.size(); ++i) {
    if ((static_cast<unsigned char>(utf8[i]) & 0xC0) != 0x80 && chars++ == n) {
      break;
    }
  }
  return std::string(utf8.substr(0, i));
}

// A valid, unique sheet name: no []:*?/\ and at most 31 characters.
std::string SheetName(absl::string_view title, int part) {
  std::string clean;
  for (char c : title) {
    clean += std::string("[]:*?/\\").find(c) == std::string::npos ? c : '_';
  }
  if (clean.empty()) clean = "Sheet";
  std::string suffix = part > 1 ? absl::StrCat(" (", part, ")") : "";
  return Utf8Prefix(clean, kMaxSheetChars - suffix.size()) + suffix;
}

// The Excel number format of a figure.
std::string NumberFormat(const FigureFormat& f) {
  std::string decimals =
      f.precision > 0 ? "." + std::string(f.precision, '0') : "";
  switch (f.kind) {
    case FigureKind::kMoney:
    case FigureKind::kUnitMoney:
      return "#,##0" + (f.precision < 0 ? ".00" : decimals);
    case FigureKind::kCount:
      return "#,##0" + decimals;
    case FigureKind::kPercent:
      return "0" + decimals + "%";
    case FigureKind::kShare:
      return "0" + decimals;
    case FigureKind::kPlain:
      return "General";
  }
  return "General";
}

class XlsxExporter final : public TableExporter {
 public:
  XlsxExporter(const ExportOptions& options, ExportSink* sink)
      : options_(options), sink_(sink) {}
  ~XlsxExporter() override {
    if (workbook_ != nullptr) workbook_close(workbook_);
    if (!path_.empty()) std::remove(path_.c_str());
  }

  absl::Status Open();
  absl::Status BeginTable(const std::string& title,
                          std::vector<ExportColumn> columns) override;
  absl::Status AddRow(const std::vector<ExportCell>& cells) override;
  absl::Status Finish() override;
  uint64_t rows() const override { return rows_; }

 private:
  absl::Status StartSheet();
  void EndSheet();
  lxw_format* Format(const FigureFormat& f);
  absl::Status WriteCell(lxw_col_t col, const ExportCell& cell);

  const ExportOptions options_;
  ExportSink* const sink_;
  std::string path_;
  std::string tmpdir_;
  lxw_workbook* workbook_ = nullptr;
  lxw_worksheet* sheet_ = nullptr;
  lxw_format* header_ = nullptr;
  lxw_format* time_ = nullptr;
  std::map<std::pair<int, int>, lxw_format*> formats_;
  std::vector<ExportColumn> columns_;
  std::string title_;
  int part_ = 0;
  lxw_row_t row_ = 0;  // next row of sheet_
  uint64_t rows_ = 0;
};

absl::Status XlsxExporter::Open() {
  tmpdir_ = options_.temp_dir.empty()
                ? std::filesystem::temp_directory_path().string()
                : options_.temp_dir;
  std::string pattern = tmpdir_ + "/hub-export-XXXXXX.xlsx";
  int fd = mkstemps(pattern.data(), 5);
  if (fd < 0) {
    return absl::UnavailableError(
        absl::StrCat("xlsx: cannot create a temporary file in ", tmpdir_));
  }
  close(fd);
  path_ = pattern;
  lxw_workbook_options o = {};
  o.constant_memory = LXW_TRUE;
  o.tmpdir = tmpdir_.data();
  workbook_ = workbook_new_opt(path_.c_str(), &o);
  if (workbook_ == nullptr) {
    return absl::UnavailableError(absl::StrCat("xlsx: cannot open ", path_));
  }
  header_ = workbook_add_format(workbook_);
  format_set_bold(header_);
  format_set_bg_color(header_, 0xDDEBF7);
  format_set_bottom(header_, LXW_BORDER_THIN);
  time_ = workbook_add_format(workbook_);
  format_set_num_format(time_, "yyyy-mm-dd hh:mm:ss");
  return absl::OkStatus();
}

lxw_format* XlsxExporter::Format(const FigureFormat& f) {
  auto key = std::make_pair(static_cast<int>(f.kind), f.precision);
  auto it = formats_.find(key);
  if (it != formats_.end()) return it->second;
  lxw_format* format = workbook_add_format(workbook_);
  format_set_num_format(format, NumberFormat(f).c_str());
  formats_[key] = format;
  return format;
}

absl::Status XlsxExporter::BeginTable(const std::string& title,
                                      std::vector<ExportColumn> columns) {
  if (absl::Status s = CheckColumns(columns); !s.ok()) return s;
  if (columns.size() > LXW_COL_MAX) {
    return absl::InvalidArgumentError("more columns than a sheet holds");
  }
  EndSheet();
  columns_ = std::move(columns);
  title_ = title;
  part_ = 0;
  return StartSheet();
}

absl::Status XlsxExporter::StartSheet() {
  ++part_;
  sheet_ = workbook_add_worksheet(workbook_, SheetName(title_, part_).c_str());
  if (sheet_ == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("xlsx: cannot add a sheet named \"", title_, "\""));
  }
  for (size_t i = 0; i < columns_.size(); ++i) {
    const ExportColumn& c = columns_[i];
    const std::string& head = options_.code_headers ? c.code : c.name;
    double width = std::max(DisplayWidth(head) + 4, 10);
    if (c.type == ColumnType::kDateTime) width = std::max(width, 20.0);
    if (c.type == ColumnType::kText)
      width = std::min(std::max(width, 14.0), 48.0);
    worksheet_set_column(sheet_, i, i, width, nullptr);
    lxw_error e = worksheet_write_string(
        sheet_, 0, i, NeutralizeFormula(head).c_str(), header_);
    if (e != LXW_NO_ERROR) return XlsxError(e, "header");
  }
  worksheet_freeze_panes(sheet_, 1, 0);
  row_ = 1;
  return absl::OkStatus();
}

void XlsxExporter::EndSheet() {
  if (sheet_ == nullptr) return;
  worksheet_autofilter(sheet_, 0, 0, row_ > 1 ? row_ - 1 : 0,
                       columns_.size() - 1);
  sheet_ = nullptr;
}

absl::Status XlsxExporter::WriteCell(lxw_col_t col, const ExportCell& cell) {
  lxw_error e = LXW_NO_ERROR;
  switch (cell.kind()) {
    case ExportCell::Kind::kEmpty:
      return absl::OkStatus();
    case ExportCell::Kind::kNumber: {
      const FigureFormat& f = CellFormat(columns_[col], cell);
      std::string plain = PlainNumber(columns_[col], cell);
      auto d = Decimal::Parse(plain);
      if (d.ok() && f.kind == FigureKind::kPercent) {
        d = d->ScaleByPowerOfTen(-2);  // 65.20 (%) is the number 0.652
      }
      double number =
          std::strtod(d.ok() ? d->ToString().c_str() : "0", nullptr);
      e = worksheet_write_number(sheet_, row_, col, number, Format(f));
      break;
    }
    case ExportCell::Kind::kTime: {
      absl::CivilSecond t = absl::ToCivilSecond(
          absl::FromUnixMicros(cell.micros()), ChinaStandardTime());
      lxw_datetime dt = {static_cast<int>(t.year()),
                         t.month(),
                         t.day(),
                         t.hour(),
                         t.minute(),
                         static_cast<double>(t.second())};
      e = worksheet_write_datetime(sheet_, row_, col, &dt, time_);
      break;
    }
    case ExportCell::Kind::kDate:
    case ExportCell::Kind::kText: {
      std::string text = NeutralizeFormula(cell.text());
      if (text.size() > kMaxCellChars) text = Utf8Prefix(text, kMaxCellChars);
      e = worksheet_write_string(sheet_, row_, col, text.c_str(), nullptr);
      break;
    }
  }
  return e == LXW_NO_ERROR ? absl::OkStatus() : XlsxError(e, "cell");
}

absl::Status XlsxExporter::AddRow(const std::vector<ExportCell>& cells) {
  if (absl::Status s = CheckRow(columns_, cells); !s.ok()) return s;
  if (row_ == LXW_ROW_MAX) {  // the sheet is full: continue on the next
    EndSheet();
    if (absl::Status s = StartSheet(); !s.ok()) return s;
  }
  for (size_t i = 0; i < cells.size(); ++i) {
    if (absl::Status s = WriteCell(i, cells[i]); !s.ok()) return s;
  }
  ++row_;
  ++rows_;
  return absl::OkStatus();
}

absl::Status XlsxExporter::Finish() {
  if (workbook_ == nullptr) {
    return absl::FailedPreconditionError("xlsx: Finish called twice");
  }
  EndSheet();
  if (workbook_->num_sheets == 0) workbook_add_worksheet(workbook_, nullptr);
  lxw_error e = workbook_close(workbook_);
  workbook_ = nullptr;
  if (e != LXW_NO_ERROR) return XlsxError(e, "close");
  std::FILE* f = std::fopen(path_.c_str(), "rb");
  if (f == nullptr) return absl::UnavailableError("xlsx: cannot reopen");
  std::string chunk(options_.chunk_bytes, '\0');
  absl::Status s;
  size_t n;
  while (s.ok() && (n = std::fread(chunk.data(), 1, chunk.size(), f)) > 0) {
    s = sink_->Write(absl::string_view(chunk.data(), n));
  }
  if (s.ok() && std::ferror(f)) s = absl::DataLossError("xlsx: read failed");
  std::fclose(f);
  return s;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TableExporter>> NewXlsxExporter(
    const ExportOptions& options, ExportSink* sink) {
  auto exporter = std::make_unique<XlsxExporter>(options, sink);
  if (absl::Status s = exporter->Open(); !s.ok()) return s;
  return exporter;
}

}  // namespace export_internal
}  // namespace hub
