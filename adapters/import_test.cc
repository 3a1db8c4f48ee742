#include "adapters/import.h"

#include <fstream>

#include "adapters/builtin.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"

namespace hub {
namespace adapters {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kHeader[] = "医保区划代码,年度,参保人数,人均财政补助标准,单位\n";

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_THAT(RegisterBuiltinAdapters(&registry_), IsOk());
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = ::testing::TempDir() + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  absl::StatusOr<ImportResult> Import(const std::string& path,
                                      bool valid_rows_only = false) {
    ImportOptions o;
    o.report_period = *Period::Parse("2024");
    o.valid_rows_only = valid_rows_only;
    return ImportCsvFile(registry_, "medical_insurance", path, o);
  }
  AdapterRegistry registry_;
};

TEST_F(ImportTest, HeaderThatMatchesNoExportNamesTheMissingColumns) {
  std::string path =
      Write("h.csv", "医保区划代码,年度,人均财政补助标准\n350499,2024,660\n");
  EXPECT_THAT(
      Import(path),
      StatusIs(
          absl::StatusCode::kInvalidArgument,
          HasSubstr("h.csv:1: header matches no medical_insurance export "
                    "(medical_insurance_financing lacks 参保人数、单位; ")));
}

TEST_F(ImportTest, ColumnsMayComeInAnyOrderAndExtraColumnsAreIgnored) {
  std::string path = Write("o.csv",
                           "单位,备注,年度,医保区划代码,人均财政补助标准,"
                           "参保人数\n元/人,无,2024,350499,660,2216300\n");
  HUB_ASSERT_OK_AND_ASSIGN(ImportResult r, Import(path));
  EXPECT_EQ(r.adapter, "medical_insurance_financing");
  ASSERT_EQ(r.submission.items_size(), 1);
  EXPECT_EQ(r.submission.items(0).indicator_value().value(), "660");
}

TEST_F(ImportTest, ShortRowIsAnIssueAndValidRowsOnlyChangesTheId) {
  std::string path = Write("s.csv", std::string(kHeader) +
                                        "350499,2024,2216300,660,元/人\n"
                                        "350421,2024,150000\n");
  HUB_ASSERT_OK_AND_ASSIGN(ImportResult all, Import(path));
  ASSERT_EQ(all.issues.size(), 1u);
  EXPECT_EQ(all.issues[0].ToString(), "s.csv:3: expected 5 cells, found 3");
  EXPECT_EQ(all.rows, 2);
  EXPECT_EQ(all.accepted_rows, 1);
  HUB_ASSERT_OK_AND_ASSIGN(ImportResult valid, Import(path, true));
  EXPECT_THAT(valid.submission.submission_id(),
              StartsWith("import-medical_insurance_financing-"));
  EXPECT_NE(valid.submission.submission_id(), all.submission.submission_id());
}

TEST_F(ImportTest, EmptyAndMissingFiles) {
  EXPECT_THAT(
      Import(Write("e.csv", "")),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty file")));
  EXPECT_THAT(Import(::testing::TempDir() + "/nope.csv"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("cannot open")));
}

TEST_F(ImportTest, UnknownDepartmentIsNotFound) {
  ImportOptions o;
  o.report_period = *Period::Parse("2024");
  EXPECT_THAT(ImportCsvFile(registry_, "tcm", Write("t.csv", kHeader), o),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("no adapter for department \"tcm\"")));
}

}  // namespace
}  // namespace adapters
}  // namespace hub
