// hubctl export: merged records as a file people open in Excel or WPS.
//
//   hubctl export [records|contributions] [--format xlsx|csv|jsonl]
//       [--encoding utf-8|utf-8-nobom|gb18030] [--code_headers] [--out FILE]
//       [--region --period --indicator --task --department --state --kind]
//
// The server streams the file (ExportService, protos/hub/v1/export.proto);
// it is written as it arrives to --out, by default the name the server
// suggests ("合并记录_350400_2024H1.xlsx") in the current directory, or to
// stdout with --out -. A failed export leaves no partial file behind.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "hub/common/figures.h"
#include "hub/transport/grpc_status.h"
#include "hub/v1/export.grpc.pb.h"
#include "tools/hubctl/commands_internal.h"
#include "tools/hubctl/i18n.h"

ABSL_FLAG(std::string, format, "xlsx", "export: xlsx, csv or jsonl");
ABSL_FLAG(bool, code_headers, false,
          "export: column codes as headers instead of Chinese names");
ABSL_DECLARE_FLAG(std::string, encoding);
ABSL_DECLARE_FLAG(std::string, out);

namespace hub {
namespace hubctl {
namespace {

absl::Status SetFormat(v1::ExportRecordsRequest* r) {
  std::string format = absl::AsciiStrToLower(absl::GetFlag(FLAGS_format));
  if (format == "xlsx") {
    r->set_format(v1::EXPORT_FORMAT_XLSX);
  } else if (format == "csv") {
    r->set_format(v1::EXPORT_FORMAT_CSV);
  } else if (format == "jsonl" || format == "json") {
    r->set_format(v1::EXPORT_FORMAT_JSONL);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("--format: \"", format, "\" is not xlsx, csv or jsonl"));
  }
  std::string encoding = absl::AsciiStrToLower(absl::GetFlag(FLAGS_encoding));
  if (encoding == "auto" || encoding == "utf-8" || encoding == "utf8" ||
      encoding == "utf-8-bom") {
    r->set_encoding(v1::TEXT_ENCODING_UTF8_BOM);
  } else if (encoding == "utf-8-nobom") {
    r->set_encoding(v1::TEXT_ENCODING_UTF8);
  } else if (encoding == "gb18030" || encoding == "gbk") {
    r->set_encoding(v1::TEXT_ENCODING_GB18030);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("--encoding: \"", encoding,
                     "\" is not utf-8 (with BOM), utf-8-nobom or gb18030"));
  }
  return absl::OkStatus();
}

// Where the chunks go: a file written under a temporary name and renamed
// when complete, or stdout.
class Output {
 public:
  ~Output() {
    if (file_.is_open()) {
      file_.close();
      std::filesystem::remove(tmp_);
    }
  }
  absl::Status Open(const std::string& path) {
    path_ = path;
    if (path == "-") return absl::OkStatus();
    tmp_ = path + ".part";
    file_.open(tmp_, std::ios::binary | std::ios::trunc);
    if (!file_)
      return absl::UnavailableError(absl::StrCat("cannot write ", tmp_));
    return absl::OkStatus();
  }
  bool is_open() const { return !path_.empty(); }
  absl::Status Write(const std::string& data) {
    std::ostream& out = path_ == "-" ? std::cout : file_;
    out.write(data.data(), data.size());
    return out ? absl::OkStatus()
               : absl::UnavailableError(absl::StrCat("cannot write ", path_));
  }
  absl::Status Commit() {
    if (path_ == "-") {
      std::cout.flush();
      return absl::OkStatus();
    }
    file_.close();
    std::error_code ec;
    std::filesystem::rename(tmp_, path_, ec);
    if (ec) return absl::UnavailableError(absl::StrCat("cannot write ", path_));
    return absl::OkStatus();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_, tmp_;
  std::ofstream file_;
};

void PrintSummary(const v1::ExportChunk& last, const std::string& out) {
  std::string path = out == "-" ? Tr("到标准输出", "to stdout") : out;
  std::string rows = WithThousandsSeparators(absl::StrCat(last.rows()));
  bool snapshot = last.first_sequence() == last.last_sequence();
  if (Zh()) {
    std::cerr << "已导出" << (out == "-" ? "" : " ") << path << "：" << rows
              << " 行，"
              << (snapshot
                      ? absl::StrCat("截至日志序号 ", last.last_sequence(),
                                     "（导出期间无变更）")
                      : absl::StrCat("读取于日志序号 ", last.first_sequence(),
                                     " 至 ", last.last_sequence(), " 之间"))
              << "\n";
  } else {
    std::cerr << "wrote " << path << ": " << rows << " rows, "
              << (snapshot ? absl::StrCat("as of log sequence ",
                                          last.last_sequence(),
                                          " (no change during the export)")
                           : absl::StrCat("read between log sequences ",
                                          last.first_sequence(), " and ",
                                          last.last_sequence()))
              << "\n";
  }
}

}  // namespace

int Export(HubClient& client, const Args& args) {
  if (args.size() > 1 || (args.size() == 1 && args[0] != "records" &&
                          args[0] != "contributions")) {
    return Usage();
  }
  auto filter = ListRequestFromFlags();
  if (!filter.ok()) return Fail(filter.status());
  v1::ExportRecordsRequest request;
  *request.mutable_filter() = *filter;
  request.set_table(!args.empty() && args[0] == "contributions"
                        ? v1::EXPORT_TABLE_CONTRIBUTIONS
                        : v1::EXPORT_TABLE_RECORDS);
  request.set_code_headers(absl::GetFlag(FLAGS_code_headers));
  if (absl::Status s = SetFormat(&request); !s.ok()) return Fail(s);

  auto stub = v1::ExportService::NewStub(client.channel());
  grpc::ClientContext ctx;
  client.Prepare(&ctx);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::hours(1));
  auto reader = stub->ExportRecords(&ctx, request);
  Output out;
  v1::ExportChunk chunk, last;
  while (reader->Read(&chunk)) {
    if (!out.is_open()) {
      std::string path = absl::GetFlag(FLAGS_out);
      if (absl::Status s = out.Open(path.empty() ? chunk.file_name() : path);
          !s.ok()) {
        ctx.TryCancel();
        reader->Finish();
        return Fail(s);
      }
    }
    if (absl::Status s = out.Write(chunk.data()); !s.ok()) {
      ctx.TryCancel();
      reader->Finish();
      return Fail(s);
    }
    if (chunk.last()) last = chunk;
  }
  grpc::Status status = reader->Finish();
  if (!status.ok()) return Fail(FromGrpcStatus(status));
  if (!last.last()) {
    return Fail(absl::DataLossError("the export ended without its last chunk"));
  }
  if (absl::Status s = out.Commit(); !s.ok()) return Fail(s);
  PrintSummary(last, out.path());
  return 0;
}

}  // namespace hubctl
}  // namespace hub
