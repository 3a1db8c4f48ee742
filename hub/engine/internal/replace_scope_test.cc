// Replace scope: values of the department inside the declared scope that the
// new submission does not report again are withdrawn, visibly in the log.
#include <algorithm>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/engine/internal/hub_fixture.h"
#include "hub/engine/internal/test_fixtures.h"
#include "hub/model/errors.h"

namespace hub {
namespace {

using ::hub::testing::IndicatorKey;
using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;
using ::hub::testing::SubsidySubmission;
using ::testing::HasSubstr;

constexpr char kSubsidy[] = "resident_insurance_subsidy_per_person";

// Finance's subsidy standard for several 三明 counties in one submission.
v1::Submission FinanceYear(const std::string& id,
                           const std::vector<std::string>& regions) {
  v1::Submission s = SubsidySubmission(id, "finance", regions[0], "670.00");
  for (size_t i = 1; i < regions.size(); ++i) {
    *s.add_items() = s.items(0);
    s.mutable_items(i)->mutable_indicator_value()->set_region_code(regions[i]);
  }
  return s;
}

void SetScope(v1::Submission* s, const std::string& region,
              const std::string& period) {
  s->mutable_replace_scope()->set_region_code(region);
  s->mutable_replace_scope()->set_period(period);
  s->mutable_replace_scope()->add_codes(kSubsidy);
}

class ReplaceScopeTest : public ::hub::testing::SeedHubTest {};

TEST_F(ReplaceScopeTest, ValuesMissingFromTheNewPayloadAreWithdrawn) {
  ASSERT_THAT(Submit("finance@350400",
                     FinanceYear("fin-1", {"350404", "350424", "350425"})),
              IsOk());
  ASSERT_THAT(Submit("medical_insurance@350400",
                     SubsidySubmission("mi-1", "medical_insurance", "350425",
                                       "640.00")),
              IsOk());
  uint64_t head = hub_->head().sequence;
  v1::Submission again = FinanceYear("fin-2", {"350404", "350424"});
  SetScope(&again, "350400", "2024");
  auto receipt = Submit("finance@350400", again);
  ASSERT_THAT(receipt, IsOk());
  ASSERT_EQ(receipt->withdrawn_size(), 1);
  EXPECT_EQ(receipt->withdrawn(0).region_code(), "350425");
  v1::MergedRecord r = Get(IndicatorKey(kSubsidy, "350425", "2024"));
  ASSERT_EQ(r.contributions_size(), 1);
  EXPECT_EQ(r.contributions(0).department(), "medical_insurance");
  EXPECT_EQ(r.state(), v1::RECORD_STATE_SINGLE_SOURCE);
  EXPECT_EQ(r.value(), "640.00");
  EXPECT_EQ(Get(IndicatorKey(kSubsidy, "350404", "2024")).contributions_size(),
            1);
  std::vector<v1::ChangeEvent> events = EventsAfter(head);
  ASSERT_EQ(events.size(), 2u);  // accepted (both items unchanged), withdrawn
  EXPECT_EQ(events[1].kind(), v1::EVENT_KIND_CONTRIBUTION_WITHDRAWN);
  EXPECT_EQ(events[1].actor(), "finance@350400");
  EXPECT_EQ(events[1].submission().submission_id(), "fin-2");
  EXPECT_EQ(events[1].before().contributions_size(), 2);
  EXPECT_EQ(events[1].after().contributions_size(), 1);
  EXPECT_EQ(events[1].reason(),
            "not reported again in submission fin-2, which replaces 350400 "
            "2024");
}

TEST_F(ReplaceScopeTest, TheLastWithdrawalLeavesTheRecordMissing) {
  ASSERT_THAT(
      Submit("finance@350400", FinanceYear("fin-1", {"350404", "350424"})),
      IsOk());
  v1::Submission again = FinanceYear("fin-2", {"350404"});
  SetScope(&again, "350424", "2024");  // only 宁化县's subtree
  ASSERT_THAT(Submit("finance@350400", again), IsOk());
  v1::MergedRecord r = Get(IndicatorKey(kSubsidy, "350424", "2024"));
  EXPECT_EQ(r.state(), v1::RECORD_STATE_MISSING);
  EXPECT_EQ(r.value(), "");
  EXPECT_EQ(r.contributions_size(), 0);
  EXPECT_EQ(r.version(), 2u);
  // The engine decides MISSING, the record still names its rule.
  EXPECT_EQ(r.explanation(), "no current contributions");
  EXPECT_EQ(r.rule_name(), "authoritative_source");
  EXPECT_TRUE(r.conflicts().empty());
}

TEST_F(ReplaceScopeTest, AWithdrawnTaskReportLeavesTheTaskMissing) {
  // 綦医改〔2022〕3号 measure 2, reported by its first lead department.
  const v1::Task* task = hub_->catalog()->FindTask("qj2022.2");
  ASSERT_NE(task, nullptr);
  const std::string dept = task->lead_departments(0);
  const std::string actor = absl::StrCat(dept, "@500110");
  ASSERT_THAT(
      Submit(actor, ::hub::testing::ProgressSubmission(
                        "p-1", dept, "qj2022.2", "500110",
                        v1::TASK_STATUS_IN_PROGRESS, "医共体建设推进中")),
      IsOk());
  // A later report on another of its measures replaces 2024's reports on
  // qj2022.2 with nothing.
  std::string other;
  for (const v1::Task& t : hub_->catalog()->proto().tasks()) {
    bool leads = std::count(t.lead_departments().begin(),
                            t.lead_departments().end(), dept) > 0;
    if (leads && t.code() != "qj2022.2" && t.region_code() == "500110") {
      other = t.code();
    }
  }
  ASSERT_FALSE(other.empty());
  v1::Submission next = ::hub::testing::ProgressSubmission(
      "p-2", dept, other, "500110", v1::TASK_STATUS_IN_PROGRESS, "推进中");
  next.mutable_replace_scope()->set_region_code("500110");
  next.mutable_replace_scope()->set_period("2024");
  next.mutable_replace_scope()->add_codes("qj2022.2");
  auto receipt = Submit(actor, next);
  ASSERT_THAT(receipt, IsOk());
  ASSERT_EQ(receipt->withdrawn_size(), 1);
  v1::RecordKey key;
  key.set_kind(v1::SUBJECT_KIND_TASK);
  key.set_code("qj2022.2");
  key.set_region_code("500110");
  key.set_period("2024");
  auto read = hub_->GetRecord(::hub::testing::P("analyst@500110"), key);
  ASSERT_THAT(read, IsOk());
  const v1::MergedRecord& r = *read;
  EXPECT_EQ(r.state(), v1::RECORD_STATE_MISSING);
  EXPECT_EQ(r.status(), v1::TASK_STATUS_UNSPECIFIED);
  EXPECT_EQ(r.explanation(), "no current progress reports");
  EXPECT_EQ(r.rule_name(), "task_status");
}

TEST_F(ReplaceScopeTest, OutsideTheScopeNothingIsWithdrawn) {
  ASSERT_THAT(
      Submit("finance@350400", FinanceYear("fin-1", {"350404", "350424"})),
      IsOk());
  v1::Submission other_region = FinanceYear("fin-2", {"350404"});
  SetScope(&other_region, "350404", "2024");
  EXPECT_EQ(Submit("finance@350400", other_region)->withdrawn_size(), 0);
  v1::Submission other_period = FinanceYear("fin-3", {"350404"});
  SetScope(&other_period, "350400", "2023");
  EXPECT_EQ(Submit("finance@350400", other_period)->withdrawn_size(), 0);
  v1::Submission other_code = FinanceYear("fin-4", {"350404"});
  SetScope(&other_code, "350400", "2024");
  other_code.mutable_replace_scope()->set_codes(
      0, "basic_public_health_subsidy_per_person");
  EXPECT_EQ(Submit("finance@350400", other_code)->withdrawn_size(), 0);
  EXPECT_EQ(Get(IndicatorKey(kSubsidy, "350424", "2024")).contributions_size(),
            1);
}

TEST_F(ReplaceScopeTest, ABadScopeIsRefusedNamingTheField) {
  v1::Submission s = FinanceYear("fin-1", {"350404"});
  SetScope(&s, "359999", "2024Q5");
  s.mutable_replace_scope()->add_codes("no_such_indicator");
  absl::Status status = Submit("finance@350400", s).status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  std::vector<FieldViolation> v = GetFieldViolations(status);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0].field, "replace_scope.region_code");
  EXPECT_EQ(v[1].field, "replace_scope.period");
  EXPECT_EQ(v[2].field, "replace_scope.codes[1]");
  v1::Submission far = FinanceYear("fin-2", {"350404"});
  SetScope(&far, "411300", "2024");
  EXPECT_THAT(Submit("finance@350400", far),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("replace_scope.region_code: finance@350400 "
                                 "(department) may not submit data in 411300: "
                                 "outside its jurisdiction 350400")));
}

