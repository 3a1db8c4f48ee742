#include "hub/server/export_service.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "hub/export/export.h"
#include "hub/transport/grpc_status.h"

namespace hub {
namespace internal {
namespace {

absl::StatusOr<ExportOptions> ToOptions(const v1::ExportRecordsRequest& r) {
  ExportOptions o;
  switch (r.format()) {
    case v1::EXPORT_FORMAT_UNSPECIFIED:
    case v1::EXPORT_FORMAT_XLSX:
      o.format = ExportFormat::kXlsx;
      break;
    case v1::EXPORT_FORMAT_CSV:
      o.format = ExportFormat::kCsv;
      break;
    case v1::EXPORT_FORMAT_JSONL:
      o.format = ExportFormat::kJsonLines;
      break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("format: unknown export format ", r.format()));
  }
  switch (r.encoding()) {
    case v1::TEXT_ENCODING_UNSPECIFIED:
    case v1::TEXT_ENCODING_UTF8_BOM:
      o.encoding = CsvEncoding::kUtf8Bom;
      break;
    case v1::TEXT_ENCODING_UTF8:
      o.encoding = CsvEncoding::kUtf8;
      break;
    case v1::TEXT_ENCODING_GB18030:
      o.encoding = CsvEncoding::kGb18030;
      break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("encoding: unknown text encoding ", r.encoding()));
  }
  o.code_headers = r.code_headers();
  return o;
}

// "合并记录_350400_2024H1.xlsx"
std::string FileName(RecordTable table, const v1::ExportRecordsRequest& r,
                     ExportFormat format) {
  std::string name = RecordTableTitle(table);
  for (const std::string* part :
       {&r.filter().region_code(), &r.filter().period(),
        &r.filter().indicator_code(), &r.filter().task_code()}) {
    if (!part->empty()) absl::StrAppend(&name, "_", *part);
  }
  return absl::StrCat(name, ".", ExportExtension(format));
}

// Sends the exporter's bytes as chunks; the first names the file.
class ChunkWriter final : public ExportSink {
 public:
  ChunkWriter(grpc::ServerContext* ctx,
              grpc::ServerWriter<v1::ExportChunk>* writer,
              v1::ExportChunk first)
      : ctx_(ctx), writer_(writer), next_(std::move(first)) {}

  absl::Status Write(absl::string_view bytes) override {
    if (ctx_->IsCancelled()) return absl::CancelledError("export cancelled");
    next_.set_data(std::string(bytes));
    if (!writer_->Write(next_)) {
      return absl::CancelledError("the client went away");
    }
    next_.Clear();
    return absl::OkStatus();
  }
  // The last chunk (with the first chunk's names if nothing was sent).
  bool Finish(v1::ExportChunk* last) {
    next_.MergeFrom(*last);
    return writer_->Write(next_);
  }

 private:
  grpc::ServerContext* const ctx_;
  grpc::ServerWriter<v1::ExportChunk>* const writer_;
  v1::ExportChunk next_;
};

}  // namespace

grpc::Status ExportServiceImpl::ExportRecords(
    grpc::ServerContext* ctx, const v1::ExportRecordsRequest* request,
    grpc::ServerWriter<v1::ExportChunk>* writer) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  auto options = ToOptions(*request);
  if (!options.ok()) return ToGrpcStatus(options.status());
  RecordTable table = request->table() == v1::EXPORT_TABLE_CONTRIBUTIONS
                          ? RecordTable::kContributions
                          : RecordTable::kRecords;
  v1::ExportChunk first;
  first.set_file_name(FileName(table, *request, options->format));
  first.set_content_type(ExportContentType(options->format));
  ChunkWriter chunks(ctx, writer, std::move(first));
  auto exporter = TableExporter::Create(*options, &chunks);
  if (!exporter.ok()) return ToGrpcStatus(exporter.status());
  auto result = hub::ExportRecords(
      *hub_, *principal, ToFilter(request->filter()), table, exporter->get());
  if (!result.ok()) return ToGrpcStatus(result.status());
  v1::ExportChunk last;
  last.set_last(true);
  last.set_rows(result->rows);
  last.set_first_sequence(result->first_sequence);
  last.set_last_sequence(result->last_sequence);
  if (!chunks.Finish(&last)) {
    return grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
  }
  return grpc::Status::OK;
}

}  // namespace internal
}  // namespace hub
