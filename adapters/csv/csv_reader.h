// CsvReader: streams records from a department's CSV export.
//
// Reads the file through a fixed buffer one physical line at a time, so
// memory does not grow with the file. Handles RFC 4180 quoting (quoted cells
// may hold commas, doubled quotes and line breaks), CRLF line ends and a UTF-8
// byte-order mark. Cells come out as UTF-8: a GB18030 file (what Chinese
// office software writes by default) is decoded line by line with iconv.
// GB18030 never uses the bytes of '\n', ',' or '"' inside a character, so
// splitting before decoding is safe.
//
// Not thread-safe; one reader per file.
#ifndef HUB_ADAPTERS_CSV_CSV_READER_H_
#define HUB_ADAPTERS_CSV_CSV_READER_H_

#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hub {
namespace adapters {

enum class Encoding { kAuto, kUtf8, kGb18030 };

// "utf-8" / "gb18030" (any case), or "auto"; kInvalidArgument otherwise.
absl::StatusOr<Encoding> ParseEncoding(absl::string_view name);
const char* EncodingName(Encoding e);

class CsvReader {
 public:
  // Opens path. kAuto picks UTF-8 when the first 64 KiB are valid UTF-8 and
  // GB18030 otherwise. kNotFound if the file cannot be opened.
  static absl::StatusOr<std::unique_ptr<CsvReader>> Open(
      const std::string& path, Encoding encoding);
  // Reads data (a whole export in memory) as Open() reads a file.
  static absl::StatusOr<std::unique_ptr<CsvReader>> FromString(
      std::string data, Encoding encoding);

  // Bounds on one export, whatever its bytes: a physical line, a record
  // (lines joined by a quoted line break) and its cells.
  static constexpr size_t kMaxLineBytes = 1 << 20;
  static constexpr size_t kMaxRecordBytes = 4 << 20;
  static constexpr size_t kMaxCells = 1000;
  ~CsvReader();

  // Reads the next record into *cells and its first line number (1-based)
  // into *line. Returns false at the end of the file. kInvalidArgument, with
  // the line number, for bytes that do not decode (UTF-8 strictly: no
  // overlong forms or surrogates), an unterminated quote, or a line, record
  // or cell count over the bounds above.
  absl::StatusOr<bool> Next(std::vector<std::string>* cells, int64_t* line);

  Encoding encoding() const { return encoding_; }
  // SHA-256 (32 raw bytes) of every byte read so far; the whole file's once
  // Next() has returned false.
  std::string ContentHash();
  int64_t bytes_read() const { return bytes_read_; }

 private:
  struct Impl;
  CsvReader(std::unique_ptr<std::istream> in, Encoding encoding);
  static absl::StatusOr<std::unique_ptr<CsvReader>> Make(
      std::unique_ptr<std::istream> in, Encoding encoding);
  absl::StatusOr<bool> ReadLine(std::string* utf8);

  std::unique_ptr<std::istream> in_;
  Encoding encoding_;
  std::unique_ptr<Impl> impl_;
  int64_t line_ = 0;
  int64_t bytes_read_ = 0;
};

// Splits one complete record (quotes balanced) into cells; used by the
// reader and its tests. Returns false if a quote is still open at the end.
bool SplitCsvRecord(absl::string_view record, std::vector<std::string>* cells);

}  // namespace adapters
}  // namespace hub

#endif  // HUB_ADAPTERS_CSV_CSV_READER_H_
