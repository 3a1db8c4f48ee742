#include "adapters/csv/csv_reader.h"

#include <cstdlib>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"

namespace hub {
namespace adapters {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::IsOkAndHolds;
using ::hub::testing::StatusIs;

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string WriteTemp(const std::string& name, const std::string& bytes) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

struct Record {
  int64_t line;
  std::vector<std::string> cells;
};

std::vector<Record> ReadAll(CsvReader& reader) {
  std::vector<Record> out;
  Record r;
  while (true) {
    absl::StatusOr<bool> more = reader.Next(&r.cells, &r.line);
    EXPECT_THAT(more, IsOk());
    if (!more.ok() || !*more) break;
    out.push_back(r);
  }
  return out;
}

TEST(CsvReaderTest, QuotesCrlfBomAndBlankLines) {
  std::string path = WriteTemp("q.csv",
                               "\xEF\xBB\xBF机构编码,机构名称\r\n"
                               "A1,\"三明市第一医院,本部\"\r\n\r\n"
                               "A2,\"说 \"\"二\"\"\n分院\"\r\n");
  HUB_ASSERT_OK_AND_ASSIGN(auto reader, CsvReader::Open(path, Encoding::kAuto));
  std::vector<Record> rows = ReadAll(*reader);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(rows[0].cells, ElementsAre("机构编码", "机构名称"));
  EXPECT_THAT(rows[1].cells, ElementsAre("A1", "三明市第一医院,本部"));
  EXPECT_EQ(rows[2].line, 4);
  EXPECT_THAT(rows[2].cells, ElementsAre("A2", "说 \"二\"\n分院"));
  EXPECT_EQ(reader->encoding(), Encoding::kUtf8);
}

TEST(CsvReaderTest, DetectsAndDecodesGb18030) {
  // "区划代码,名称\n350421,明溪县\n" in GB18030.
  std::string gb =
      "\xC7\xF8\xBB\xAE\xB4\xFA\xC2\xEB,\xC3\xFB\xB3\xC6\n"
      "350421,\xC3\xF7\xCF\xAA\xCF\xD8\n";
  std::string path = WriteTemp("gb.csv", gb);
  HUB_ASSERT_OK_AND_ASSIGN(auto reader, CsvReader::Open(path, Encoding::kAuto));
  EXPECT_EQ(reader->encoding(), Encoding::kGb18030);
  std::vector<Record> rows = ReadAll(*reader);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(rows[0].cells, ElementsAre("区划代码", "名称"));
  EXPECT_THAT(rows[1].cells, ElementsAre("350421", "明溪县"));
}

TEST(CsvReaderTest, Gb18030ReadAsUtf8FailsWithLine) {
  std::string path = WriteTemp("bad.csv", "a,b\n1,\xC3\xF7\xCF\xAA\n");
  HUB_ASSERT_OK_AND_ASSIGN(auto reader, CsvReader::Open(path, Encoding::kUtf8));
  std::vector<std::string> cells;
  int64_t line = 0;
  HUB_ASSERT_OK(reader->Next(&cells, &line).status());
  EXPECT_THAT(reader->Next(&cells, &line),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("line 2: not valid UTF-8")));
}

TEST(CsvReaderTest, UnterminatedQuoteNamesItsLine) {
  std::string path = WriteTemp("open.csv", "a,b\n1,\"open\n2,3\n");
  HUB_ASSERT_OK_AND_ASSIGN(auto reader, CsvReader::Open(path, Encoding::kUtf8));
  std::vector<std::string> cells;
  int64_t line = 0;
  HUB_ASSERT_OK(reader->Next(&cells, &line).status());
  EXPECT_THAT(reader->Next(&cells, &line),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("line 2: unterminated quote")));
}

// The error of the first record of data that is not a header row.
absl::Status SecondRecord(std::string data, Encoding encoding) {
  auto reader = CsvReader::FromString(std::move(data), encoding);
  if (!reader.ok()) return reader.status();
  std::vector<std::string> cells;
  int64_t line = 0;
  absl::StatusOr<bool> first = (*reader)->Next(&cells, &line);
  if (!first.ok()) return first.status();
  return (*reader)->Next(&cells, &line).status();
}

TEST(CsvReaderTest, Utf8IsCheckedStrictly) {
  for (const char* bad : {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80",
                          "\xF4\x90\x80\x80", "\xE4\xB8"}) {
    EXPECT_THAT(SecondRecord(std::string("区划,值\n350424,") + bad + "\n",
                             Encoding::kUtf8),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("line 2: not valid UTF-8 at byte 8")))
        << bad;
  }
  // Sniffing: an overlong form is no UTF-8, so the file is read as GB18030.
  auto reader = CsvReader::FromString("a,b\n\xC0\xAF,1\n", Encoding::kAuto);
  ASSERT_THAT(reader, IsOk());
  EXPECT_EQ((*reader)->encoding(), Encoding::kGb18030);
}

TEST(CsvReaderTest, LinesRecordsAndCellsAreBounded) {
  EXPECT_THAT(
      SecondRecord("a\n" + std::string(CsvReader::kMaxLineBytes + 1, 'x'),
                   Encoding::kUtf8),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("line 2: longer than 1048576 bytes")));
  std::string open_quote = "a\n\"";
  for (int i = 0; i < 50000; ++i) open_quote += std::string(99, 'q') + "\n";
  EXPECT_THAT(SecondRecord(open_quote, Encoding::kUtf8),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("a record longer than 4194304 bytes")));
  EXPECT_THAT(SecondRecord("a\n" + std::string(1000, ','), Encoding::kUtf8),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("1001 cells; at most 1000")));
}

TEST(CsvReaderTest, ContentHashCoversEveryByte) {
  auto hash = [](const std::string& bytes) {
    auto reader = CsvReader::Open(WriteTemp("h.csv", bytes), Encoding::kUtf8);
    EXPECT_THAT(reader, IsOk());
    ReadAll(**reader);
    return (*reader)->ContentHash();
  };
  EXPECT_EQ(hash("a,b\n1,2\n"), hash("a,b\n1,2\n"));
  EXPECT_NE(hash("a,b\n1,2\n"), hash("a,b\n1,3\n"));
  EXPECT_EQ(hash("a,b\n1,2\n").size(), 32u);
}

TEST(CsvReaderTest, ParseEncodingNames) {
  EXPECT_THAT(ParseEncoding("GB18030"), IsOkAndHolds(Encoding::kGb18030));
  EXPECT_THAT(ParseEncoding("utf-8"), IsOkAndHolds(Encoding::kUtf8));
  EXPECT_THAT(ParseEncoding("latin1"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("unknown encoding \"latin1\"")));
}

}  // namespace
}  // namespace adapters
}  // namespace hub
