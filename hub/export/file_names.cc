// The names of export files (export.h): one place, for ExportService and
// anything else that saves an export.
#include <type_traits>
#include <variant>

#include "absl/strings/str_cat.h"
#include "hub/export/export.h"

namespace hub {
namespace {

void AddPart(const std::string& part, std::string* name) {
  if (!part.empty()) absl::StrAppend(name, "_", part);
}

}  // namespace

std::string RecordsFileName(RecordTable table, const RecordFilter& filter,
                            ExportFormat format) {
  std::string name = RecordTableTitle(table);
  for (const std::string* part : {&filter.region_code, &filter.period,
                                  &filter.indicator_code, &filter.task_code}) {
    AddPart(*part, &name);
  }
  return absl::StrCat(name, ".", ExportExtension(format));
}

std::string ViewFileName(const ViewTable& table, const ViewRequest& request,
                         ExportFormat format) {
  std::string name = table.title;
  std::visit(
      [&name](const auto& r) {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<R, v1::RollupRequest> ||
                      std::is_same_v<R, v1::AttainmentRequest>) {
          AddPart(r.region_code(), &name);  // a region's view
        } else {
          AddPart(r.plan_code(), &name);  // a plan's view
        }
        AddPart(r.period(), &name);
      },
      request);
  return absl::StrCat(name, ".", ExportExtension(format));
}

}  // namespace hub
