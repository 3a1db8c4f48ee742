// The demo year against the real seed catalog: deterministic, every
// submission accepted by the engine, and the promised disagreements present.
#include "tools/demo/demo_data.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "hub/common/cst_time.h"
#include "hub/common/status_matchers.h"
#include "hub/engine/hub.h"
#include "hub/model/model.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;

v1::Catalog SeedCatalog() {
  v1::Catalog all;
  for (const char* f : {"departments", "regions", "indicators", "plan_sm2024",
                        "plan_ny2022", "plan_qj2022", "plan_zz2021"}) {
    std::ifstream in(std::string(HUB_CATALOG_DIR) + "/" + f + ".json");
    std::stringstream ss;
    ss << in.rdbuf();
    v1::Catalog part;
    EXPECT_TRUE(
        google::protobuf::util::JsonStringToMessage(ss.str(), &part).ok())
        << f;
    all.MergeFrom(part);
  }
  return all;
}

TEST(DemoDataTest, SeedCatalogIsValid) {
  auto built = Catalog::Build(Catalog::Merge(v1::Catalog(), SeedCatalog()));
  EXPECT_THAT(built, IsOk());
  const Catalog& c = **built;
  EXPECT_EQ(c.FindRegion("350400")->name(), "三明市");
  EXPECT_EQ(c.FindPlan("sm2024")->document_number(), "明医改组〔2024〕4号");
  EXPECT_GE(c.proto().indicators_size(), 15);
}

TEST(DemoDataTest, IsDeterministicWithUniqueIds) {
  v1::Catalog catalog = SeedCatalog();
  std::vector<DemoSubmission> a = GenerateDemo(catalog);
  std::vector<DemoSubmission> b = GenerateDemo(catalog);
  ASSERT_EQ(a.size(), b.size());
  std::set<std::string> ids;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(DeterministicBytes(a[i].submission),
              DeterministicBytes(b[i].submission));
    EXPECT_TRUE(
        ids.insert(a[i].principal + a[i].submission.submission_id()).second);
  }
  EXPECT_GT(a.size(), 100u);
}

// Loaded as `hubctl demo load` does on a demo-clock hub: the catalog at
// the demo's start, each report at the time the hub receives it.
TEST(DemoDataTest, EveryDemoSubmissionIsAcceptedAndConflictsAppear) {
  int64_t now = 0;
  HubOptions options;
  options.rules = *NewBuiltinRuleRegistry();
  options.clock = [&now] { return absl::FromUnixMicros(now); };
  auto hub = Hub::Open(NewMemStore(), options);
  ASSERT_THAT(hub, IsOk());
  v1::Catalog catalog = SeedCatalog();
  now = DemoCatalogMicros(catalog);
  ASSERT_THAT(
      (*hub)->UpdateCatalog(*Principal::Parse("reform_office@350400"), catalog),
      IsOk());
  for (const DemoSubmission& d : GenerateDemo((*hub)->catalog()->proto())) {
    ASSERT_GE(d.received_at_micros, now) << d.submission.submission_id();
    now = d.received_at_micros;
    auto r =
        (*hub)->Submit(*Principal::Parse(d.principal), d.submission, false);
    ASSERT_THAT(r, IsOk()) << d.submission.submission_id();
    EXPECT_EQ(r->accepted_at_micros(), d.received_at_micros);
    for (const auto& item : r->items()) {
      EXPECT_TRUE(item.warnings().empty()) << d.submission.submission_id();
    }
  }
  RecordFilter conflicts;
  conflicts.state = v1::RECORD_STATE_CONFLICT;
  auto page = (*hub)->ListRecords(*Principal::Parse("analyst@350400"),
                                  conflicts, 100, "");
  ASSERT_THAT(page, IsOk());
  std::set<std::string> codes;
  for (const auto& r : page->records) codes.insert(r.key().code());
  EXPECT_TRUE(codes.count("resident_insurance_subsidy_per_person"));
  EXPECT_TRUE(codes.count("county_fund_spending_share"));
  auto v = (*hub)->VerifyChain(*Principal::Parse("auditor@350000"), 0, 0);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->ok);
}

