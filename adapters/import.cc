#include "adapters/import.h"

#include <openssl/evp.h>

#include <filesystem>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "hub/common/status_macros.h"

namespace hub {
namespace adapters {
namespace {

std::string Sha256Hex(absl::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<char*>(digest), len));
}

// "import-<adapter>-<16 hex digits>" over everything that shapes the items.
std::string SubmissionId(const Adapter& adapter, const ImportOptions& options,
                         absl::string_view content_hash) {
  std::string key = absl::StrCat(
      adapter.Department(), "\n", adapter.Name(), "\n", adapter.Version(), "\n",
      options.report_period.ToString(), "\n",
      options.valid_rows_only ? "valid_rows_only" : "all", "\n", content_hash);
  return absl::StrCat("import-", adapter.Name(), "-",
                      Sha256Hex(key).substr(0, 16));
}

std::string HeaderOf(const Adapter& adapter, absl::string_view field) {
  for (const Column& c : adapter.Columns()) {
    if (field == c.field) return c.header;
  }
  return std::string(field);
}

// The translation's warnings as issues: a file's line and column header, or
// a message's "rows[i].field".
void TakeWarnings(const Adapter& adapter, const Translation& translation,
                  const std::string& source, bool file, ImportResult* result) {
  for (const TranslationWarning& w : translation.Warnings()) {
    std::string column =
        file
            ? (w.field.empty() ? "" : HeaderOf(adapter, w.field))
            : absl::StrCat(w.source.field,
                           w.field.empty() || w.source.field.empty() ? "" : ".",
                           w.field);
    result->warnings.push_back(
        {source, file ? w.source.line : 0, std::move(column), w.message});
  }
}

absl::Status Finish(const Adapter& adapter, Translation& translation,
                    const ImportOptions& options, absl::string_view content,
                    ImportResult* result) {
  HUB_ASSIGN_OR_RETURN(std::vector<v1::SubmissionItem> items,
                       translation.Finish());
  v1::Submission& s = result->submission;
  s.set_submission_id(SubmissionId(adapter, options, content));
  s.set_department(std::string(adapter.Department()));
  s.set_source_system(absl::StrCat("adapter ", adapter.Name()));
  s.set_adapter(std::string(adapter.Name()));
  for (auto& item : items) *s.add_items() = std::move(item);
  result->adapter = std::string(adapter.Name());
  return absl::OkStatus();
}

// The adapter whose columns all appear in header; fills field_of_cell.
absl::StatusOr<std::unique_ptr<Adapter>> MatchHeader(
    const AdapterRegistry& registry, absl::string_view department,
    const std::vector<std::string>& header, const std::string& path,
    std::vector<const google::protobuf::FieldDescriptor*>* field_of_cell) {
  HUB_ASSIGN_OR_RETURN(auto candidates, registry.ForDepartment(department));
  std::vector<std::string> misses;
  for (auto& adapter : candidates) {
    std::vector<std::string> missing;
    field_of_cell->assign(header.size(), nullptr);
    const auto* desc = adapter->RowPrototype().GetDescriptor();
    for (const Column& c : adapter->Columns()) {
      auto it = std::find(header.begin(), header.end(), c.header);
      if (it == header.end()) {
        missing.push_back(c.header);
      } else {
        (*field_of_cell)[it - header.begin()] = desc->FindFieldByName(c.field);
      }
    }
    if (missing.empty()) return std::move(adapter);
    misses.push_back(
        absl::StrCat(adapter->Name(), " lacks ", absl::StrJoin(missing, "、")));
  }
  return absl::InvalidArgumentError(
      absl::StrCat(path, ":1: header matches no ", department, " export (",
                   absl::StrJoin(misses, "; "), ")"));
}

}  // namespace

std::string ImportIssue::ToString() const {
  std::string where = line > 0 ? absl::StrCat(source, ":", line) : source;
  return column.empty() ? absl::StrCat(where, ": ", reason)
                        : absl::StrCat(where, ": ", column, ": ", reason);
}

std::vector<FieldViolation> IssuesAsViolations(
    const std::vector<ImportIssue>& issues) {
  std::vector<FieldViolation> out;
  for (const ImportIssue& i : issues) {
    out.push_back({i.line > 0
                       ? absl::StrCat(i.source, ":", i.line, " ", i.column)
                       : i.column,
                   i.reason});
  }
  return out;
}

