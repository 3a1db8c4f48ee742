// Scenario tests from the seeds: the resident-insurance subsidy per person
// that finance and medical insurance both report (明医改组〔2024〕4号:
// "居民医保人均财政补助标准提高30元"), resolved by the reform office; a task
// with two lead departments.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/engine/internal/hub_fixture.h"
#include "hub/engine/internal/test_fixtures.h"
#include "hub/model/errors.h"
#include "hub/pgstore/testing/store_params.h"

namespace hub {
namespace {

using ::hub::testing::IndicatorKey;
using ::hub::testing::IsOk;
using ::hub::testing::P;
using ::hub::testing::StatusIs;
using ::hub::testing::SubsidySubmission;
using ::testing::HasSubstr;

constexpr char kSubsidy[] = "resident_insurance_subsidy_per_person";
constexpr char kSanyuan[] = "350404";  // 三元区, 三明市

// On every store: in memory, RocksDB and PostgreSQL.
class StewardshipTest
    : public ::hub::testing::SeedHubTestOn<
          ::testing::TestWithParam<::hub::testing::StoreParam>> {
 protected:
  absl::StatusOr<std::unique_ptr<Store>> NewStore() override {
    std::string test =
        ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(test.begin(), test.end(), '/', '_');
    dir_ = absl::StrCat(::testing::TempDir(), "/stewardship_test_", test, "_",
                        getpid());
    std::filesystem::remove_all(dir_);
    return GetParam().open(dir_);
  }
  void TearDown() override {
    hub_.reset();
    std::filesystem::remove_all(dir_);
  }
  v1::RecordKey Key() { return IndicatorKey(kSubsidy, kSanyuan, "2024"); }
  // Finance reports 670 yuan, medical insurance 640: a conflict.
  void Disagree() {
    ASSERT_THAT(
        Submit("finance@350400",
               SubsidySubmission("fin-2024", "finance", kSanyuan, "670.00")),
        IsOk());
    ASSERT_THAT(Submit("medical_insurance@350400",
                       SubsidySubmission("mi-2024", "medical_insurance",
                                         kSanyuan, "640.00")),
                IsOk());
  }
  ResolveRequest Choose(const std::string& department) {
    ResolveRequest r;
    r.key = Key();
    r.etag = Get(Key()).etag();
    r.chosen_department = department;
    r.reason = "财政预算执行数为准";
    return r;
  }
  absl::StatusOr<v1::MergedRecord> Resolve(const ResolveRequest& r) {
    return hub_->Resolve(P("reform_office@350400"), r);
  }
  std::string dir_;
};

INSTANTIATE_TEST_SUITE_P(AllStores, StewardshipTest,
                         ::testing::ValuesIn(::hub::testing::AllStores()),
                         ::hub::testing::StoreParamName);

TEST_P(StewardshipTest, DisagreementIsAConflictNamingBothDepartments) {
  Disagree();
  v1::MergedRecord r = Get(Key());
  EXPECT_EQ(r.state(), v1::RECORD_STATE_CONFLICT);
  EXPECT_EQ(r.value(), "670.00");  // authoritative_source: finance owns it
  ASSERT_EQ(r.conflicts_size(), 1);
  EXPECT_EQ(r.conflicts(0).department(), "medical_insurance");
  EXPECT_EQ(r.conflicts(0).value(), "640.00");
  EXPECT_EQ(r.conflicts(0).reference_department(), "finance");
  EXPECT_EQ(r.conflicts(0).difference(), "30.00");
  EXPECT_EQ(r.conflicts(0).tolerance(), "1");
  auto page = hub_->ListConflicts(P("reform_office@350400"), {}, 10, "");
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->records.size(), 1u);
  EXPECT_EQ(page->records[0].key().region_code(), kSanyuan);
  EXPECT_THAT(
      hub_->ListConflicts(P("analyst@350400"), {}, 10, ""),
      StatusIs(absl::StatusCode::kPermissionDenied,
               HasSubstr("may not list conflicts: only the reform office")));
}

TEST_P(StewardshipTest, ListConflictsFiltersAndPages) {
  Disagree();
  for (const char* county : {"350424", "350425"}) {
    ASSERT_THAT(Submit("finance@350400",
                       SubsidySubmission(absl::StrCat("f", county), "finance",
                                         county, "670.00")),
                IsOk());
    ASSERT_THAT(
        Submit("medical_insurance@350400",
               SubsidySubmission(absl::StrCat("m", county), "medical_insurance",
                                 county, "600.00")),
        IsOk());
  }
  auto first = hub_->ListConflicts(P("reform_office@350400"), {}, 2, "");
  ASSERT_THAT(first, IsOk());
  ASSERT_EQ(first->records.size(), 2u);
  ASSERT_FALSE(first->next_page_token.empty());
  auto second = hub_->ListConflicts(P("reform_office@350400"), {}, 2,
                                    first->next_page_token);
  ASSERT_THAT(second, IsOk());
  ASSERT_EQ(second->records.size(), 1u);
  EXPECT_EQ(second->records[0].key().region_code(), "350425");
  RecordFilter one;
  one.region_code = "350424";
  auto filtered = hub_->ListConflicts(P("reform_office@350400"), one, 10, "");
  ASSERT_EQ(filtered->records.size(), 1u);
  EXPECT_EQ(filtered->records[0].key().region_code(), "350424");
}

TEST_P(StewardshipTest, ResolvingByChoosingAContributionIsLoggedWithTheReason) {
  Disagree();
  uint64_t head = hub_->head().sequence;
  auto r = Resolve(Choose("finance"));
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->state(), v1::RECORD_STATE_RESOLVED);
  EXPECT_EQ(r->value(), "670.00");
  EXPECT_EQ(r->resolution().chosen_department(), "finance");
  EXPECT_EQ(r->resolution().actor(), "reform_office@350400");
  EXPECT_EQ(r->version(), 3u);
  EXPECT_EQ(Get(Key()).etag(), r->etag());
  std::vector<v1::ChangeEvent> events = EventsAfter(head);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind(), v1::EVENT_KIND_CONFLICT_RESOLVED);
  EXPECT_EQ(events[0].reason(), "财政预算执行数为准");
  EXPECT_EQ(events[0].rule_name(), "authoritative_source");
  EXPECT_EQ(events[0].rule_version(), 2);
  EXPECT_EQ(events[0].before().state(), v1::RECORD_STATE_CONFLICT);
  EXPECT_EQ(events[0].after().state(), v1::RECORD_STATE_RESOLVED);
}

