// A backup taken while submissions keep coming restores to a hub whose log
// verifies, whose head hash is the source's at that point, and whose
// records and log are byte for byte the source's at that point.
#include "hub/backup/backup.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/audit/auditor.h"
#include "hub/common/status_matchers.h"
#include "hub/crypto/log_crypto.h"
#include "hub/engine/internal/hub_fixture.h"
#include "hub/model/model.h"
#include "hub/schema/schema.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::P;
using ::hub::testing::StatusIs;
using ::testing::HasSubstr;

const char* const kCounties[] = {"350404", "350405", "350421", "350423",
                                 "350424", "350425", "350426", "350427"};

v1::Submission Share(const std::string& id, int n) {
  v1::Submission s;
  s.set_submission_id(id);
  s.set_department("health_commission");
  s.set_adapter("canonical");
  auto* v = s.add_items()->mutable_indicator_value();
  v->set_indicator_code("primary_care_visit_share");
  v->set_region_code(kCounties[n % 8]);
  v->set_period(absl::StrFormat("2024-%02d", n % 12 + 1));
  v->set_numerator(absl::StrCat(30000 + n));
  v->set_denominator("60000");
  v->set_unit("%");
  return s;
}

std::map<std::string, std::string> ReadColumn(const Store& store,
                                              Column column) {
  std::map<std::string, std::string> out;
  std::unique_ptr<Iterator> it = store.NewIterator(column);
  for (it->Seek(""); it->Valid(); it->Next()) {
    out.emplace(std::string(it->key()), std::string(it->value()));
  }
  EXPECT_THAT(it->status(), IsOk());
  return out;
}

HubOptions WithRules() {
  HubOptions options;
  options.rules = *NewBuiltinRuleRegistry();
  return options;
}

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = absl::StrCat(::testing::TempDir(), "/backup_test_", getpid());
    std::filesystem::remove_all(base_);
  }
  void TearDown() override { std::filesystem::remove_all(base_); }
  std::string base_;
};

TEST_F(BackupTest, BackupUnderWriteLoadRestoresTheSourceAtThatPoint) {
  RocksDbOptions o;
  o.disk_reserve_bytes = 0;
  HUB_ASSERT_OK_AND_ASSIGN(auto src_store,
                           RocksDbStore::Open(base_ + "/src", o));
  RocksDbStore* src_rocks = src_store.get();
  HUB_ASSERT_OK_AND_ASSIGN(auto src,
                           Hub::Open(std::move(src_store), WithRules()));
  HUB_ASSERT_OK(
      src->UpdateCatalog(P("reform_office@350400"), testing::SeedCatalog())
          .status());
  std::ofstream(base_ + "/audit_key.pem") << "key bytes";
  BackupOptions bo;
  bo.dir = base_ + "/backups";
  bo.extra_files = {base_ + "/audit_key.pem"};
  BackupKeeper keeper(src_rocks, src.get(), bo);

  std::atomic<bool> stop{false};
  std::atomic<int> accepted{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        auto r = src->Submit(P("health_commission@350400"),
                             Share(absl::StrCat("w", t, "-", i), t * 1000 + i),
                             false);
        if (r.ok()) ++accepted;
      }
    });
  }
  while (accepted < 200)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  absl::StatusOr<BackupInfo> info = keeper.Create();
  const int during = accepted;
  while (accepted < during + 100) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  stop = true;
  for (auto& w : writers) w.join();
  ASSERT_THAT(info.status(), IsOk());
  EXPECT_GE(info->log_head_at_start, 200u);
  EXPECT_GT(info->bytes, 0u);

  HUB_ASSERT_OK_AND_ASSIGN(std::vector<BackupInfo> listed, ListBackups(bo.dir));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id, info->id);

  HUB_ASSERT_OK_AND_ASSIGN(RestoreResult restored,
                           RestoreBackup(bo.dir, 0, base_ + "/dst"));
  EXPECT_EQ(restored.backup.id, info->id);
  EXPECT_THAT(restored.extra_files,
              ::testing::ElementsAre(base_ + "/dst/audit_key.pem"));
  HUB_ASSERT_OK_AND_ASSIGN(auto dst_store,
                           RocksDbStore::Open(base_ + "/dst", o));
  RocksDbStore* dst_rocks = dst_store.get();
  HUB_ASSERT_OK_AND_ASSIGN(auto dst,
                           Hub::Open(std::move(dst_store), WithRules()));

  // The log verifies, and ends where the source was during the backup.
  const LogHead head = dst->head();
  EXPECT_GE(head.sequence, info->log_head_at_start);
  EXPECT_LT(head.sequence, src->head().sequence);
  HUB_ASSERT_OK_AND_ASSIGN(
      ChainVerification v,
      VerifyChain(dst->NewReaders().log, dst->log_crypto(), 0, 0));
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.events_checked, head.sequence);
  HUB_ASSERT_OK_AND_ASSIGN(v1::ChangeEvent at,
                           src->NewReaders().log.Read(head.sequence));
  EXPECT_EQ(at.hash(), head.hash);

  // The log and the submissions, byte for byte the source's up to there
  // (read from the stores themselves, which the hubs own).
  auto src_log = ReadColumn(*src_rocks, Column::kLog);
  auto dst_log = ReadColumn(*dst_rocks, Column::kLog);
  EXPECT_EQ(dst_log.size(), head.sequence);
  for (const auto& [k, v] : dst_log) EXPECT_EQ(src_log[k], v);
  auto src_subs = ReadColumn(*src_rocks, Column::kSubmissions);
  auto dst_subs = ReadColumn(*dst_rocks, Column::kSubmissions);
  EXPECT_GE(dst_subs.size(), 200u);
  for (const auto& [k, v] : dst_subs) EXPECT_EQ(src_subs[k], v) << k;

  // Every merged record is the source's record as of that point, byte for
  // byte, and no record the source had by then is missing.
  HUB_ASSERT_OK_AND_ASSIGN(auto auditor, Auditor::Open(src.get()));
  auto dst_records = ReadColumn(*dst_rocks, Column::kRecords);
  int compared = 0;
  for (const auto& [k, v] : ReadColumn(*src_rocks, Column::kRecords)) {
    HUB_ASSERT_OK_AND_ASSIGN(v1::RecordKey key, DecodeRecordKey(k));
    v1::GetRecordAsOfRequest req;
    *req.mutable_key() = key;
    req.set_sequence(head.sequence);
    auto then = auditor->AsOf(P("auditor@350400"), req);
    if (absl::IsNotFound(then.status())) {
      EXPECT_EQ(dst_records.count(k), 0u) << RecordKeyToString(key);
      continue;
    }
    ASSERT_THAT(then.status(), IsOk());
    ASSERT_EQ(dst_records.count(k), 1u) << RecordKeyToString(key);
    EXPECT_EQ(dst_records[k], DeterministicBytes(then->record()))
        << RecordKeyToString(key);
    ++compared;
  }
  EXPECT_EQ(compared, static_cast<int>(dst_records.size()));
  EXPECT_GT(compared, 0);
}

