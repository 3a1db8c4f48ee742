// Changing an indicator's rule through the catalog re-merges its records
// deterministically, logged as RECORD_REMERGED.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/engine/internal/hub_fixture.h"
#include "hub/engine/internal/test_fixtures.h"
#include "hub/model/model.h"

namespace hub {
namespace {

using ::hub::testing::IndicatorKey;
using ::hub::testing::IsOk;
using ::hub::testing::P;
using ::hub::testing::SubsidySubmission;

constexpr char kSubsidy[] = "resident_insurance_subsidy_per_person";

class RemergeTest : public ::hub::testing::SeedHubTest {
 protected:
  void SetUp() override {
    ::hub::testing::SeedHubTest::SetUp();
    ASSERT_THAT(Submit("finance@350400",
                       SubsidySubmission("f", "finance", "350424", "670.00")),
                IsOk());
    ASSERT_THAT(
        Submit("medical_insurance@350400",
               SubsidySubmission("m", "medical_insurance", "350424", "640.00")),
        IsOk());
    ASSERT_THAT(Submit("finance@350400",
                       SubsidySubmission("f2", "finance", "350404", "670.00")),
                IsOk());
  }
  absl::StatusOr<CatalogUpdateResult> SetRule(const std::string& rule) {
    v1::Catalog update;
    *update.add_indicators() = *hub_->catalog()->FindIndicator(kSubsidy);
    update.mutable_indicators(0)->set_rule(rule);
    // Indicator definitions are shared: the province's office changes them.
    return hub_->UpdateCatalog(P("reform_office@350000"), update);
  }
};

TEST_F(RemergeTest, ChangingTheRuleRemergesAndLogsEachChangedRecord) {
  uint64_t head = hub_->head().sequence;
  ASSERT_THAT(SetRule("must_agree"), IsOk());
  v1::MergedRecord r = Get(IndicatorKey(kSubsidy, "350424", "2024"));
  EXPECT_EQ(r.rule_name(), "must_agree");
  EXPECT_EQ(r.value(), "");  // no merged value until they agree
  EXPECT_EQ(r.state(), v1::RECORD_STATE_CONFLICT);
  EXPECT_EQ(r.version(), 3u);
  std::vector<v1::ChangeEvent> events = EventsAfter(head);
  // catalog changed, then both records (the single-source one changes its
  // rule name and explanation too), in key order.
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].kind(), v1::EVENT_KIND_CATALOG_CHANGED);
  EXPECT_EQ(events[1].kind(), v1::EVENT_KIND_RECORD_REMERGED);
  EXPECT_EQ(events[1].record_key().region_code(), "350404");
  EXPECT_EQ(events[2].record_key().region_code(), "350424");
  EXPECT_EQ(events[2].before().rule_name(), "authoritative_source");
  EXPECT_EQ(events[2].after().rule_name(), "must_agree");
  EXPECT_EQ(events[2].rule_name(), "must_agree");
  EXPECT_EQ(events[2].actor(), "reform_office@350000");
  EXPECT_EQ(events[2].reason(),
            "merge rule of resident_insurance_subsidy_per_person changed from "
            "authoritative_source (tolerance 1, owner finance) to must_agree "
            "(tolerance 1, owner finance)");
}

TEST_F(RemergeTest, LatestReportTakesTheMostRecentContribution) {
  ASSERT_THAT(SetRule("latest_report"), IsOk());
  v1::MergedRecord r = Get(IndicatorKey(kSubsidy, "350424", "2024"));
  EXPECT_EQ(r.value(), "640.00");
  EXPECT_EQ(r.state(), v1::RECORD_STATE_SINGLE_SOURCE);
  EXPECT_TRUE(r.conflicts().empty());
}

TEST_F(RemergeTest, ChangingBackGivesTheSameRecordBytesAsBefore) {
  v1::MergedRecord original = Get(IndicatorKey(kSubsidy, "350424", "2024"));
  ASSERT_THAT(SetRule("must_agree"), IsOk());
  ASSERT_THAT(SetRule("authoritative_source"), IsOk());
  v1::MergedRecord back = Get(IndicatorKey(kSubsidy, "350424", "2024"));
  EXPECT_EQ(back.version(), original.version() + 2);
  back.set_version(original.version());
  back.set_last_sequence(original.last_sequence());
  back.set_etag(original.etag());
  EXPECT_EQ(DeterministicBytes(back), DeterministicBytes(original));
}

TEST_F(RemergeTest, AnUnchangedRuleRemergesNothing) {
  auto result = SetRule("authoritative_source");
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->sequence, 0u);  // the catalog did not change
  EXPECT_EQ(Get(IndicatorKey(kSubsidy, "350424", "2024")).version(), 2u);
}

TEST_F(RemergeTest, ARuleChangeThatWouldAlterALockedPeriodIsRefused) {
  ASSERT_THAT(
      hub_->LockPeriod(P("reform_office@350400"), "350400", "2024", "年报封账"),
      IsOk());
  uint64_t head = hub_->head().sequence;
  EXPECT_THAT(SetRule("must_agree"),
              ::hub::testing::StatusIs(
                  absl::StatusCode::kFailedPrecondition,
                  ::testing::HasSubstr("indicators: indicator "
                                       "resident_insurance_subsidy_per_person "
                                       "350404 2024 is locked by lock "
                                       "350400/2024")));
  EXPECT_EQ(hub_->head().sequence, head);
  EXPECT_EQ(hub_->catalog()->FindIndicator(kSubsidy)->rule(),
            "authoritative_source");
}

}  // namespace
}  // namespace hub
