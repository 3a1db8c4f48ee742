#include "hub/rollback/rollback_guard.h"

#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/file_util.h"
#include "hub/common/status_matchers.h"
#include "hub/crypto/log_crypto.h"
#include "hub/engine/internal/hub_fixture.h"
#include "hub/store/rocksdb_store.h"
#include "tools/verifier/verifier.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::P;
using ::hub::testing::StatusIs;
using ::testing::HasSubstr;

v1::Submission Subsidy(const std::string& id, const std::string& value) {
  v1::Submission s;
  s.set_submission_id(id);
  s.set_department("finance");
  s.set_adapter("canonical");
  auto* v = s.add_items()->mutable_indicator_value();
  v->set_indicator_code("resident_insurance_subsidy_per_person");
  v->set_region_code("350404");
  v->set_period("2024");
  v->set_value(value);
  v->set_unit("元/人");
  return s;
}

// A hub on a RocksDB store, its auditor and its guard.
struct Running {
  std::unique_ptr<Hub> hub;
  std::unique_ptr<Auditor> auditor;
  std::unique_ptr<RollbackGuard> guard;
};

// Every test runs on both log crypto suites: the kept checkpoint is signed
// with the hub's (Ed25519, or SM2 on an sm3-sm2 hub).
class RollbackGuardTest : public ::testing::TestWithParam<const LogCrypto*> {
 protected:
  HubOptions Options() const {
    HubOptions options;
    options.rules = *NewBuiltinRuleRegistry();
    options.log_crypto = GetParam();
    return options;
  }

  void SetUp() override {
    base_ = absl::StrCat(::testing::TempDir(), "/rollback_test_", getpid());
    std::filesystem::remove_all(base_);
    std::filesystem::create_directories(base_);
  }
  void TearDown() override { std::filesystem::remove_all(base_); }

  Running Start(const std::string& store_dir) {
    Running r;
    RocksDbOptions o;
    o.disk_reserve_bytes = 0;
    auto store = RocksDbStore::Open(base_ + "/" + store_dir, o);
    EXPECT_THAT(store.status(), IsOk());
    auto hub = Hub::Open(*std::move(store), Options());
    EXPECT_THAT(hub.status(), IsOk());
    r.hub = *std::move(hub);
    auto auditor = Auditor::Open(r.hub.get());
    EXPECT_THAT(auditor.status(), IsOk());
    r.auditor = *std::move(auditor);
    RollbackGuardOptions go;
    go.dir = base_ + "/checkpoints";
    go.interval = absl::Hours(1);  // only WriteNow() stores, in these tests
    auto guard = RollbackGuard::Open(r.hub.get(), r.auditor.get(), go);
    EXPECT_THAT(guard.status(), IsOk());
    r.guard = *std::move(guard);
    return r;
  }
  void Submit(Running& r, const std::string& id, const std::string& value) {
    ASSERT_THAT(
        r.hub->Submit(P("finance@350400"), Subsidy(id, value), false).status(),
        IsOk());
  }

  std::string base_;
};

