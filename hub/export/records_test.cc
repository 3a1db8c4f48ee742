// Merged records through the exporter, from a real Hub on the in-memory
// store holding the Sanming test catalog.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/engine/internal/test_fixtures.h"
#include "hub/export/export.h"

namespace hub {
namespace {

using ::hub::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

class StringSink : public ExportSink {
 public:
  absl::Status Write(absl::string_view bytes) override {
    data.append(bytes.data(), bytes.size());
    return absl::OkStatus();
  }
  std::string data;
};

Principal P(const std::string& text) { return *Principal::Parse(text); }

class RecordsExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HubOptions options;
    options.rules = *NewBuiltinRuleRegistry();
    auto hub = Hub::Open(NewMemStore(), options);
    HUB_ASSERT_OK(hub.status());
    hub_ = *std::move(hub);
    HUB_ASSERT_OK(hub_->UpdateCatalog(P("reform_office@350400"),
                                      testing::SanmingTestCatalog())
                      .status());
    v1::Submission fin =
        testing::SubsidySubmission("fin-1", "finance", "350404", "670");
    fin.mutable_items(0)->mutable_indicator_value()->set_note(
        "=HYPERLINK(\"http://evil\",\"点击\")");
    HUB_ASSERT_OK(hub_->Submit(P("finance@350400"), fin, false).status());
    v1::Submission mi = testing::SubsidySubmission("mi-1", "medical_insurance",
                                                   "350404", "640.00");
    mi.mutable_items(0)->mutable_indicator_value()->set_note("-按上年度标准");
    HUB_ASSERT_OK(
        hub_->Submit(P("medical_insurance@350400"), mi, false).status());
  }

  absl::StatusOr<std::string> Csv(RecordTable table,
                                  const std::string& principal,
                                  RecordFilter filter = {}) {
    StringSink sink;
    ExportOptions o;
    o.format = ExportFormat::kCsv;
    o.encoding = CsvEncoding::kUtf8;
    auto exporter = TableExporter::Create(o, &sink);
    if (!exporter.ok()) return exporter.status();
    auto result =
        ExportRecords(*hub_, P(principal), filter, table, exporter->get());
    if (!result.ok()) return result.status();
    rows_ = result->rows;
    EXPECT_EQ(result->first_sequence, result->last_sequence);
    EXPECT_EQ(result->last_sequence, hub_->head().sequence);
    return sink.data;
  }

  std::unique_ptr<Hub> hub_;
  uint64_t rows_ = 0;
};

TEST_F(RecordsExportTest, OneRowPerRecordWithNamesBesideCodes) {
  auto csv = Csv(RecordTable::kRecords, "analyst@350400");
  HUB_ASSERT_OK(csv.status());
  EXPECT_EQ(rows_, 1u);
  EXPECT_THAT(*csv,
              HasSubstr("类别,代码,名称,区划代码,区划,报告期,合并值,单位,"));
  EXPECT_THAT(
      *csv,
      HasSubstr("指标,resident_insurance_subsidy_per_person,"
                "居民医保人均财政补助标准,350404,三元区,2024,670.00,元/人,,,,"
                "conflict,冲突,财政局 670.00；医保局 640.00,"
                "医保局 640.00 与 财政局 670.00 相差 30.00（容差 1.00）,,"
                "authoritative_source v2,"));
}

TEST_F(RecordsExportTest, ContributionRowsCarryNeutralizedNotes) {
  auto csv = Csv(RecordTable::kContributions, "analyst@350400");
  HUB_ASSERT_OK(csv.status());
  EXPECT_EQ(rows_, 2u);
  EXPECT_THAT(*csv,
              HasSubstr(",finance,财政局,670.00,,,元/人,,,,"
                        "\"'=HYPERLINK(\"\"http://evil\"\",\"\"点击\"\")\","
                        "fin-1,"));
  EXPECT_THAT(*csv, HasSubstr(",medical_insurance,医保局,640.00,,,元/人,,,,"
                              "'-按上年度标准,mi-1,"));
}

TEST_F(RecordsExportTest, FiltersLikeList) {
  RecordFilter filter;
  filter.region_code = "350424";
  auto csv = Csv(RecordTable::kRecords, "analyst@350400", filter);
  HUB_ASSERT_OK(csv.status());
  EXPECT_EQ(rows_, 0u);
  EXPECT_THAT(*csv, Not(HasSubstr("350404")));
}

TEST_F(RecordsExportTest, RefusalWritesNothing) {
  RecordFilter filter;
  filter.region_code = "350400";
  StringSink sink;
  ExportOptions o;
  o.format = ExportFormat::kCsv;
  auto exporter = TableExporter::Create(o, &sink);
  HUB_ASSERT_OK(exporter.status());
  auto result = ExportRecords(*hub_, P("analyst@411300"), filter,
                              RecordTable::kRecords, exporter->get());
  EXPECT_THAT(result.status(), StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(sink.data, "");
}

}  // namespace
}  // namespace hub
