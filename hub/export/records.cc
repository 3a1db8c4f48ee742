// Merged records as export tables: one row per record (合并记录) or one per
// department's contribution (报送明细), with the catalog's Chinese names
// beside the codes, and the paging driver that streams them.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "hub/export/export.h"
#include "hub/model/labels.h"

namespace hub {
namespace {

constexpr int kPageSize = 1000;
constexpr Lang kZh = Lang::kZh;

ExportColumn Text(const char* code, const char* name) {
  return {code, name, ColumnType::kText, {}};
}
ExportColumn Figure(const char* code, const char* name,
                    FigureFormat f = {FigureKind::kPlain, -1}) {
  return {code, name, ColumnType::kFigure, f};
}
ExportColumn Time(const char* code, const char* name) {
  return {code, name, ColumnType::kDateTime, {}};
}

std::vector<ExportColumn> KeyColumns() {
  return {Text("kind", "类别"),        Text("code", "代码"),
          Text("name", "名称"),        Text("region_code", "区划代码"),
          Text("region_name", "区划"), Text("period", "报告期")};
}

// What the key columns hold, and the subject's value format.
struct Subject {
  std::vector<ExportCell> cells;
  const v1::Indicator* indicator = nullptr;
  FigureFormat format;
};

Subject SubjectOf(const v1::RecordKey& key, const Catalog& catalog) {
  Subject s;
  std::string name;
  if (key.kind() == v1::SUBJECT_KIND_INDICATOR) {
    s.indicator = catalog.FindIndicator(key.code());
    if (s.indicator != nullptr) {
      name = s.indicator->name();
      s.format = FigureFormatFor(*s.indicator);
    }
  } else if (const v1::Task* t = catalog.FindTask(key.code())) {
    name = t->title();
  }
  const v1::Region* region = catalog.FindRegion(key.region_code());
  s.cells = {ExportCell::Text(SubjectKindLabel(key.kind(), kZh)),
             ExportCell::Text(key.code()),
             ExportCell::Text(name),
             ExportCell::Text(key.region_code()),
             ExportCell::Text(region != nullptr ? region->name() : ""),
             ExportCell::Text(key.period())};
  return s;
}

std::string DepartmentName(const std::string& code, const Catalog& catalog) {
  const v1::Department* d = catalog.FindDepartment(code);
  return d != nullptr ? d->name() : code;
}

ExportCell Value(const std::string& decimal, const Subject& s) {
  if (decimal.empty()) return ExportCell();
  return ExportCell::Number(decimal, s.format);
}

ExportCell Unit(const Subject& s) {
  return s.indicator != nullptr ? ExportCell::Text(s.indicator->unit())
                                : ExportCell();
}

// "财政局 670.00；医保局 640.00" (tasks: "卫健委 推进中").
std::string ContributionsText(const v1::MergedRecord& r, const Subject& s,
                              const Catalog& catalog) {
  std::vector<std::string> parts;
  for (const auto& c : r.contributions()) {
    parts.push_back(absl::StrCat(DepartmentName(c.department(), catalog), " ",
                                 r.key().kind() == v1::SUBJECT_KIND_TASK
                                     ? TaskStatusLabel(c.status(), kZh)
                                     : FormatFigure(c.value(), s.format)));
  }
  return absl::StrJoin(parts, "；");
}

// "医保局 640.00 与 财政局 670.00 相差 30.00（容差 1）".
std::string ConflictsText(const v1::MergedRecord& r, const Subject& s,
                          const Catalog& catalog) {
  std::vector<std::string> parts;
  for (const auto& c : r.conflicts()) {
    parts.push_back(
        absl::StrCat(DepartmentName(c.department(), catalog), " ",
                     FormatFigure(c.value(), s.format), " 与 ",
                     DepartmentName(c.reference_department(), catalog), " ",
                     FormatFigure(c.reference_value(), s.format), " 相差 ",
                     FormatFigure(c.difference(), s.format), "（容差 ",
                     FormatFigure(c.tolerance(), s.format), "）"));
  }
  return absl::StrJoin(parts, "；");
}

ExportCell LastReported(const v1::MergedRecord& r) {
  int64_t last = 0;
  for (const auto& c : r.contributions()) {
    last = std::max(last, c.accepted_at_micros());
  }
  return last == 0 ? ExportCell() : ExportCell::Time(last);
}

ExportCell TaskCode(const v1::MergedRecord& r, v1::TaskStatus status) {
  return r.key().kind() == v1::SUBJECT_KIND_TASK
             ? ExportCell::Text(TaskStatusCode(status))
             : ExportCell();
}

void AppendRecordRow(const v1::MergedRecord& r, const Catalog& catalog,
                     std::vector<std::vector<ExportCell>>* rows) {
  Subject s = SubjectOf(r.key(), catalog);
  bool task = r.key().kind() == v1::SUBJECT_KIND_TASK;
  std::vector<ExportCell> row = std::move(s.cells);
  row.push_back(Value(r.value(), s));
  row.push_back(Unit(s));
  row.push_back(TaskCode(r, r.status()));
  row.push_back(
      task ? ExportCell::Text(TaskRecordLabel(r.status(), r.overdue(), kZh))
           : ExportCell());
  row.push_back(task ? ExportCell::Text(r.overdue() ? "是" : "否")
                     : ExportCell());
  row.push_back(ExportCell::Text(RecordStateCode(r.state())));
  row.push_back(ExportCell::Text(RecordStateLabel(r.state(), kZh)));
  row.push_back(ExportCell::Text(ContributionsText(r, s, catalog)));
  row.push_back(ExportCell::Text(ConflictsText(r, s, catalog)));
  row.push_back(
      r.has_resolution()
          ? ExportCell::Text(absl::StrCat(
                FormatFigure(r.resolution().value(), s.format), "（",
                r.resolution().actor(), "：", r.resolution().reason(), "）"))
          : ExportCell());
  row.push_back(
      ExportCell::Text(absl::StrCat(r.rule_name(), " v", r.rule_version())));
  row.push_back(ExportCell::Number(absl::StrCat(r.version())));
  row.push_back(ExportCell::Number(absl::StrCat(r.last_sequence())));
  row.push_back(LastReported(r));
  rows->push_back(std::move(row));
}

void AppendContributionRows(const v1::MergedRecord& r, const Catalog& catalog,
                            std::vector<std::vector<ExportCell>>* rows) {
  Subject s = SubjectOf(r.key(), catalog);
  for (const v1::Contribution& c : r.contributions()) {
    std::vector<ExportCell> row = s.cells;
    row.push_back(ExportCell::Text(c.department()));
    row.push_back(ExportCell::Text(DepartmentName(c.department(), catalog)));
    row.push_back(Value(c.value(), s));
    row.push_back(c.numerator().empty() ? ExportCell()
                                        : ExportCell::Number(c.numerator()));
    row.push_back(c.denominator().empty()
                      ? ExportCell()
                      : ExportCell::Number(c.denominator()));
    row.push_back(Unit(s));
    row.push_back(TaskCode(r, c.status()));
    row.push_back(r.key().kind() == v1::SUBJECT_KIND_TASK
                      ? ExportCell::Text(TaskStatusLabel(c.status(), kZh))
                      : ExportCell());
    row.push_back(ExportCell::Text(c.text()));
    row.push_back(ExportCell::Text(c.note()));
    row.push_back(ExportCell::Text(c.submission_id()));
    row.push_back(ExportCell::Time(c.accepted_at_micros()));
    row.push_back(ExportCell::Number(absl::StrCat(c.sequence())));
    row.push_back(Value(r.value(), s));
    row.push_back(ExportCell::Text(RecordStateCode(r.state())));
    row.push_back(ExportCell::Text(RecordStateLabel(r.state(), kZh)));
    rows->push_back(std::move(row));
  }
}

}  // namespace

std::string RecordTableTitle(RecordTable table) {
  return table == RecordTable::kRecords ? "合并记录" : "报送明细";
}

std::vector<ExportColumn> RecordTableColumns(RecordTable table) {
  std::vector<ExportColumn> c = KeyColumns();
  std::vector<ExportColumn> more;
  if (table == RecordTable::kRecords) {
    more = {Figure("value", "合并值"),
            Text("unit", "单位"),
            Text("task_status", "任务状态代码"),
            Text("task_status_name", "任务状态"),
            Text("overdue", "是否逾期"),
            Text("state", "状态代码"),
            Text("state_name", "状态"),
            Text("contributions", "各部门报送"),
            Text("conflicts", "冲突"),
            Text("resolution", "裁定"),
            Text("rule", "合并规则"),
            Figure("version", "版本"),
            Figure("last_sequence", "最后变更序号"),
            Time("last_reported_at", "最后报送时间")};
  } else {
    more = {Text("department", "部门代码"),
            Text("department_name", "部门"),
            Figure("value", "报送值"),
            Figure("numerator", "分子"),
            Figure("denominator", "分母"),
            Text("unit", "单位"),
            Text("task_status", "任务状态代码"),
            Text("task_status_name", "任务状态"),
            Text("text", "进展情况"),
            Text("note", "备注"),
            Text("submission_id", "提交编号"),
            Time("accepted_at", "接收时间"),
            Figure("sequence", "序号"),
            Figure("record_value", "合并值"),
            Text("state", "状态代码"),
            Text("state_name", "状态")};
  }
  c.insert(c.end(), more.begin(), more.end());
  return c;
}

void AppendRecordRows(RecordTable table, const v1::MergedRecord& record,
                      const Catalog& catalog,
                      std::vector<std::vector<ExportCell>>* rows) {
  if (table == RecordTable::kRecords) {
    AppendRecordRow(record, catalog, rows);
  } else {
    AppendContributionRows(record, catalog, rows);
  }
}

absl::StatusOr<RecordsExportResult> ExportRecords(const Hub& hub,
                                                  const Principal& principal,
                                                  const RecordFilter& filter,
                                                  RecordTable table,
                                                  TableExporter* out) {
  RecordsExportResult result;
  result.first_sequence = hub.head().sequence;
  absl::Status s;
  std::string token;
  std::vector<std::vector<ExportCell>> rows;
  do {
    // The first page comes before the header, so a refused export writes
    // nothing at all.
    auto page = hub.ListRecords(principal, filter, kPageSize, token);
    if (!page.ok()) return page.status();
    if (token.empty()) {
      s = out->BeginTable(RecordTableTitle(table), RecordTableColumns(table));
      if (!s.ok()) return s;
    }
    std::shared_ptr<const Catalog> catalog = hub.catalog();
    for (const v1::MergedRecord& r : page->records) {
      rows.clear();
      AppendRecordRows(table, r, *catalog, &rows);
      for (const auto& row : rows) {
        if (s = out->AddRow(row); !s.ok()) return s;
      }
    }
    token = page->next_page_token;
  } while (!token.empty());
  if (s = out->Finish(); !s.ok()) return s;
  result.rows = out->rows();
  result.last_sequence = hub.head().sequence;
  return result;
}

}  // namespace hub