namespace {

// Reads reader as an export of department (path names it in messages).
absl::StatusOr<ImportResult> ImportCsv(const AdapterRegistry& registry,
                                       absl::string_view department,
                                       const std::string& path,
                                       CsvReader* reader,
                                       const ImportOptions& options) {
  const std::string name = std::filesystem::path(path).filename().string();
  std::vector<std::string> cells;
  int64_t line = 0;
  HUB_ASSIGN_OR_RETURN(bool any, reader->Next(&cells, &line));
  if (!any)
    return absl::InvalidArgumentError(absl::StrCat(path, ": empty file"));
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  HUB_ASSIGN_OR_RETURN(auto adapter,
                       MatchHeader(registry, department, cells, path, &fields));
  ImportResult result;
  result.encoding = reader->encoding();
  auto translation = adapter->Begin({options.report_period, name});
  std::unique_ptr<google::protobuf::Message> row(adapter->RowPrototype().New());
  const auto* reflection = row->GetReflection();
  while (true) {
    absl::StatusOr<bool> more = reader->Next(&cells, &line);
    if (!more.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": ", more.status().message()));
    }
    if (!*more) break;
    ++result.rows;
    if (cells.size() != fields.size()) {
      result.issues.push_back({name, line, "",
                               absl::StrCat("expected ", fields.size(),
                                            " cells, found ", cells.size())});
      continue;
    }
    row->Clear();
    for (size_t i = 0; i < cells.size(); ++i) {
      if (fields[i] != nullptr)
        reflection->SetString(row.get(), fields[i], cells[i]);
    }
    std::vector<RowIssue> issues = translation->AddRow(*row, {line, ""});
    for (RowIssue& i : issues) {
      result.issues.push_back(
          {name, line, HeaderOf(*adapter, i.field), i.reason});
    }
    result.accepted_rows += issues.empty();
  }
  HUB_RETURN_IF_ERROR(
      Finish(*adapter, *translation, options, reader->ContentHash(), &result));
  TakeWarnings(*adapter, *translation, name, /*file=*/true, &result);
  return result;
}

}  // namespace

absl::StatusOr<ImportResult> ImportCsvFile(const AdapterRegistry& registry,
                                           absl::string_view department,
                                           const std::string& path,
                                           const ImportOptions& options) {
  HUB_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path, options.encoding));
  return ImportCsv(registry, department, path, reader.get(), options);
}

absl::StatusOr<ImportResult> ImportCsvData(const AdapterRegistry& registry,
                                           absl::string_view department,
                                           const std::string& name,
                                           std::string data,
                                           const ImportOptions& options) {
  HUB_ASSIGN_OR_RETURN(
      auto reader, CsvReader::FromString(std::move(data), options.encoding));
  return ImportCsv(registry, department, name, reader.get(), options);
}

absl::StatusOr<ImportResult> TranslateReport(
    const Adapter& adapter, const google::protobuf::Message& report,
    const std::string& source, const ImportOptions& options) {
  const auto* rows_field = report.GetDescriptor()->FindFieldByName("rows");
  if (rows_field == nullptr || !rows_field->is_repeated() ||
      rows_field->message_type() != adapter.RowPrototype().GetDescriptor()) {
    return absl::InternalError(
        absl::StrCat(report.GetDescriptor()->full_name(), " has no rows of ",
                     adapter.RowPrototype().GetDescriptor()->full_name()));
  }
  ImportResult result;
  auto translation = adapter.Begin({options.report_period, source});
  const auto* reflection = report.GetReflection();
  int n = reflection->FieldSize(report, rows_field);
  for (int i = 0; i < n; ++i) {
    const auto& row = reflection->GetRepeatedMessage(report, rows_field, i);
    std::string at = absl::StrCat("rows[", i, "]");
    ++result.rows;
    std::vector<RowIssue> issues = translation->AddRow(row, {0, at});
    for (RowIssue& issue : issues) {
      result.issues.push_back(
          {source, 0, absl::StrCat(at, ".", issue.field), issue.reason});
    }
    result.accepted_rows += issues.empty();
  }
  std::string bytes;
  report.SerializePartialToString(&bytes);  // content key only
  HUB_RETURN_IF_ERROR(Finish(adapter, *translation, options, bytes, &result));
  TakeWarnings(adapter, *translation, source, /*file=*/false, &result);
  return result;
}

absl::StatusOr<v1::Submission> ReportToSubmission(
    const Adapter& adapter, const google::protobuf::Message& report,
    const std::string& source, const ImportOptions& options,
    std::vector<ImportIssue>* warnings) {
  HUB_ASSIGN_OR_RETURN(ImportResult result,
                       TranslateReport(adapter, report, source, options));
  if (warnings != nullptr) *warnings = result.warnings;
  if (!result.issues.empty() && !options.valid_rows_only) {
    return InvalidArgumentWithViolations(
        absl::StrCat(result.issues.size(),
                     result.issues.size() == 1 ? " problem" : " problems",
                     " in ", result.rows, result.rows == 1 ? " row" : " rows",
                     " of the report; nothing submitted (set "
                     "options.valid_rows_only to submit the ",
                     result.accepted_rows, " valid rows)"),
        IssuesAsViolations(result.issues));
  }
  return std::move(result.submission);
}

}  // namespace adapters
}  // namespace hub
