// hubctl export: merged records or an analyst view as a file people open
// in Excel or WPS; hubctl report: the one-page HTML report.
//
//   hubctl export [records|contributions] [--format xlsx|csv|jsonl]
//       [--encoding utf-8|utf-8-nobom|gb18030] [--code_headers] [--out FILE]
//       [--region --period --indicator --task --department --state --kind]
//   hubctl export rollup|attainment|reporting|ledger|laggards [the view
//       command's arguments and flags] [--format --encoding --out]
//   hubctl report --region R --period P [--out FILE]
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
ABSL_DECLARE_FLAG(std::string, region);
ABSL_DECLARE_FLAG(std::string, period);

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

void PrintReportSummary(const v1::ExportChunk& last, const std::string& out,
                        uint64_t bytes) {
  std::string size = WithThousandsSeparators(absl::StrCat(bytes));
  if (Zh()) {
    std::cerr << "已写出 " << out << "：" << size << " 字节，截至日志序号 "
              << last.last_sequence() << "\n";
  } else {
    std::cerr << "wrote " << out << ": " << size
              << " bytes, as of log sequence " << last.last_sequence() << "\n";
  }
}

// Writes the chunks of reader to --out (default: the name in the first
// chunk); prints where and how much. Returns the exit status.
int Receive(grpc::ClientContext* ctx,
            grpc::ClientReaderInterface<v1::ExportChunk>* reader, bool report) {
  Output out;
  v1::ExportChunk chunk, last;
  uint64_t bytes = 0;
  while (reader->Read(&chunk)) {
    if (!out.is_open()) {
      std::string path = absl::GetFlag(FLAGS_out);
      if (absl::Status s = out.Open(path.empty() ? chunk.file_name() : path);
          !s.ok()) {
        ctx->TryCancel();
        reader->Finish();
        return Fail(s);
      }
    }
    if (absl::Status s = out.Write(chunk.data()); !s.ok()) {
      ctx->TryCancel();
      reader->Finish();
      return Fail(s);
    }
    bytes += chunk.data().size();
    if (chunk.last()) last = chunk;
  }
  grpc::Status status = reader->Finish();
  if (!status.ok()) return Fail(FromGrpcStatus(status));
  if (!last.last()) {
    return Fail(absl::DataLossError("the export ended without its last chunk"));
  }
  if (absl::Status s = out.Commit(); !s.ok()) return Fail(s);
  if (report) {
    PrintReportSummary(last, out.path(), bytes);
  } else {
    PrintSummary(last, out.path());
  }
  return 0;
}

std::unique_ptr<grpc::ClientContext> Context(HubClient& client) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  client.Prepare(ctx.get());
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::hours(1));
  return ctx;
}

// export rollup|attainment|reporting|ledger|laggards: the view's request
// from the same arguments and flags as the view's own command.
absl::StatusOr<v1::ExportViewRequest> ViewRequest(const Args& args) {
  v1::ExportViewRequest r;
  const std::string& view = args[0];
  const Args rest(args.begin() + 1, args.end());
  absl::Status s;
  if (view == "rollup") {
    auto q = RollupRequestFromFlags(rest);
    if (!q.ok()) return q.status();
    *r.mutable_rollup() = *q;
  } else if (view == "attainment") {
    auto q = AttainmentRequestFromFlags(rest);
    if (!q.ok()) return q.status();
    *r.mutable_attainment() = *q;
  } else if (view == "reporting") {
    auto q = ReportingRequestFromFlags(rest);
    if (!q.ok()) return q.status();
    *r.mutable_reporting() = *q;
  } else if (view == "ledger") {
    auto q = LedgerRequestFromFlags(rest);
    if (!q.ok()) return q.status();
    *r.mutable_ledger() = *q;
  } else {
    auto q = LaggardsRequestFromFlags(rest);
    if (!q.ok()) return q.status();
    *r.mutable_laggards() = *q;
  }
  return r;
}

bool IsView(const std::string& arg) {
  return arg == "rollup" || arg == "attainment" || arg == "reporting" ||
         arg == "ledger" || arg == "laggards";
}

}  // namespace

int Export(HubClient& client, const Args& args) {
  auto stub = v1::ExportService::NewStub(client.channel());
  if (!args.empty() && IsView(args[0])) {
    auto request = ViewRequest(args);
    if (!request.ok()) return Fail(request.status());
    v1::ExportRecordsRequest format;
    if (absl::Status s = SetFormat(&format); !s.ok()) return Fail(s);
    request->set_format(format.format());
    request->set_encoding(format.encoding());
    request->set_code_headers(absl::GetFlag(FLAGS_code_headers));
    auto ctx = Context(client);
    auto reader = stub->ExportView(ctx.get(), *request);
    return Receive(ctx.get(), reader.get(), false);
  }
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
  auto ctx = Context(client);
  auto reader = stub->ExportRecords(ctx.get(), request);
  return Receive(ctx.get(), reader.get(), false);
}

int Report(HubClient& client, const Args& args) {
  if (!args.empty()) return Usage();
  v1::ExportReportRequest request;
  request.set_region_code(absl::GetFlag(FLAGS_region));
  request.set_period(absl::GetFlag(FLAGS_period));
  auto stub = v1::ExportService::NewStub(client.channel());
  auto ctx = Context(client);
  auto reader = stub->ExportReport(ctx.get(), request);
  return Receive(ctx.get(), reader.get(), true);
}

}  // namespace hubctl
}  // namespace hub
