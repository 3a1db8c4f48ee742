#include "adapters/csv/csv_reader.h"

#include <iconv.h>
#include <openssl/evp.h>

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "hub/common/utf8.h"

namespace hub {
namespace adapters {
namespace {

constexpr size_t kSniffBytes = 64 << 10;

// True if s is valid UTF-8 but for a sequence cut off at its very end (the
// sniffed head of a file ends anywhere).
bool LooksUtf8(absl::string_view s) {
  const size_t bad = FirstInvalidUtf8(s);
  if (bad == s.size()) return true;
  const unsigned char lead = s[bad];
  const size_t want = lead >= 0xF0   ? 4
                      : lead >= 0xE0 ? 3
                      : lead >= 0xC2 ? 2
                                     : 0;
  if (want == 0 || s.size() - bad >= want) return false;
  for (size_t i = bad + 1; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return false;
  }
  return true;
}

// The number of '"' in s.
size_t Quotes(absl::string_view s) {
  size_t quotes = 0;
  for (char c : s) quotes += c == '"';
  return quotes;
}

}  // namespace

absl::StatusOr<Encoding> ParseEncoding(absl::string_view name) {
  std::string n = absl::AsciiStrToLower(name);
  if (n == "auto" || n.empty()) return Encoding::kAuto;
  if (n == "utf-8" || n == "utf8") return Encoding::kUtf8;
  if (n == "gb18030" || n == "gbk" || n == "gb2312") return Encoding::kGb18030;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown encoding \"", name, "\" (want utf-8, gb18030 or auto)"));
}

const char* EncodingName(Encoding e) {
  switch (e) {
    case Encoding::kUtf8:
      return "utf-8";
    case Encoding::kGb18030:
      return "gb18030";
    default:
      return "auto";
  }
}

struct CsvReader::Impl {
  iconv_t cd = reinterpret_cast<iconv_t>(-1);
  EVP_MD_CTX* sha = EVP_MD_CTX_new();
  std::string raw;
};

CsvReader::CsvReader(std::unique_ptr<std::istream> in, Encoding encoding)
    : in_(std::move(in)), encoding_(encoding), impl_(new Impl) {
  EVP_DigestInit_ex(impl_->sha, EVP_sha256(), nullptr);
}

CsvReader::~CsvReader() {
  if (impl_->cd != reinterpret_cast<iconv_t>(-1)) iconv_close(impl_->cd);
  EVP_MD_CTX_free(impl_->sha);
}

absl::StatusOr<std::unique_ptr<CsvReader>> CsvReader::Open(
    const std::string& path, Encoding encoding) {
  auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  return Make(std::move(in), encoding);
}

absl::StatusOr<std::unique_ptr<CsvReader>> CsvReader::FromString(
    std::string data, Encoding encoding) {
  return Make(std::make_unique<std::istringstream>(std::move(data)), encoding);
}

absl::StatusOr<std::unique_ptr<CsvReader>> CsvReader::Make(
    std::unique_ptr<std::istream> in, Encoding encoding) {
  if (encoding == Encoding::kAuto) {
    std::string head(kSniffBytes, '\0');
    in->read(head.data(), head.size());
    head.resize(in->gcount());
    encoding = LooksUtf8(head) ? Encoding::kUtf8 : Encoding::kGb18030;
    in->clear();
    in->seekg(0);
  }
  std::unique_ptr<CsvReader> r(new CsvReader(std::move(in), encoding));
  if (encoding == Encoding::kGb18030) {
    r->impl_->cd = iconv_open("UTF-8", "GB18030");
    if (r->impl_->cd == reinterpret_cast<iconv_t>(-1)) {
      return absl::UnimplementedError("iconv cannot decode GB18030 here");
    }
  }
  return r;
}

