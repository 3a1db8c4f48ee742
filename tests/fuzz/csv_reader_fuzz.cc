// libFuzzer target: the CSV reader on any bytes, in each encoding. Whatever
// the bytes, it returns records or a clear error, within its bounds, and
// every cell it returns is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "adapters/csv/csv_reader.h"
#include "hub/common/utf8.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

void ReadAll(const std::string& data, hub::adapters::Encoding encoding) {
  using hub::adapters::CsvReader;
  auto reader = CsvReader::FromString(data, encoding);
  if (!reader.ok()) return;
  std::vector<std::string> cells;
  int64_t line = 0, last_line = 0;
  for (;;) {
    absl::StatusOr<bool> more = (*reader)->Next(&cells, &line);
    if (!more.ok()) {
      HUB_FUZZ_CHECK(more.status().code() == absl::StatusCode::kInvalidArgument,
                     more.status().ToString());
      return;
    }
    if (!*more) break;
    HUB_FUZZ_CHECK(line > last_line, "line numbers go forward");
    last_line = line;
    HUB_FUZZ_CHECK(cells.size() <= CsvReader::kMaxCells, "cell cap");
    size_t bytes = 0;
    for (const std::string& c : cells) {
      HUB_FUZZ_CHECK(hub::IsValidUtf8(c), c);
      bytes += c.size();
    }
    HUB_FUZZ_CHECK(bytes <= CsvReader::kMaxRecordBytes, "record cap");
  }
  HUB_FUZZ_CHECK((*reader)->ContentHash().size() == 32, "content hash");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  ReadAll(bytes, hub::adapters::Encoding::kAuto);
  ReadAll(bytes, hub::adapters::Encoding::kUtf8);
  ReadAll(bytes, hub::adapters::Encoding::kGb18030);
  return 0;
}