TEST_P(RollbackGuardTest, ALogThatWentBackwardsRefusesWritesUntilAccepted) {
  {
    Running r = Start("db");
    EXPECT_EQ(r.guard->check().outcome, RollbackCheck::Outcome::kNoCheckpoint);
    ASSERT_THAT(
        r.hub->UpdateCatalog(P("reform_office@350400"), testing::SeedCatalog())
            .status(),
        IsOk());
  }
  std::filesystem::copy(base_ + "/db", base_ + "/old",
                        std::filesystem::copy_options::recursive);
  uint64_t stored = 0;
  {
    Running r = Start("db");
    Submit(r, "f1", "670.00");
    Submit(r, "f2", "680.00");
    HUB_ASSERT_OK_AND_ASSIGN(stored, r.guard->WriteNow());
    EXPECT_EQ(stored, r.hub->head().sequence);
    // The kept checkpoint is what hub_verifier reads: signed with the
    // suite's algorithm by the hub's key, and naming the suite.
    HUB_ASSERT_OK_AND_ASSIGN(
        std::string cp,
        ReadFileToString(base_ + "/checkpoints/latest.checkpoint"));
    EXPECT_THAT(cp, HasSubstr(absl::StrCat("size ", stored, "\n")));
    hubverify::Checkpoint parsed;
    ASSERT_EQ(hubverify::ParseCheckpoint(cp, &parsed), "");
    EXPECT_EQ(parsed.suite, GetParam()->Name());
    EXPECT_EQ(hubverify::VerifyCheckpoint(r.auditor->public_key_pem(), parsed),
              "");
  }

  // The store comes back older than the checkpoint.
  std::filesystem::remove_all(base_ + "/db");
  std::filesystem::rename(base_ + "/old", base_ + "/db");
  Running r = Start("db");
  const uint64_t head = r.hub->head().sequence;
  ASSERT_LT(head, stored);
  EXPECT_EQ(r.guard->check().outcome, RollbackCheck::Outcome::kWentBackwards);
  EXPECT_EQ(r.guard->check().stored_size, stored);
  EXPECT_THAT(r.hub->write_refusal(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr(absl::StrCat("events ", head + 1, "..", stored,
                                              " were lost"))));
  EXPECT_THAT(r.hub->Submit(P("finance@350400"), Subsidy("f3", "690.00"), false)
                  .status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("hubctl admin accept-rollback")));
  // Reads and dry runs go on.
  EXPECT_THAT(r.hub->Submit(P("finance@350400"), Subsidy("f3", "690.00"), true)
                  .status(),
              IsOk());
  // Storing a checkpoint now would hide the rollback: it does nothing.
  HUB_ASSERT_OK_AND_ASSIGN(uint64_t kept, r.guard->WriteNow());
  EXPECT_EQ(kept, 0u);

  EXPECT_THAT(
      r.guard->AcceptRollback("operator@350400", "").status(),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));
  HUB_ASSERT_OK_AND_ASSIGN(
      std::string archived,
      r.guard->AcceptRollback("operator@350400", "restored the 9:00 copy"));
  EXPECT_TRUE(std::filesystem::exists(archived));
  EXPECT_THAT(r.hub->write_refusal(), IsOk());
  Submit(r, "f3", "690.00");
  HUB_ASSERT_OK_AND_ASSIGN(
      std::string decisions,
      ReadFileToString(base_ + "/checkpoints/decisions.log"));
  EXPECT_THAT(decisions, HasSubstr("accepted rollback by operator@350400"));
  EXPECT_THAT(decisions, HasSubstr("reason: restored the 9:00 copy"));
  EXPECT_THAT(r.guard->AcceptRollback("operator@350400", "again").status(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_P(RollbackGuardTest, ALogOfTheSameLengthWithOtherEventsIsRewritten) {
  {
    Running r = Start("a");
    ASSERT_THAT(
        r.hub->UpdateCatalog(P("reform_office@350400"), testing::SeedCatalog())
            .status(),
        IsOk());
    Submit(r, "f1", "670.00");
    ASSERT_THAT(r.guard->WriteNow().status(), IsOk());
  }
  std::filesystem::remove_all(base_ + "/a");
  Running other = Start("b");  // starts empty: "went backwards" to 0...
  EXPECT_EQ(other.guard->check().outcome,
            RollbackCheck::Outcome::kWentBackwards);
  other = Running();
  {
    // ...so give b the same number of events, with another value.
    RocksDbOptions o;
    o.disk_reserve_bytes = 0;
    auto store = RocksDbStore::Open(base_ + "/b", o);
    ASSERT_THAT(store.status(), IsOk());
    auto hub = Hub::Open(*std::move(store), Options());
    ASSERT_THAT(hub.status(), IsOk());
    ASSERT_THAT(
        (*hub)
            ->UpdateCatalog(P("reform_office@350400"), testing::SeedCatalog())
            .status(),
        IsOk());
    ASSERT_THAT(
        (*hub)
            ->Submit(P("finance@350400"), Subsidy("f1", "600.00"), false)
            .status(),
        IsOk());
  }
  Running r = Start("b");
  EXPECT_EQ(r.guard->check().outcome, RollbackCheck::Outcome::kRewritten);
  EXPECT_THAT(r.hub->write_refusal(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("the change log was rewritten")));
}

TEST_P(RollbackGuardTest, AConsistentLogGoesOn) {
  {
    Running r = Start("db");
    ASSERT_THAT(
        r.hub->UpdateCatalog(P("reform_office@350400"), testing::SeedCatalog())
            .status(),
        IsOk());
    ASSERT_THAT(r.guard->WriteNow().status(), IsOk());
    Submit(r, "f1", "670.00");  // after the checkpoint: still consistent
  }
  Running r = Start("db");
  EXPECT_EQ(r.guard->check().outcome, RollbackCheck::Outcome::kConsistent);
  EXPECT_THAT(r.hub->write_refusal(), IsOk());
  Submit(r, "f2", "680.00");
}

INSTANTIATE_TEST_SUITE_P(
    BothSuites, RollbackGuardTest,
    ::testing::Values(&Sha256Ed25519(), &Sm3Sm2()),
    [](const ::testing::TestParamInfo<const LogCrypto*>& info) {
      return std::string(info.param->HashName());
    });

}  // namespace
}  // namespace hub