absl::StatusOr<bool> CsvReader::ReadLine(std::string* utf8) {
  std::string& raw = impl_->raw;
  raw.clear();
  std::streambuf* in = in_->rdbuf();
  bool newline = false;
  for (int c; (c = in->sbumpc()) != std::char_traits<char>::eof();) {
    if (c == '\n') {
      newline = true;
      break;
    }
    raw.push_back(static_cast<char>(c));
    if (raw.size() > kMaxLineBytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          "line ", line_ + 1, ": longer than ", kMaxLineBytes, " bytes"));
    }
  }
  if (!newline && raw.empty()) return false;
  ++line_;
  bytes_read_ += raw.size() + (newline ? 1 : 0);
  EVP_DigestUpdate(impl_->sha, raw.data(), raw.size());
  if (newline) EVP_DigestUpdate(impl_->sha, "\n", 1);
  if (!raw.empty() && raw.back() == '\r') raw.pop_back();
  if (line_ == 1 && absl::StartsWith(raw, "\xEF\xBB\xBF")) raw.erase(0, 3);
  if (encoding_ != Encoding::kGb18030) {
    if (const size_t bad = FirstInvalidUtf8(raw); bad != raw.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line_, ": not valid UTF-8 at byte ", bad + 1,
                       " (try --encoding=gb18030)"));
    }
    *utf8 = raw;
    return true;
  }
  utf8->assign(raw.size() * 2 + 4, '\0');
  char* src = raw.data();
  size_t src_left = raw.size();
  char* dst = utf8->data();
  size_t dst_left = utf8->size();
  iconv(impl_->cd, nullptr, nullptr, nullptr, nullptr);
  if (iconv(impl_->cd, &src, &src_left, &dst, &dst_left) ==
      static_cast<size_t>(-1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("line ", line_, ": bytes that are not GB18030"));
  }
  utf8->resize(utf8->size() - dst_left);
  return true;
}

absl::StatusOr<bool> CsvReader::Next(std::vector<std::string>* cells,
                                     int64_t* line) {
  std::string record, part;
  size_t quotes = 0;  // in record so far: odd while a quote is open
  do {
    absl::StatusOr<bool> got = ReadLine(&part);
    if (!got.ok()) return got.status();
    if (!*got) {
      if (record.empty()) return false;
      return absl::InvalidArgumentError(
          absl::StrCat("line ", *line, ": unterminated quote"));
    }
    if (record.empty()) {
      *line = line_;
      if (absl::StripAsciiWhitespace(part).empty()) continue;
      record = part;
    } else {
      absl::StrAppend(&record, "\n", part);
    }
    quotes += Quotes(part);
    if (record.size() > kMaxRecordBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", *line, ": a record longer than ",
                       kMaxRecordBytes, " bytes (an unterminated quote?)"));
    }
  } while (record.empty() || quotes % 2 == 1);
  SplitCsvRecord(record, cells);
  if (cells->size() > kMaxCells) {
    return absl::InvalidArgumentError(absl::StrCat(
        "line ", *line, ": ", cells->size(), " cells; at most ", kMaxCells));
  }
  return true;
}

std::string CsvReader::ContentHash() {
  EVP_MD_CTX* copy = EVP_MD_CTX_new();
  EVP_MD_CTX_copy_ex(copy, impl_->sha);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(copy, digest, &len);
  EVP_MD_CTX_free(copy);
  return std::string(reinterpret_cast<char*>(digest), len);
}

bool SplitCsvRecord(absl::string_view record, std::vector<std::string>* cells) {
  cells->clear();
  cells->emplace_back();
  bool quoted = false;
  for (size_t i = 0; i < record.size(); ++i) {
    char c = record[i];
    if (quoted) {
      if (c != '"') {
        cells->back().push_back(c);
      } else if (i + 1 < record.size() && record[i + 1] == '"') {
        cells->back().push_back('"');
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells->emplace_back();
    } else {
      cells->back().push_back(c);
    }
  }
  return !quoted;
}

}  // namespace adapters
}  // namespace hub