// Sanming's reporting calendar (明医改组〔2024〕4号: 7/25, 9/25, 11/25):
// the demo has reports received on time, received late and missing, and the
// receipt time is not the department's own clock.
TEST(DemoDataTest, SanmingReportsAreOnTimeLateAndMissing) {
  v1::Catalog catalog = SeedCatalog();
  std::vector<DemoSubmission> demo = GenerateDemo(catalog);
  auto find = [&](const std::string& id) -> const DemoSubmission* {
    for (const DemoSubmission& d : demo) {
      if (d.submission.submission_id() == id) return &d;
    }
    return nullptr;
  };
  auto due = [](int month) {  // end of the day in CST
    return ToUnixMicros(EndOfDayCst(absl::CivilDay(2024, month, 25)));
  };
  const DemoSubmission* hc_h1 = find("demo-health_commission-350400-2024H1");
  ASSERT_NE(hc_h1, nullptr);
  EXPECT_LT(hc_h1->received_at_micros, due(7));  // on time
  const DemoSubmission* hc_q3 = find("demo-health_commission-350400-2024Q1-Q3");
  ASSERT_NE(hc_q3, nullptr);
  EXPECT_GT(hc_q3->received_at_micros, due(9));  // late
  const DemoSubmission* mi_year = find("demo-medical_insurance-350400-2024");
  ASSERT_NE(mi_year, nullptr);
  EXPECT_GT(mi_year->received_at_micros, due(11));                // late, ...
  EXPECT_LT(mi_year->submission.submitted_at_micros(), due(11));  // stamped
  const DemoSubmission* mi_progress =
      find("demo-medical_insurance-350400-progress-2024H1");
  ASSERT_NE(mi_progress, nullptr);
  EXPECT_GT(mi_progress->received_at_micros, due(7));
  EXPECT_EQ(find("demo-finance-350400-progress-2024Q1-Q3"), nullptr);
  EXPECT_NE(find("demo-finance-350400-progress-2024H1"), nullptr);
  // The annual figures of medical insurance leave out 永安市 (350481).
  std::set<std::string> regions;
  for (const auto& item : mi_year->submission.items()) {
    regions.insert(item.indicator_value().region_code());
  }
  EXPECT_EQ(regions.count("350481"), 0u);
  EXPECT_EQ(regions.count("350421"), 1u);
  for (const DemoSubmission& d : demo) {
    EXPECT_NE(d.received_at_micros, d.submission.submitted_at_micros());
  }
}

// The year before the demo year is there as a baseline: the per-person
// standards 30 yuan lower (25 in one county, which then misses "+30 元"),
// and the owners' shares, received in January.
TEST(DemoDataTest, ThePreviousYearIsThereAsABaseline) {
  std::vector<DemoSubmission> demo = GenerateDemo(SeedCatalog());
  const DemoSubmission* finance = nullptr;
  const DemoSubmission* health = nullptr;
  for (const DemoSubmission& d : demo) {
    const std::string& id = d.submission.submission_id();
    if (id == "demo-finance-350400-2023-final") finance = &d;
    if (id == "demo-health_commission-350400-2023-final") health = &d;
  }
  ASSERT_NE(finance, nullptr);
  ASSERT_NE(health, nullptr);
  EXPECT_EQ(
      finance->received_at_micros,
      ToUnixMicros(absl::FromCivil(absl::CivilSecond(2024, 1, 15, 10, 2, 0),
                                   ChinaStandardTime())));
  std::map<std::string, std::string> subsidy;
  for (const auto& item : finance->submission.items()) {
    const v1::IndicatorValue& v = item.indicator_value();
    EXPECT_EQ(v.period(), "2023");
    if (v.indicator_code() == "resident_insurance_subsidy_per_person") {
      subsidy[v.region_code()] = v.value();
    }
  }
  EXPECT_EQ(subsidy["350404"], "640.00");
  EXPECT_EQ(subsidy["350405"], "645.00");  // +25 in 沙县区
  EXPECT_EQ(subsidy["350400"], "640.00");
  bool share = false;
  for (const auto& item : health->submission.items()) {
    share |=
        item.indicator_value().indicator_code() == "primary_care_visit_share" &&
        !item.indicator_value().numerator().empty();
  }
  EXPECT_TRUE(share);
}

}  // namespace
}  // namespace hub