TEST_P(StewardshipTest, CorrectionToAgreementClosesTheConflict) {
  Disagree();
  ASSERT_THAT(Resolve(Choose("finance")), IsOk());
  ASSERT_THAT(Submit("medical_insurance@350400",
                     SubsidySubmission("mi-2024-fix", "medical_insurance",
                                       kSanyuan, "670.00")),
              IsOk());
  v1::MergedRecord r = Get(Key());
  EXPECT_EQ(r.state(), v1::RECORD_STATE_AGREED);
  EXPECT_EQ(r.value(), "670.00");
  EXPECT_FALSE(r.has_resolution());
}

TEST_P(StewardshipTest, ALaterDifferingContributionReopensTheConflict) {
  Disagree();
  ASSERT_THAT(Resolve(Choose("finance")), IsOk());
  uint64_t head = hub_->head().sequence;
  ASSERT_THAT(Submit("medical_insurance@350400",
                     SubsidySubmission("mi-2024-fix", "medical_insurance",
                                       kSanyuan, "655.00")),
              IsOk());
  v1::MergedRecord r = Get(Key());
  EXPECT_EQ(r.state(), v1::RECORD_STATE_CONFLICT);
  EXPECT_FALSE(r.has_resolution());
  EXPECT_EQ(r.conflicts(0).difference(), "15.00");
  std::vector<v1::ChangeEvent> events = EventsAfter(head);
  ASSERT_EQ(events.size(), 3u);  // accepted, changed, conflict opened
  EXPECT_EQ(events[1].kind(), v1::EVENT_KIND_RECORD_CHANGED);
  EXPECT_EQ(events[2].kind(), v1::EVENT_KIND_CONFLICT_OPENED);
  EXPECT_EQ(events[2].reason(),
            "reopened: a later contribution differs from the resolved value");
}

TEST_P(StewardshipTest, AnEnteredValueStandsWhileLaterReportsMatchIt) {
  Disagree();
  ResolveRequest entered = Choose("");
  entered.value = "660";
  entered.reason = "按省厅核定标准";
  auto r = Resolve(entered);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->value(), "660.00");  // stored at the precision, 2 places
  EXPECT_THAT(r->explanation(),
              HasSubstr("resolved by reform_office@350400 entering a value"));
  ASSERT_THAT(Submit("medical_insurance@350400",
                     SubsidySubmission("mi-2024-fix", "medical_insurance",
                                       kSanyuan, "660.00")),
              IsOk());
  EXPECT_EQ(Get(Key()).state(), v1::RECORD_STATE_RESOLVED);
  EXPECT_EQ(Get(Key()).value(), "660.00");
}

TEST_P(StewardshipTest, AStaleEtagIsAborted) {
  Disagree();
  ResolveRequest stale = Choose("finance");
  ASSERT_THAT(Submit("medical_insurance@350400",
                     SubsidySubmission("mi-2024-b", "medical_insurance",
                                       kSanyuan, "641.00")),
              IsOk());
  uint64_t head = hub_->head().sequence;
  EXPECT_THAT(
      Resolve(stale),
      StatusIs(absl::StatusCode::kAborted,
               HasSubstr(absl::StrCat("etag: ", stale.etag,
                                      " does not match the current etag ",
                                      Get(Key()).etag()))));
  EXPECT_EQ(hub_->head().sequence, head);
}

