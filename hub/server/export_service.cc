#include "hub/server/export_service.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "hub/export/export.h"
#include "hub/model/errors.h"
#include "hub/report/report.h"
#include "hub/server/view_service.h"
#include "hub/transport/grpc_status.h"

namespace hub {
namespace internal {
namespace {

template <typename Request>
absl::StatusOr<ExportOptions> ToOptions(const Request& r) {
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

absl::StatusOr<ViewRequest> ToViewRequest(const v1::ExportViewRequest& r) {
  switch (r.view_case()) {
    case v1::ExportViewRequest::kRollup:
      return ViewRequest(r.rollup());
    case v1::ExportViewRequest::kAttainment:
      return ViewRequest(r.attainment());
    case v1::ExportViewRequest::kReporting:
      return ViewRequest(r.reporting());
    case v1::ExportViewRequest::kLedger:
      return ViewRequest(r.ledger());
    case v1::ExportViewRequest::kLaggards:
      return ViewRequest(r.laggards());
    default:
      return InvalidArgumentWithViolations(
          "no view to export",
          {{"view",
            "one of rollup, attainment, reporting, ledger, laggards "
            "is required"}});
  }
}

// Sends bytes as chunks of at most chunk_bytes, the first naming the file
// and the last with rows and sequences.
grpc::Status SendBytes(grpc::ServerContext* ctx,
                       grpc::ServerWriter<v1::ExportChunk>* writer,
                       v1::ExportChunk first, const std::string& bytes,
                       v1::ExportChunk last) {
  ChunkWriter chunks(ctx, writer, std::move(first));
  constexpr size_t kChunk = 64 << 10;
  for (size_t at = 0; at < bytes.size(); at += kChunk) {
    absl::Status s = chunks.Write(absl::string_view(bytes).substr(at, kChunk));
    if (!s.ok()) return ToGrpcStatus(s);
  }
  if (!chunks.Finish(&last)) {
    return grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
  }
  return grpc::Status::OK;
}

}  // namespace

ExportServiceImpl::ExportServiceImpl(Hub* hub, const Authenticator* auth)
    : ServiceBase(hub, auth), views_(ViewsOptionsFor(hub)) {}

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
  const RecordFilter filter = ToFilter(request->filter());
  v1::ExportChunk first;
  first.set_file_name(RecordsFileName(table, filter, options->format));
  first.set_content_type(ExportContentType(options->format));
  ChunkWriter chunks(ctx, writer, std::move(first));
  auto exporter = TableExporter::Create(*options, &chunks);
  if (!exporter.ok()) return ToGrpcStatus(exporter.status());
  auto result =
      hub::ExportRecords(*hub_, *principal, filter, table, exporter->get());
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

grpc::Status ExportServiceImpl::ExportView(
    grpc::ServerContext* ctx, const v1::ExportViewRequest* request,
    grpc::ServerWriter<v1::ExportChunk>* writer) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  auto options = ToOptions(*request);
  if (!options.ok()) return ToGrpcStatus(options.status());
  auto view = ToViewRequest(*request);
  if (!view.ok()) return ToGrpcStatus(view.status());
  auto table = ReadViewTable(views_, *hub_->catalog(), *principal, *view);
  if (!table.ok()) return ToGrpcStatus(table.status());
  v1::ExportChunk first;
  first.set_file_name(ViewFileName(*table, *view, options->format));
  first.set_content_type(ExportContentType(options->format));
  ChunkWriter chunks(ctx, writer, std::move(first));
  auto exporter = TableExporter::Create(*options, &chunks);
  if (!exporter.ok()) return ToGrpcStatus(exporter.status());
  absl::Status s = WriteViewTable(*table, exporter->get());
  if (!s.ok()) return ToGrpcStatus(s);
  v1::ExportChunk last;
  last.set_last(true);
  last.set_rows(table->rows.size());
  last.set_first_sequence(table->as_of_sequence);
  last.set_last_sequence(table->as_of_sequence);
  if (!chunks.Finish(&last)) {
    return grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
  }
  return grpc::Status::OK;
}

grpc::Status ExportServiceImpl::ExportReport(
    grpc::ServerContext* ctx, const v1::ExportReportRequest* request,
    grpc::ServerWriter<v1::ExportChunk>* writer) {
  absl::StatusOr<Principal> principal = Caller(ctx);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  HubReaders readers = hub_->NewReaders();
  ViewReaders view_readers{std::move(readers.records), std::move(readers.log)};
  auto data =
      GatherReport(views_, view_readers, *principal, request->region_code(),
                   request->period(), absl::ToUnixMicros(hub_->Now()));
  if (!data.ok()) return ToGrpcStatus(data.status());
  v1::ExportChunk first;
  first.set_file_name(ReportFileName(data->region_code, data->period));
  first.set_content_type("text/html; charset=utf-8");
  v1::ExportChunk last;
  last.set_last(true);
  last.set_first_sequence(data->as_of_sequence);
  last.set_last_sequence(data->as_of_sequence);
  return SendBytes(ctx, writer, std::move(first), RenderReportHtml(*data),
                   std::move(last));
}

}  // namespace internal
}  // namespace hub
