// hubctl import: a department's CSV export through its adapter into the hub.
//
//   hubctl --as finance@350400 import --department finance --period 2024Q1-Q3
//       finance_budget.csv [--dry_run] [--valid_rows_only] [--encoding gb18030]
//
// The file is streamed through the adapter (adapters/import.h); every bad row
// is printed with file, line, column and reason. A file with bad rows changes
// nothing unless --valid_rows_only; --dry_run shows what would be created,
// updated or left unchanged, and what is rejected, without writing.
#include <iostream>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "adapters/builtin.h"
#include "adapters/import.h"
#include "tools/hubctl/commands_internal.h"
#include "tools/hubctl/format.h"
#include "tools/hubctl/i18n.h"

ABSL_FLAG(bool, valid_rows_only, false,
          "import: submit the valid rows even if some rows are rejected");
ABSL_FLAG(std::string, encoding, "auto",
          "import: utf-8, gb18030 or auto; export (CSV): utf-8 (with BOM, "
          "the default), utf-8-nobom or gb18030");
ABSL_DECLARE_FLAG(bool, json);
ABSL_DECLARE_FLAG(bool, dry_run);
ABSL_DECLARE_FLAG(std::string, period);
ABSL_DECLARE_FLAG(std::string, department);

namespace hub {
namespace hubctl {
namespace {

absl::StatusOr<adapters::ImportOptions> ImportOptionsFromFlags() {
  adapters::ImportOptions o;
  if (absl::GetFlag(FLAGS_period).empty()) {
    return absl::InvalidArgumentError(
        "import: --period is required: the period the report covers, e.g. "
        "2024H1 or 2024Q1-Q3");
  }
  auto period = Period::Parse(absl::GetFlag(FLAGS_period));
  if (!period.ok()) return period.status();
  o.report_period = *period;
  auto encoding = adapters::ParseEncoding(absl::GetFlag(FLAGS_encoding));
  if (!encoding.ok()) return encoding.status();
  o.encoding = *encoding;
  o.valid_rows_only = absl::GetFlag(FLAGS_valid_rows_only);
  return o;
}

// "FILE: adapter (encoding), N rows, N accepted, N problems[, N warnings]"
// and a line for each problem and warning.
void PrintImportHeader(const std::string& file,
                       const adapters::ImportResult& result) {
  const size_t problems = result.issues.size();
  const size_t warnings = result.warnings.size();
  std::cout << file << ": " << result.adapter << " ("
            << adapters::EncodingName(result.encoding) << "), ";
  if (Zh()) {
    std::cout << "共 " << result.rows << " 行，接受 " << result.accepted_rows
              << " 行，问题 " << problems << " 个"
              << (warnings == 0 ? "" : absl::StrCat("，警告 ", warnings, " 个"))
              << "\n";
  } else {
    std::cout << result.rows << " rows, " << result.accepted_rows
              << " accepted, " << problems << " problems"
              << (warnings == 0 ? ""
                                : absl::StrCat(", ", warnings, " warnings"))
              << "\n";
  }
  for (const auto& issue : result.issues) {
    std::cout << Tr("  拒绝  ", "  rejected  ") << issue.ToString() << "\n";
  }
  for (const auto& warning : result.warnings) {
    std::cout << Tr("  警告  ", "  warning   ") << warning.ToString() << "\n";
  }
}

}  // namespace

int Import(HubClient& client, const Args& args) {
  if (args.size() != 1 || absl::GetFlag(FLAGS_department).empty())
    return Usage();
  auto options = ImportOptionsFromFlags();
  if (!options.ok()) return Fail(options.status());
  adapters::AdapterRegistry registry;
  absl::Status registered = adapters::RegisterBuiltinAdapters(&registry);
  if (!registered.ok()) return Fail(registered);
  auto result = adapters::ImportCsvFile(
      registry, absl::GetFlag(FLAGS_department), args[0], *options);
  if (!result.ok()) return Fail(result.status());
  const bool dry_run = absl::GetFlag(FLAGS_dry_run);
  const size_t rejected = result->issues.size();
  PrintImportHeader(args[0], *result);
  if (rejected > 0 && !options->valid_rows_only) {
    // As the real run: a file with bad rows submits nothing.
    if (Zh()) {
      std::cout << (dry_run ? "[试运行] 不会报送任何数据" : "未报送任何数据")
                << "：请修正上面的行，或加 --valid_rows_only 只报送 "
                << result->accepted_rows << " 行有效数据\n";
    } else {
      std::cout << (dry_run ? "[dry run] nothing would be submitted"
                            : "nothing submitted")
                << ": fix the rows above, or pass --valid_rows_only to "
                   "submit the "
                << result->accepted_rows << " valid rows\n";
    }
    return 1;
  }
  if (result->submission.items_size() == 0) {
    std::cout << Tr("无可报送的数据：没有一行得出指标\n",
                    "nothing to submit: no row yields an indicator\n");
    return rejected == 0 ? 0 : 1;
  }
  v1::SubmitRequest request;
  *request.mutable_submission() = result->submission;
  // The department's own clock (informational; not part of the content).
  request.mutable_submission()->set_submitted_at_micros(
      absl::ToUnixMicros(absl::Now()));
  request.set_dry_run(dry_run);
  auto response = client.Submit(request);
  if (!response.ok()) return Fail(response.status());
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << ToJsonLine(response->receipt()) << "\n";
  } else {
    std::cout << ReceiptSummary(response->receipt())
              << (rejected == 0 ? ""
                  : Zh()
                      ? absl::StrCat("；未报送被拒的 ", rejected, " 行")
                      : absl::StrCat("; ", rejected, " rejected rows left out"))
              << "\n"
              << ItemOutcomesText(response->receipt());
  }
  return 0;
}

}  // namespace hubctl
}  // namespace hub