TEST_P(StewardshipTest, OfTwoStewardsWithTheSameEtagExactlyOneWins) {
  Disagree();
  ResolveRequest a = Choose("finance");
  ResolveRequest b = Choose("");
  b.value = "655";
  absl::Status sa, sb;
  std::thread ta([&] { sa = Resolve(a).status(); });
  std::thread tb([&] { sb = Resolve(b).status(); });
  ta.join();
  tb.join();
  EXPECT_NE(sa.ok(), sb.ok()) << sa << " / " << sb;
  const absl::Status& loser = sa.ok() ? sb : sa;
  EXPECT_THAT(loser, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(Get(Key()).value(), sa.ok() ? "670.00" : "655.00");
  EXPECT_EQ(Get(Key()).version(), 3u);
}

TEST_P(StewardshipTest, BadResolutionsNameTheField) {
  Disagree();
  ResolveRequest no_reason = Choose("finance");
  no_reason.reason.clear();
  absl::Status s = Resolve(no_reason).status();
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument,
                          HasSubstr("reason: required")));
  ASSERT_EQ(GetFieldViolations(s).size(), 1u);
  EXPECT_EQ(GetFieldViolations(s)[0].field, "reason");
  EXPECT_THAT(Resolve(Choose("health_commission")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("chosen_department: health_commission has no "
                                 "current contribution")));
  ResolveRequest both = Choose("finance");
  both.value = "1.00";
  EXPECT_THAT(Resolve(both), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("give exactly one of")));
  ResolveRequest fine = Choose("finance");
  fine.chosen_department.clear();
  fine.value = "660.123";
  EXPECT_THAT(Resolve(fine),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("value: 660.123 元/人 is finer than the fen: "
                                 "money has at most 2 decimal places")));
  EXPECT_THAT(
      hub_->Resolve(P("finance@350400"), Choose("finance")),
      StatusIs(absl::StatusCode::kPermissionDenied,
               HasSubstr("may not resolve conflicts: only the reform office")));
}

TEST_P(StewardshipTest, OnlyConflictsAreResolved) {
  ASSERT_THAT(Submit("finance@350400", SubsidySubmission("fin-2024", "finance",
                                                         kSanyuan, "670.00")),
              IsOk());
  EXPECT_THAT(
      Resolve(Choose("finance")),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("is RECORD_STATE_SINGLE_SOURCE, not in conflict")));
}

// 綦江区 2022 measure 2 (推进医联体建设) has two lead departments.
TEST_P(StewardshipTest, ATaskWithTwoLeadsCompletesOnlyWhenBothReport) {
  const v1::Task* task = hub_->catalog()->FindTask("qj2022.2");
  ASSERT_NE(task, nullptr);
  ASSERT_EQ(task->lead_departments_size(), 2);
  v1::RecordKey key;
  key.set_kind(v1::SUBJECT_KIND_TASK);
  key.set_code("qj2022.2");
  key.set_region_code("500110");
  key.set_period("2024");
  auto progress = [&](const char* id, const std::string& dept,
                      v1::TaskStatus st, const char* text) {
    return Submit(absl::StrCat(dept, "@500110"),
                  ::hub::testing::ProgressSubmission(id, dept, "qj2022.2",
                                                     "500110", st, text));
  };
  ASSERT_THAT(progress("hc-1", task->lead_departments(0),
                       v1::TASK_STATUS_COMPLETED, "医共体建设已完成"),
              IsOk());
  auto analyst = P("analyst@500110");
  EXPECT_EQ(hub_->GetRecord(analyst, key)->status(),
            v1::TASK_STATUS_IN_PROGRESS);
  ASSERT_THAT(progress("mi-1", task->lead_departments(1),
                       v1::TASK_STATUS_IN_PROGRESS, "打包付费方案审议中"),
              IsOk());
  EXPECT_EQ(hub_->GetRecord(analyst, key)->status(),
            v1::TASK_STATUS_IN_PROGRESS);
  ASSERT_THAT(progress("mi-2", task->lead_departments(1),
                       v1::TASK_STATUS_COMPLETED, "打包付费方案已印发"),
              IsOk());
  auto done = hub_->GetRecord(analyst, key);
  EXPECT_EQ(done->status(), v1::TASK_STATUS_COMPLETED);
  EXPECT_EQ(done->rule_name(), "task_status");
  ASSERT_EQ(done->contributions_size(), 2);
  EXPECT_EQ(done->contributions(1).text(), "打包付费方案已印发");
}

}  // namespace
}  // namespace hub