TEST_F(ReplaceScopeTest, WithdrawingFromALockedPeriodIsRefused) {
  ASSERT_THAT(
      Submit("finance@350400", FinanceYear("fin-1", {"350404", "350424"})),
      IsOk());
  ASSERT_THAT(hub_->LockPeriod(::hub::testing::P("reform_office@350400"),
                               "350424", "2024", "封账"),
              IsOk());
  v1::Submission again = FinanceYear("fin-2", {"350404"});
  SetScope(&again, "350400", "2024");
  EXPECT_THAT(Submit("finance@350400", again),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("replace_scope: indicator "
                                 "resident_insurance_subsidy_per_person 350424 "
                                 "2024 is locked by lock 350424/2024")));
}

// Concurrent replace-scope submissions share commit groups; each must see the
// contributions the earlier ones in its group wrote. Whatever the order, the
// department's values afterwards are exactly those of the submission
// accepted last.
// A store whose writes take a while, so that concurrent operations queue up
// and share commit groups.
class SlowStore : public Store {
 public:
  explicit SlowStore(std::unique_ptr<Store> base) : base_(std::move(base)) {}
  absl::Status Get(Column column, absl::string_view key,
                   std::string* value) const override {
    return base_->Get(column, key, value);
  }
  absl::Status Write(const WriteBatch& batch, bool sync) override {
    absl::SleepFor(absl::Milliseconds(3));
    return base_->Write(batch, sync);
  }
  std::unique_ptr<Iterator> NewIterator(Column column) const override {
    return base_->NewIterator(column);
  }
  std::shared_ptr<const Snapshot> NewSnapshot() const override {
    return base_->NewSnapshot();
  }

