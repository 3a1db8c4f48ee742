// libFuzzer target: a department's CSV export through `hubctl import`'s
// path (ImportCsvData): the header picks one of the department's adapters,
// every row goes through that adapter's row parser and translation. Built
// once per department (HUB_FUZZ_DEPARTMENT). The input's first line is the
// report period (e.g. "2024H1"), the rest the export.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "adapters/builtin.h"
#include "adapters/import.h"
#include "adapters/registry.h"
#include "hub/common/utf8.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

const hub::adapters::AdapterRegistry& Registry() {
  static const auto* registry = [] {
    auto* r = new hub::adapters::AdapterRegistry;
    absl::Status s = hub::adapters::RegisterBuiltinAdapters(r);
    if (!s.ok()) hub::fuzz::Fail("adapters register", s.ToString());
    return r;
  }();
  return *registry;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const size_t nl = input.find('\n');
  if (nl == std::string::npos || nl > 32) return 0;
  hub::adapters::ImportOptions options;
  auto period = hub::Period::Parse(input.substr(0, nl));
  if (!period.ok()) return 0;
  options.report_period = *period;
  options.valid_rows_only = (size % 2) == 1;
  auto result =
      hub::adapters::ImportCsvData(Registry(), HUB_FUZZ_DEPARTMENT, "fuzz.csv",
                                   input.substr(nl + 1), options);
  if (!result.ok()) {
    HUB_FUZZ_CHECK(
        result.status().code() == absl::StatusCode::kInvalidArgument ||
            result.status().code() == absl::StatusCode::kNotFound,
        result.status().ToString());
    return 0;
  }
  HUB_FUZZ_CHECK(result->accepted_rows <= result->rows, "accepted <= rows");
  HUB_FUZZ_CHECK(result->submission.department() == HUB_FUZZ_DEPARTMENT,
                 result->submission.department());
  for (const auto& issue : result->issues) {
    HUB_FUZZ_CHECK(!issue.reason.empty(), issue.ToString());
    HUB_FUZZ_CHECK(hub::IsValidUtf8(issue.ToString()), issue.ToString());
  }
  // What goes to the hub parses back: every string valid UTF-8.
  std::string bytes;
  HUB_FUZZ_CHECK(result->submission.SerializeToString(&bytes), "serializes");
  hub::v1::Submission back;
  HUB_FUZZ_CHECK(back.ParseFromString(bytes), "submission parses back");
  return 0;
}
