// One conformance suite, instantiated for every department adapter and
// sample export: golden items, round trip through the native message,
// provenance, error reporting, and idempotent re-import into a real Hub.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_replace.h"
#include "adapters/builtin.h"
#include "adapters/import.h"
#include "adapters/internal/cells.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/engine/hub.h"
#include "hub/store/store.h"
#include "tests/conformance/conformance_cases.h"

namespace hub {
namespace conformance {
namespace {

using ::hub::testing::IsOk;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using ::testing::Not;

std::string DataPath(const std::string& file) {
  return std::string(DATA_DIR) + "/" + file;
}

class AdapterConformanceTest : public ::testing::TestWithParam<AdapterCase> {
 protected:
  void SetUp() override {
    ASSERT_THAT(adapters::RegisterBuiltinAdapters(&registry_), IsOk());
  }

  adapters::ImportOptions Options(bool valid_rows_only = false) const {
    adapters::ImportOptions o;
    o.report_period = *Period::Parse(GetParam().period);
    o.valid_rows_only = valid_rows_only;
    return o;
  }

  absl::StatusOr<adapters::ImportResult> Import(const std::string& file) const {
    return adapters::ImportCsvFile(registry_, GetParam().department,
                                   DataPath(file), Options());
  }

  adapters::AdapterRegistry registry_;
};

std::string ToJsonLines(const v1::Submission& s) {
  google::protobuf::util::JsonPrintOptions o;
  o.preserve_proto_field_names = true;
  v1::Submission head = s;
  head.clear_items();
  std::string out, line;
  (void)google::protobuf::util::MessageToJsonString(head, &line, o);
  out = line + "\n";
  for (const auto& item : s.items()) {
    line.clear();
    (void)google::protobuf::util::MessageToJsonString(item, &line, o);
    out += line + "\n";
  }
  return out;
}

TEST_P(AdapterConformanceTest, SampleMatchesGoldenItemsExactly) {
  HUB_ASSERT_OK_AND_ASSIGN(auto result, Import(GetParam().file));
  EXPECT_EQ(result.adapter, GetParam().adapter);
  EXPECT_THAT(result.issues, IsEmpty());
  EXPECT_EQ(result.accepted_rows, result.rows);
  std::string golden_path =
      std::string(GOLDEN_DIR) + "/" + GetParam().file + ".golden.jsonl";
  std::string actual = ToJsonLines(result.submission);
  if (std::getenv("HUB_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(golden_path, std::ios::binary) << actual;
  }
  std::ifstream in(golden_path, std::ios::binary);
  ASSERT_TRUE(in) << "missing " << golden_path
                  << " (run with HUB_UPDATE_GOLDEN=1 and review it)";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str());
}

const v1::Provenance& ProvenanceOf(const v1::SubmissionItem& item) {
  return item.has_task_progress() ? item.task_progress().provenance()
                                  : item.indicator_value().provenance();
}

v1::Provenance* MutableProvenanceOf(v1::SubmissionItem& item) {
  return item.has_task_progress()
             ? item.mutable_task_progress()->mutable_provenance()
             : item.mutable_indicator_value()->mutable_provenance();
}

// Clears what legitimately differs between the file and the message path.
v1::Submission WithoutSourceLocation(v1::Submission s) {
  s.clear_submission_id();
  for (auto& item : *s.mutable_items()) {
    v1::Provenance* p = MutableProvenanceOf(item);
    p->clear_source();
    p->clear_lines();
    p->clear_field();
  }
  return s;
}

TEST_P(AdapterConformanceTest, NativeMessageRoundTripGivesTheSameItems) {
  HUB_ASSERT_OK_AND_ASSIGN(auto adapter, registry_.Create(GetParam().adapter));
  // Read the file's rows into the department's native report message.
  HUB_ASSERT_OK_AND_ASSIGN(
      auto reader, adapters::CsvReader::Open(DataPath(GetParam().file),
                                             adapters::Encoding::kAuto));
  std::vector<std::string> header, cells;
  int64_t line = 0;
  ASSERT_THAT(reader->Next(&header, &line), IsOk());
  const auto* row_desc = adapter->RowPrototype().GetDescriptor();
  const auto* report_desc = row_desc->file()->FindMessageTypeByName(
      absl::StrReplaceAll(row_desc->name(), {{"Row", "Report"}}));
  ASSERT_NE(report_desc, nullptr);
  std::unique_ptr<google::protobuf::Message> report(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(report_desc)
          ->New());
  const auto* rows = report_desc->FindFieldByName("rows");
  absl::StatusOr<bool> more;
  while ((more = reader->Next(&cells, &line)).ok() && *more) {
    auto* row = report->GetReflection()->AddMessage(report.get(), rows);
    for (const auto& col : adapter->Columns()) {
      size_t i =
          std::find(header.begin(), header.end(), col.header) - header.begin();
      row->GetReflection()->SetString(row, row_desc->FindFieldByName(col.field),
                                      cells.at(i));
    }
  }
  ASSERT_THAT(more, IsOk());

  HUB_ASSERT_OK_AND_ASSIGN(
      auto from_message,
      adapters::TranslateReport(*adapter, *report, "SubmitReport", Options()));
  HUB_ASSERT_OK_AND_ASSIGN(auto from_file, Import(GetParam().file));
  EXPECT_THAT(from_message.issues, IsEmpty());
  ASSERT_GT(from_message.submission.items_size(), 0);
  EXPECT_EQ(ProvenanceOf(from_message.submission.items(0)).source(),
            "SubmitReport");
  EXPECT_THAT(ProvenanceOf(from_message.submission.items(0)).field(),
              ::testing::StartsWith("rows["));
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      WithoutSourceLocation(from_message.submission),
      WithoutSourceLocation(from_file.submission)));
}

// A sample's warnings (figures the adapter would not derive from it) are
// exactly the documented ones; the others have none.
TEST_P(AdapterConformanceTest, SampleWarningsAreExactlyTheDocumentedOnes) {
  HUB_ASSERT_OK_AND_ASSIGN(auto result, Import(GetParam().file));
  std::vector<std::string> warnings;
  for (const auto& w : result.warnings) warnings.push_back(w.ToString());
  EXPECT_THAT(warnings, ElementsAreArray(GetParam().warnings));
}

TEST_P(AdapterConformanceTest, EveryItemCarriesProvenance) {
  HUB_ASSERT_OK_AND_ASSIGN(auto result, Import(GetParam().file));
  ASSERT_GT(result.submission.items_size(), 0);
  HUB_ASSERT_OK_AND_ASSIGN(auto adapter, registry_.Create(GetParam().adapter));
  for (const auto& item : result.submission.items()) {
    const v1::Provenance& p = ProvenanceOf(item);
    SCOPED_TRACE(item.ShortDebugString());
    EXPECT_EQ(p.adapter(), GetParam().adapter);
    EXPECT_EQ(p.adapter_version(), absl::StrCat(adapter->Version()));
    EXPECT_EQ(p.source(), GetParam().file);
    EXPECT_THAT(p.lines(), Not(IsEmpty()));
    for (int64_t l : p.lines()) EXPECT_GE(l, 2);  // line 1 is the header
    bool region = false;
    for (const auto& c : p.conversions()) region |= c.field() == "region_code";
    EXPECT_TRUE(region) << "no region_code conversion";
  }
}

TEST_P(AdapterConformanceTest, EveryBadRowIsReportedAtOnce) {
  if (GetParam().bad_file.empty()) GTEST_SKIP() << "no bad-rows sample";
  HUB_ASSERT_OK_AND_ASSIGN(auto result, Import(GetParam().bad_file));
  std::vector<std::string> issues;
  for (const auto& i : result.issues) issues.push_back(i.ToString());
  EXPECT_THAT(issues, ElementsAreArray(GetParam().bad_issues));
  EXPECT_LT(result.accepted_rows, result.rows);
}

absl::StatusOr<v1::Catalog> RealCatalog() {
  v1::Catalog all;
  for (const auto& e : std::filesystem::directory_iterator(CATALOG_DIR)) {
    if (e.path().extension() != ".json") continue;
    std::ifstream in(e.path());
    std::stringstream text;
    text << in.rdbuf();
    v1::Catalog part;
    auto s = google::protobuf::util::JsonStringToMessage(text.str(), &part);
    if (!s.ok()) return absl::InvalidArgumentError(std::string(s.message()));
    all.MergeFrom(part);
  }
  return all;
}

TEST_P(AdapterConformanceTest, ReimportingTheSameFileIsARetry) {
  HubOptions options;
  options.rules = *NewBuiltinRuleRegistry();
  HUB_ASSERT_OK_AND_ASSIGN(auto hub, Hub::Open(NewMemStore(), options));
  HUB_ASSERT_OK_AND_ASSIGN(v1::Catalog catalog, RealCatalog());
  ASSERT_THAT(
      hub->UpdateCatalog(*Principal::Parse("reform_office@350400"), catalog)
          .status(),
      IsOk());
  HUB_ASSERT_OK_AND_ASSIGN(Principal who,
                           Principal::Parse(GetParam().principal));
  HUB_ASSERT_OK_AND_ASSIGN(auto first, Import(GetParam().file));
  HUB_ASSERT_OK_AND_ASSIGN(v1::Receipt r1,
                           hub->Submit(who, first.submission, false));
  EXPECT_FALSE(r1.replayed());
  EXPECT_EQ(r1.items_size(), first.submission.items_size());
  uint64_t head = hub->head().sequence;
  HUB_ASSERT_OK_AND_ASSIGN(auto again, Import(GetParam().file));
  EXPECT_EQ(again.submission.submission_id(), first.submission.submission_id());
  HUB_ASSERT_OK_AND_ASSIGN(v1::Receipt r2,
                           hub->Submit(who, again.submission, false));
  EXPECT_TRUE(r2.replayed());
  EXPECT_EQ(r2.sequence(), r1.sequence());
  EXPECT_EQ(hub->head().sequence, head);
}

// The adapters carry their own copy of the GB/T 2260 codes (so a bad code is
// reported with its line before anything is sent); it must stay the
// catalog's.
TEST(AdapterRegionTableTest, MatchesTheCatalogRegions) {
  HUB_ASSERT_OK_AND_ASSIGN(v1::Catalog catalog, RealCatalog());
  std::map<std::string, std::string, std::less<>> from_catalog;
  for (const auto& r : catalog.regions()) from_catalog[r.code()] = r.name();
  EXPECT_EQ(adapters::internal::Gbt2260Regions(), from_catalog);
}

INSTANTIATE_TEST_SUITE_P(AllAdapters, AdapterConformanceTest,
                         ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<AdapterCase>& info) {
                           std::string name = info.param.file.substr(
                               0, info.param.file.find('.'));
                           return name;
                         });

}  // namespace
}  // namespace conformance
}  // namespace hub
