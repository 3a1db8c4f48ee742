// NativeRequestToSubmission(): a native report received over gRPC, found
// its adapter by row type, translated into the submission to send.
#include "absl/strings/str_cat.h"
#include "adapters/import.h"
#include "hub/common/status_macros.h"
#include "hub/model/errors.h"
#include "hub/v1/adapters/common.pb.h"

namespace hub {
namespace adapters {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

absl::Status NotANativeRequest(const Message& request, absl::string_view why) {
  return absl::InternalError(
      absl::StrCat(request.GetDescriptor()->full_name(),
                   " is not a native report request: ", why));
}

// request's message field `name`; nullptr when it has none.
const Message* MessageField(const Message& request, const char* name) {
  const FieldDescriptor* f = request.GetDescriptor()->FindFieldByName(name);
  if (f == nullptr || f->is_repeated() ||
      f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
    return nullptr;
  }
  return &request.GetReflection()->GetMessage(request, f);
}

}  // namespace

absl::StatusOr<NativeSubmission> NativeRequestToSubmission(
    const AdapterRegistry& registry, absl::string_view department,
    const Message& request, const std::string& source) {
  const Message* report = MessageField(request, "report");
  const Message* options_message = MessageField(request, "options");
  v1::adapters::AdapterSubmitOptions options;
  if (report == nullptr || options_message == nullptr ||
      options_message->GetDescriptor() != options.GetDescriptor()) {
    return NotANativeRequest(request, "no report and options");
  }
  options.CopyFrom(*options_message);
  const FieldDescriptor* period_field =
      report->GetDescriptor()->FindFieldByName("report_period");
  const FieldDescriptor* rows_field =
      report->GetDescriptor()->FindFieldByName("rows");
  if (period_field == nullptr ||
      period_field->cpp_type() != FieldDescriptor::CPPTYPE_STRING ||
      rows_field == nullptr || !rows_field->is_repeated() ||
      rows_field->message_type() == nullptr) {
    return NotANativeRequest(request, "the report has no period and rows");
  }
  const std::string period_text =
      report->GetReflection()->GetString(*report, period_field);
  absl::StatusOr<Period> period = Period::Parse(period_text);
  if (!period.ok()) {
    return InvalidArgumentWithViolations(
        "bad report",
        {MakeViolation("report.report_period",
                       std::string(period.status().message()),
                       reason::kInvalidPeriod, {{"value", period_text}})});
  }
  HUB_ASSIGN_OR_RETURN(
      std::unique_ptr<Adapter> adapter,
      registry.ForRowType(department, *rows_field->message_type()));
  ImportOptions import;
  import.report_period = *period;
  import.valid_rows_only = options.valid_rows_only();
  NativeSubmission out;
  HUB_ASSIGN_OR_RETURN(
      out.submission,
      ReportToSubmission(*adapter, *report, source, import, &out.warnings));
  if (!options.submission_id().empty()) {
    out.submission.set_submission_id(options.submission_id());
  }
  out.dry_run = options.dry_run();
  return out;
}

}  // namespace adapters
}  // namespace hub
