// The live stream of view changes: each merged-record change with the
// roll-ups it moved, as of that change, resumable without gaps or repeats.
#include <atomic>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/views/internal/views_test_util.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;
using ::hub::views_testing::AddShare;
using ::hub::views_testing::NewSubmission;
using ::hub::views_testing::P;
using ::testing::HasSubstr;

constexpr char kPathway[] = "clinical_pathway_share_secondary";

class WatchTest : public views_testing::ViewsTest {
 protected:
  void SetUp() override {
    ViewsTest::SetUp();
    start_ = hub_->head().sequence;
    // Three counties report one after another; then 三元区 corrects.
    const char* reports[][3] = {{"350404", "80", "100"},
                                {"350405", "5000", "10000"},
                                {"350421", "300", "1000"},
                                {"350404", "90", "100"}};
    int n = 0;
    for (const auto& [county, num, den] : reports) {
      v1::Submission s =
          NewSubmission(absl::StrCat("hc-", ++n), "health_commission");
      AddShare(&s, kPathway, county, "2024H1", num, den);
      Send(s);
    }
    // Another indicator's change, not watched.
    v1::Submission mi = NewSubmission("mi-1", "medical_insurance");
    AddShare(&mi, "county_fund_spending_share", "350404", "2024H1", "1", "2");
    Send(mi);
  }
  v1::WatchRequest Request(uint64_t after) {
    v1::WatchRequest r;
    r.set_region_code("350400");
    r.add_indicator_codes(kPathway);
    r.set_after_sequence(after);
    return r;
  }
  // Every change of a (non-following) watch from after; stops after limit.
  std::vector<v1::ViewChange> Changes(uint64_t after, size_t limit = 100,
                                      uint64_t* resume = nullptr) {
    std::vector<v1::ViewChange> out;
    absl::Status s = views_->Watch(P("analyst@350400"), Request(after),
                                   [&](const v1::WatchResponse& r) {
                                     if (resume != nullptr)
                                       *resume = r.resume_after();
                                     if (r.has_change())
                                       out.push_back(r.change());
                                     return out.size() < limit;
                                   });
    EXPECT_THAT(s, IsOk());
    return out;
  }

  uint64_t start_ = 0;
};

TEST_F(WatchTest, EachChangeCarriesTheCitysRollupAsOfThatChange) {
  std::vector<v1::ViewChange> c = Changes(start_);
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].key().region_code(), "350404");
  EXPECT_EQ(c[0].value(), "80.00");
  EXPECT_EQ(c[0].state_before(), v1::RECORD_STATE_UNSPECIFIED);
  ASSERT_EQ(c[0].rollups_size(), 1);
  EXPECT_EQ(c[0].rollups(0).region_code(), "350400");
  EXPECT_EQ(c[0].rollups(0).value(), "80.00");
  EXPECT_EQ(
      c[0].rollups(0).coverage(),
      "1 of 11 counties; missing: 沙县区, 明溪县, 清流县, 宁化县, 大田县, "
      "尤溪县, 将乐县, 泰宁县, 建宁县, 永安市");
  EXPECT_EQ(c[1].rollups(0).value(), "50.30");  // 5080 / 10100
  EXPECT_EQ(c[2].rollups(0).value(), "48.47");  // 5380 / 11100
  // The correction: 80 -> 90 in 三元区.
  EXPECT_EQ(c[3].value_before(), "80.00");
  EXPECT_EQ(c[3].value(), "90.00");
  EXPECT_EQ(c[3].version(), 2u);
  EXPECT_EQ(c[3].rollups(0).value(), "48.56");  // 5390 / 11100
  EXPECT_EQ(c[3].rollups(0).contributing_count(), 3);
  for (size_t i = 1; i < c.size(); ++i) {
    EXPECT_GT(c[i].sequence(), c[i - 1].sequence());
  }
}

TEST_F(WatchTest, ResumingFromASequenceLosesAndRepeatsNothing) {
  const std::vector<v1::ViewChange> whole = Changes(start_);
  ASSERT_EQ(whole.size(), 4u);
  // The first stream stops after two changes; the second resumes there.
  uint64_t resume = 0;
  std::vector<v1::ViewChange> first = Changes(start_, 2, &resume);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(resume, first.back().sequence());
  std::vector<v1::ViewChange> rest = Changes(resume);
  first.insert(first.end(), rest.begin(), rest.end());
  ASSERT_EQ(first.size(), whole.size());
  for (size_t i = 0; i < whole.size(); ++i) {
    EXPECT_EQ(first[i].SerializeAsString(), whole[i].SerializeAsString())
        << "change " << i;
  }
}

TEST_F(WatchTest, RollupsAreAsOfTheEventNotAsOfTheSnapshot) {
  // Resuming after the first change: the snapshot already holds 三元区 at
  // 90, but the second change's roll-up must still see it at 80.
  std::vector<v1::ViewChange> all = Changes(start_);
  std::vector<v1::ViewChange> later = Changes(all[0].sequence());
  ASSERT_EQ(later.size(), 3u);
  EXPECT_EQ(later[0].rollups(0).value(), "50.30");
  EXPECT_EQ(later[2].rollups(0).value(), "48.56");
}

TEST_F(WatchTest, FollowingSeesNewChangesLive) {
  std::atomic<int> seen{0};
  std::thread watcher([&] {
    v1::WatchRequest r = Request(hub_->head().sequence);
    r.set_follow(true);
    absl::Status s = views_->Watch(P("analyst@350400"), r,
                                   [&](const v1::WatchResponse& resp) {
                                     if (resp.has_change()) ++seen;
                                     return seen < 2;
                                   });
    EXPECT_THAT(s, IsOk());
  });
  absl::SleepFor(absl::Milliseconds(20));
  for (int i = 0; i < 2; ++i) {
    v1::Submission s =
        NewSubmission(absl::StrCat("hc-live-", i), "health_commission");
    AddShare(&s, kPathway, i == 0 ? "350424" : "350430", "2024H1", "1", "2");
    Send(s);
  }
  watcher.join();
  EXPECT_EQ(seen.load(), 2);
}

TEST_F(WatchTest, BadRequestsNameTheField) {
  v1::WatchRequest r = Request(hub_->head().sequence + 10);
  r.add_indicator_codes("no_such_indicator");
  r.set_region_code("411300");
  absl::Status s = views_->Watch(P("analyst@350400"), r,
                                 [](const v1::WatchResponse&) { return true; });
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument,
                          HasSubstr("indicator_codes[1]")));
  EXPECT_THAT(s.message(), HasSubstr("after_sequence"));
  r = Request(0);
  r.set_region_code("411300");
  EXPECT_THAT(views_->Watch(P("analyst@350400"), r,
                            [](const v1::WatchResponse&) { return true; }),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

}  // namespace
}  // namespace hub
