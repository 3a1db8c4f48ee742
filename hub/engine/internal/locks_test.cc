// Approval and locking of a (region, period): locked periods refuse writes
// naming the lock, and accept them again after unlock.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/engine/internal/hub_fixture.h"
#include "hub/engine/internal/test_fixtures.h"

namespace hub {
namespace {

using ::hub::testing::IndicatorKey;
using ::hub::testing::IsOk;
using ::hub::testing::P;
using ::hub::testing::StatusIs;
using ::hub::testing::SubsidySubmission;
using ::testing::HasSubstr;

class LocksTest : public ::hub::testing::SeedHubTest {
 protected:
  Principal office_ = P("reform_office@350400");
};

TEST_F(LocksTest, ALockedPeriodRefusesWritesNamingTheLockUntilUnlocked) {
  ASSERT_THAT(hub_->ApprovePeriod(office_, "350400", "2024", "年度数据已核对"),
              IsOk());
  auto lock = hub_->LockPeriod(office_, "350400", "2024", "年报封账");
  ASSERT_THAT(lock, IsOk());
  EXPECT_TRUE(lock->approved());
  EXPECT_TRUE(lock->locked());
  uint64_t head = hub_->head().sequence;
  EXPECT_THAT(
      Submit("finance@350400",
             SubsidySubmission("fin-2024", "finance", "350424", "670.00")),
      StatusIs(
          absl::StatusCode::kFailedPrecondition,
          HasSubstr("items[0]: indicator resident_insurance_subsidy_per_person "
                    "350424 2024 is locked by lock 350400/2024 (locked by "
                    "reform_office@350400")));
  // The refusal changes no record; only the refusal itself is logged.
  std::vector<v1::ChangeEvent> logged =
      ::hub::testing::EventsAfter(*hub_, head);
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0].kind(), v1::EVENT_KIND_SUBMISSION_REJECTED);
  EXPECT_EQ(logged[0].rejection().code(), "FAILED_PRECONDITION");
  // Another period of the same region is open.
  v1::Submission other =
      SubsidySubmission("fin-2023", "finance", "350424", "640.00");
  other.mutable_items(0)->mutable_indicator_value()->set_period("2023");
  EXPECT_THAT(Submit("finance@350400", other), IsOk());
  ASSERT_THAT(hub_->UnlockPeriod(office_, "350400", "2024", "补报宁化县数据"),
              IsOk());
  EXPECT_THAT(Submit("finance@350400", SubsidySubmission("fin-2024", "finance",
                                                         "350424", "670.00")),
              IsOk());
}

TEST_F(LocksTest, ApproveLockAndUnlockAreLoggedWithWhoAndWhy) {
  uint64_t head = hub_->head().sequence;
  ASSERT_THAT(
      hub_->ApprovePeriod(office_, "350404", "2024H1", "上半年数据已核对"),
      IsOk());
  ASSERT_THAT(hub_->LockPeriod(office_, "350404", "2024H1", "上半年封账"),
              IsOk());
  ASSERT_THAT(hub_->UnlockPeriod(office_, "350404", "2024H1", "更正"), IsOk());
  std::vector<v1::ChangeEvent> events = EventsAfter(head);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].kind(), v1::EVENT_KIND_PERIOD_APPROVED);
  EXPECT_EQ(events[1].kind(), v1::EVENT_KIND_PERIOD_LOCKED);
  EXPECT_EQ(events[2].kind(), v1::EVENT_KIND_PERIOD_UNLOCKED);
  for (const auto& e : events) EXPECT_EQ(e.actor(), "reform_office@350400");
  EXPECT_EQ(events[1].reason(), "上半年封账");
  EXPECT_EQ(events[1].lock().region_code(), "350404");
  EXPECT_EQ(events[1].lock().period(), "2024H1");
  EXPECT_FALSE(events[2].lock().locked());
  auto locks = hub_->ListLocks(office_);
  ASSERT_THAT(locks, IsOk());
  EXPECT_TRUE(locks->empty());  // unlocking clears the approval too
}

TEST_F(LocksTest, ListLocksShowsApprovedAndLockedPeriods) {
  ASSERT_THAT(hub_->ApprovePeriod(office_, "350404", "2024", "已核对"), IsOk());
  ASSERT_THAT(hub_->LockPeriod(office_, "350424", "2024", "封账"), IsOk());
  auto locks = hub_->ListLocks(office_);
  ASSERT_THAT(locks, IsOk());
  ASSERT_EQ(locks->size(), 2u);
  EXPECT_EQ((*locks)[0].region_code(), "350404");
  EXPECT_TRUE((*locks)[0].approved());
  EXPECT_FALSE((*locks)[0].locked());
  EXPECT_TRUE((*locks)[1].locked());
  EXPECT_EQ((*locks)[1].locked_by(), "reform_office@350400");
}

TEST_F(LocksTest, ResolvingInALockedPeriodIsRefused) {
  ASSERT_THAT(Submit("finance@350400",
                     SubsidySubmission("f", "finance", "350424", "670.00")),
              IsOk());
  ASSERT_THAT(
      Submit("medical_insurance@350400",
             SubsidySubmission("m", "medical_insurance", "350424", "640.00")),
      IsOk());
  ASSERT_THAT(hub_->LockPeriod(office_, "350424", "2024", "封账"), IsOk());
  ResolveRequest r;
  r.key =
      IndicatorKey("resident_insurance_subsidy_per_person", "350424", "2024");
  r.etag = Get(r.key).etag();
  r.chosen_department = "finance";
  r.reason = "以财政为准";
  EXPECT_THAT(hub_->Resolve(office_, r),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("is locked by lock 350424/2024")));
}

TEST_F(LocksTest, MisuseIsRefusedWithTheRightCode) {
  EXPECT_THAT(hub_->LockPeriod(P("finance@350400"), "350400", "2024", "x"),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("only the reform office")));
  EXPECT_THAT(hub_->LockPeriod(office_, "350400", "2024", ""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("reason: required")));
  EXPECT_THAT(
      hub_->LockPeriod(office_, "350400", "2024-13", "x"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("period")));
  EXPECT_THAT(hub_->LockPeriod(office_, "411300", "2024", "x"),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("region_code: reform_office@350400 (reform "
                                 "office) may not lock periods in 411300: "
                                 "outside its jurisdiction 350400")));
  EXPECT_THAT(hub_->UnlockPeriod(office_, "350400", "2024", "x"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "lock 350400/2024 is not locked"));
  ASSERT_THAT(hub_->LockPeriod(office_, "350400", "2024", "封账"), IsOk());
  EXPECT_THAT(hub_->LockPeriod(office_, "350400", "2024", "again"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "lock 350400/2024 is already locked by "
                       "reform_office@350400 (封账)"));
}

}  // namespace
}  // namespace hub