TEST_F(BackupTest, RestoreRefusesANonEmptyDirectoryAndAMissingBackup) {
  std::filesystem::create_directories(base_ + "/busy");
  std::ofstream(base_ + "/busy/CURRENT") << "x";
  EXPECT_THAT(RestoreBackup(base_ + "/none", 0, base_ + "/new").status(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("no backups")));
  EXPECT_THAT(RestoreBackup(base_ + "/none", 0, base_ + "/busy").status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("is not empty")));
}

// hubd --restore_from on either log crypto suite: the restored hub opens
// with the suite its log records (no --log_crypto needed), and the chain
// verifies with it; asking for the other suite is refused.
class RestoreSuiteTest
    : public BackupTest,
      public ::testing::WithParamInterface<const LogCrypto*> {};

TEST_P(RestoreSuiteTest, RestoreAndVerifyUsesTheRecordedSuite) {
  RocksDbOptions o;
  o.disk_reserve_bytes = 0;
  HUB_ASSERT_OK_AND_ASSIGN(auto store, RocksDbStore::Open(base_ + "/src", o));
  RocksDbStore* rocks = store.get();
  HubOptions options = WithRules();
  options.log_crypto = GetParam();
  HUB_ASSERT_OK_AND_ASSIGN(auto src, Hub::Open(std::move(store), options));
  HUB_ASSERT_OK(
      src->UpdateCatalog(P("reform_office@350400"), testing::SeedCatalog())
          .status());
  for (int i = 0; i < 5; ++i) {
    HUB_ASSERT_OK(src->Submit(P("health_commission@350400"),
                              Share(absl::StrCat("s", i), i), false)
                      .status());
  }
  const LogHead head = src->head();
  BackupOptions bo;
  bo.dir = base_ + "/backups";
  {
    BackupKeeper keeper(rocks, src.get(), bo);
    HUB_ASSERT_OK(keeper.Create().status());
  }
  src.reset();

  HUB_ASSERT_OK_AND_ASSIGN(
      VerifiedRestore r,
      RestoreAndVerify(bo.dir, 0, base_ + "/restored", WithRules()));
  EXPECT_EQ(r.log_crypto, GetParam()->Name());
  EXPECT_TRUE(r.chain_ok) << r.chain_problem;
  EXPECT_EQ(r.events_checked, head.sequence);
  EXPECT_EQ(r.log_head, head.sequence);
  EXPECT_EQ(r.log_head_hash, head.hash);

  HubOptions other = WithRules();
  other.log_crypto = GetParam() == &Sm3Sm2() ? &Sha256Ed25519() : &Sm3Sm2();
  EXPECT_THAT(RestoreAndVerify(bo.dir, 0, base_ + "/other", other).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("cannot change the log crypto")));
}

INSTANTIATE_TEST_SUITE_P(
    BothSuites, RestoreSuiteTest,
    ::testing::Values(&Sha256Ed25519(), &Sm3Sm2()),
    [](const ::testing::TestParamInfo<const LogCrypto*>& info) {
      return std::string(info.param->HashName());
    });

}  // namespace
}  // namespace hub
