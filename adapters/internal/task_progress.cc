#include "adapters/internal/task_progress.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "adapters/internal/duplicates.h"
#include "adapters/internal/typed_translation.h"
#include "hub/v1/adapters/common.pb.h"

namespace hub {
namespace adapters {
namespace internal {
namespace {

using Row = v1::adapters::TaskProgressRow;

// Task codes are plan code, dot, numbers: "sm2024.10.3".
bool LooksLikeTaskCode(absl::string_view code) {
  if (code.empty() || code.find('.') == absl::string_view::npos) return false;
  for (char c : code) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '.') {
      return false;
    }
  }
  return true;
}

class TaskTranslation final : public TypedTranslation<Row> {
 public:
  TaskTranslation(const Adapter& adapter, const TranslationContext& context,
                  const TaskProgressSpec& spec)
      : TypedTranslation(adapter, context), spec_(spec) {}

 private:
  void Translate(const Row& row, const RowSource& src,
                 CellParser& cells) override {
    absl::string_view code = absl::StripAsciiWhitespace(row.task_code());
    if (!LooksLikeTaskCode(code)) {
      cells.Fail("task_code", absl::StrCat("\"", row.task_code(),
                                           "\" is not a task code like "
                                           "sm2024.10.3"));
    }
    auto region = cells.Region("division_code", row.division_code());
    auto status =
        cells.Word("status", row.status(), *spec_.words, "status word");
    if (!cells.ok()) return;
    if (!seen_.Insert(code, *region)) {
      cells.Fail("task_code", absl::StrCat("duplicate task row: ", code,
                                           " already reported for ", *region));
      return;
    }
    v1::TaskStatus parsed = v1::TASK_STATUS_UNSPECIFIED;
    v1::TaskStatus_Parse(*status, &parsed);
    std::vector<Conv> convs = {
        {"status", row.status(), *status,
         absl::StrCat(spec_.department, " status words")},
        {"region_code", row.division_code(), *region, "区划代码 GB/T 2260"},
        {"period", context().report_period.ToString(),
         context().report_period.ToString(), "the report's period"}};
    ItemKey key{std::string(code), *region, context().report_period.ToString()};
    aggregator().SetTask(key, parsed,
                         std::string(absl::StripAsciiWhitespace(row.text())),
                         src, convs);
  }

  const TaskProgressSpec spec_;
  DuplicateFilter seen_;  // task, region
};

class TaskProgressAdapter final : public Adapter {
 public:
  explicit TaskProgressAdapter(const TaskProgressSpec& spec)
      : spec_(spec),
        columns_{{"任务编号", "task_code"},
                 {"区划代码", "division_code"},
                 {spec.status_header, "status"},
                 {"进展情况", "text"}} {}

  absl::string_view Name() const override { return spec_.name; }
  int Version() const override { return 1; }
  absl::string_view Department() const override { return spec_.department; }
  const google::protobuf::Message& RowPrototype() const override {
    return Row::default_instance();
  }
  const std::vector<Column>& Columns() const override { return columns_; }
  std::unique_ptr<Translation> Begin(
      const TranslationContext& context) const override {
    return std::make_unique<TaskTranslation>(*this, context, spec_);
  }

 private:
  const TaskProgressSpec spec_;
  const std::vector<Column> columns_;
};

}  // namespace

std::unique_ptr<Adapter> NewTaskProgressAdapter(const TaskProgressSpec& spec) {
  return std::make_unique<TaskProgressAdapter>(spec);
}

}  // namespace internal
}  // namespace adapters
}  // namespace hub
