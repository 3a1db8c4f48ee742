// The demo year against the real seed catalog: deterministic, every
// submission accepted by the engine, and the promised disagreements present.
#include "tools/demo/demo_data.h"

#include <fstream>
#include <set>
#include <sstream>

#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
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

TEST(DemoDataTest, EveryDemoSubmissionIsAcceptedAndConflictsAppear) {
  HubOptions options;
  options.rules = *NewBuiltinRuleRegistry();
  auto hub = Hub::Open(NewMemStore(), options);
  ASSERT_THAT(hub, IsOk());
  v1::Catalog catalog = SeedCatalog();
  ASSERT_THAT(
      (*hub)->UpdateCatalog(*Principal::Parse("reform_office@350400"), catalog),
      IsOk());
  for (const DemoSubmission& d : GenerateDemo((*hub)->catalog()->proto())) {
    auto r =
        (*hub)->Submit(*Principal::Parse(d.principal), d.submission, false);
    ASSERT_THAT(r, IsOk()) << d.submission.submission_id();
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

}  // namespace
}  // namespace hub