 private:
  std::unique_ptr<Store> base_;
};

// The finance subsidy counties of replacement k: a varying subset.
std::vector<std::string> CountiesOf(int k) {
  static const char* kCounties[] = {"350404", "350405", "350421",
                                    "350423", "350424", "350425"};
  std::vector<std::string> out;
  for (int c = 0; c < 6; ++c) {
    if (((k * 7 + 3) >> c) & 1 || c == k % 6) out.push_back(kCounties[c]);
  }
  return out;
}

TEST_F(ReplaceScopeTest, ConcurrentReplacementsLeaveExactlyTheLastOne) {
  HubOptions options;
  options.rules = *NewBuiltinRuleRegistry();
  auto slow = Hub::Open(std::make_unique<SlowStore>(NewMemStore()), options);
  ASSERT_THAT(slow, IsOk());
  hub_ = *std::move(slow);
  ASSERT_THAT(hub_->UpdateCatalog(::hub::testing::P("reform_office@350400"),
                                  ::hub::testing::SeedCatalog()),
              IsOk());
  constexpr int kRounds = 12, kThreads = 4, kPerThread = 3;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    std::vector<uint64_t> sequence_of(kThreads * kPerThread);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int k = t; k < kThreads * kPerThread; k += kThreads) {
          v1::Submission s = FinanceYear(absl::StrCat("fin-", round, "-", k),
                                         CountiesOf(round * 31 + k));
          SetScope(&s, "350400", "2024");
          auto receipt = Submit("finance@350400", s);
          if (receipt.ok()) sequence_of[k] = receipt->sequence();
        }
      });
    }
    for (auto& t : threads) t.join();
    const int last = std::max_element(sequence_of.begin(), sequence_of.end()) -
                     sequence_of.begin();
    std::vector<std::string> expected = CountiesOf(round * 31 + last);
    for (const char* county :
         {"350404", "350405", "350421", "350423", "350424", "350425"}) {
      auto r = hub_->GetRecord(::hub::testing::P("analyst@350400"),
                               IndicatorKey(kSubsidy, county, "2024"));
      int want = std::count(expected.begin(), expected.end(), county);
      int got = r.ok() ? r->contributions_size() : 0;
      EXPECT_EQ(got, want) << county;
    }
  }
  // Submissions shared commit groups: fewer groups than operations.
  EXPECT_LT(hub_->commit_groups(), 1u + kRounds * kThreads * kPerThread);
}

}  // namespace
}  // namespace hub
