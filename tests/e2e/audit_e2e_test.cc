// The auditor's workflow end to end: the real hubd with its RocksDB store,
// driven by hubctl, proofs checked by the independent hub_verifier with the
// public key hubd wrote beside its data (pinned from disk, not from the
// server's answer). Every test runs on a default (SHA-256, Ed25519) hub and
// on one started with --log_crypto=sm3-sm2.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/schema/schema.h"
#include "hub/store/store.h"
#include "tests/e2e/hubd_process.h"

namespace hub {
namespace e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Suite {
  const char* name;
  const char* key_file;  // hubd's default key file, in <data_dir>-keys
};

const Suite kDefault = {"sha256-ed25519", "audit_ed25519.pem"};
const Suite kSm3Sm2 = {"sm3-sm2", "audit_sm2.pem"};

class AuditE2eTest : public ::testing::TestWithParam<Suite> {
 protected:
  void SetUp() override {
    std::string name =
        ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '_');
    dir_ = UniqueTestDir(::testing::TempDir(), "audit_e2e_" + name);
    std::filesystem::remove_all(dir_);
    hubd_ = std::make_unique<HubdProcess>(dir_);
    ASSERT_TRUE(hubd_->Start(HubdArgs()));
    CommandResult load = hubd_->Hubctl(
        "reform_office@350400", std::string("catalog load ") + CATALOG_DIR);
    ASSERT_EQ(load.exit_code, 0) << load.output;
    for (int i = 0; i < 5; ++i) ASSERT_EQ(Submit(Value(i)).exit_code, 0);
  }
  void TearDown() override {
    if (hubd_ != nullptr) EXPECT_EQ(hubd_->Stop(SIGTERM), 0);
    std::filesystem::remove_all(dir_);
  }
  // The default hub is started as before suites existed, without a flag.
  static std::vector<std::string> HubdArgs() {
    std::vector<std::string> args = {"--insecure_demo_auth"};
    if (GetParam().name != std::string(kDefault.name)) {
      args.push_back(std::string("--log_crypto=") + GetParam().name);
    }
    return args;
  }
  static std::string Suffix() {
    return std::string(" (") + GetParam().name + ")";
  }
  static std::string Value(int i) { return std::to_string(600 + i) + ".00"; }
  CommandResult Submit(const std::string& value,
                       const std::string& period = "2025") {
    std::string id = "mi-" + value + "-" + period;
    std::string path = dir_ + "." + id + ".json";
    std::ofstream(path)
        << R"({"submissionId": ")" << id
        << R"(", "department": "medical_insurance", "items": [{"indicatorValue": {
      "indicatorCode": "resident_insurance_subsidy_per_person", "regionCode": "350424",
      "period": ")"
        << period << R"(", "value": ")" << value << R"(", "unit": "元/人"}}]})";
    return hubd_->Hubctl("medical_insurance@350400", "submit " + path);
  }
  CommandResult Auditor(const std::string& args) {
    return hubd_->Hubctl("auditor@350000", args);
  }
  CommandResult Verify(const std::string& args) {
    return HubdProcess::Run(std::string(HUB_VERIFIER_PATH) + " --key " + dir_ +
                            "-keys/" + GetParam().key_file + ".pub " + args);
  }
  std::string File(const std::string& name) { return dir_ + "." + name; }

  std::string dir_;
  std::unique_ptr<HubdProcess> hubd_;
};

INSTANTIATE_TEST_SUITE_P(BothSuites, AuditE2eTest,
                         ::testing::Values(kDefault, kSm3Sm2),
                         [](const ::testing::TestParamInfo<Suite>& info) {
                           return std::string(info.param.key_file + 6, 3) ==
                                          "sm2"
                                      ? "sm3"
                                      : "sha256";
                         });

TEST_P(AuditE2eTest, KeyAndCheckpointShowTheSuiteAndAChangeIsRefused) {
  CommandResult key = Auditor("key");
  ASSERT_EQ(key.exit_code, 0) << key.output;
  EXPECT_THAT(key.output,
              HasSubstr(std::string("log crypto ") + GetParam().name + " ("));
  std::ifstream pub(dir_ + "-keys/" + GetParam().key_file + ".pub");
  std::string pem((std::istreambuf_iterator<char>(pub)),
                  std::istreambuf_iterator<char>());
  ASSERT_FALSE(pem.empty());
  EXPECT_THAT(key.output, HasSubstr(pem));  // the key hubd wrote to disk
  CommandResult cp = Auditor("checkpoint --out " + File("cp"));
  ASSERT_EQ(cp.exit_code, 0) << cp.output;
  EXPECT_THAT(cp.output,
              HasSubstr(std::string("checkpoint of 11 events, log crypto ") +
                        GetParam().name));
  EXPECT_THAT(Auditor("log verify").output,
              HasSubstr("chain OK: 11 events" + Suffix()));
  // The log is not empty: hubd refuses to start with the other suite.
  ASSERT_EQ(hubd_->Stop(SIGTERM), 0);
  const char* other = GetParam().name == std::string(kDefault.name)
                          ? kSm3Sm2.name
                          : kDefault.name;
  EXPECT_FALSE(hubd_->Start(
      {"--insecure_demo_auth", std::string("--log_crypto=") + other}));
  EXPECT_EQ(hubd_->exit_status(), 1);
  EXPECT_THAT(hubd_->log(),
              HasSubstr(std::string("cannot change the log crypto of a "
                                    "non-empty log from ") +
                        GetParam().name + " to " + other));
  ASSERT_TRUE(hubd_->Start());  // no flag: the suite the store records
  EXPECT_THAT(Auditor("log verify").output,
              HasSubstr("chain OK: 11 events" + Suffix()));
}

TEST_P(AuditE2eTest, CheckpointProofsAndConsistencyVerifyIndependently) {
  CommandResult cp1 = Auditor("checkpoint --out " + File("cp1"));
  ASSERT_EQ(cp1.exit_code, 0) << cp1.output;
  CommandResult v = Verify("checkpoint " + File("cp1"));
  EXPECT_EQ(v.exit_code, 0) << v.output;
  EXPECT_THAT(v.output,
              HasSubstr("OK: checkpoint of 11 events"));  // catalog + 5x2
  EXPECT_THAT(v.output, HasSubstr(Suffix()));

  // A department asks for the proof of its own receipt's sequence.
  CommandResult p =
      hubd_->Hubctl("medical_insurance@350400", "prove 4 --out " + File("p4"));
  ASSERT_EQ(p.exit_code, 0) << p.output;
  v = Verify("inclusion --checkpoint " + File("cp1") + " " + File("p4"));
  EXPECT_EQ(v.exit_code, 0) << v.output;
  EXPECT_THAT(v.output, HasSubstr("OK: event 4 is in the signed log of 11 "
                                  "events" +
                                  Suffix()));

  ASSERT_EQ(Submit("640.00").exit_code, 0);
  ASSERT_EQ(Auditor("checkpoint --out " + File("cp2")).exit_code, 0);
  ASSERT_EQ(Auditor("prove consistency 11 13 --out " + File("c")).exit_code, 0);
  v = Verify("consistency " + File("cp1") + " " + File("cp2") + " " +
             File("c"));
  EXPECT_EQ(v.exit_code, 0) << v.output;
  EXPECT_THAT(v.output, HasSubstr("OK: the log of 13 events extends the log "
                                  "of 11" +
                                  Suffix()));

  // A proof against a checkpoint it was not made for fails.
  ASSERT_EQ(Auditor("prove 12 --out " + File("p12")).exit_code, 0);
  v = Verify("inclusion --checkpoint " + File("cp1") + " " + File("p12"));
  EXPECT_EQ(v.exit_code, 1) << v.output;
  EXPECT_THAT(
      v.output,
      HasSubstr("FAIL: leaf index 11 is not in the checkpoint's tree of 11"));
  // Another's event: its presence is proved, its bytes are not shown.
  CommandResult presence = hubd_->Hubctl("finance@350400", "prove 4");
  EXPECT_EQ(presence.exit_code, 0) << presence.output;
  EXPECT_THAT(presence.output, HasSubstr("\nleaf "));
  EXPECT_THAT(presence.output, Not(HasSubstr("\nevent ")));
  ASSERT_EQ(
      hubd_->Hubctl("finance@350400", "prove 4 --out " + File("f4")).exit_code,
      0);
  v = Verify("inclusion --checkpoint " + File("cp2") + " " + File("f4"));
  EXPECT_EQ(v.exit_code, 0) << v.output;
  EXPECT_THAT(v.output,
              HasSubstr(std::string("OK: event 4 is in the signed log of 13 "
                                    "events (") +
                        GetParam().name + ") (presence only: leaf hash)"));
}

// A department finds its own sequences (receipts) and proves a submission
// for the checkpoint it saved, however many events came after it; a
// consistency proof takes the two saved checkpoints themselves.
TEST_P(AuditE2eTest, AProofForASavedCheckpointVerifiesAfterMoreEvents) {
  ASSERT_EQ(Auditor("checkpoint --out " + File("cp1")).exit_code, 0);
  ASSERT_EQ(Submit("640.00").exit_code, 0);
  ASSERT_EQ(Submit("641.00").exit_code, 0);  // the log is now 15 events

  CommandResult receipts =
      hubd_->Hubctl("medical_insurance@350400", "receipts --limit 2");
  ASSERT_EQ(receipts.exit_code, 0) << receipts.output;
  EXPECT_THAT(receipts.output, ::testing::ContainsRegex("\n12 +[0-9-]+ "
                                                        "[0-9:]+ +"
                                                        "mi-640.00-2025 "));
  EXPECT_THAT(receipts.output, HasSubstr("(2 receipts)"));
  EXPECT_THAT(hubd_->Hubctl("finance@350400", "receipts").output,
              HasSubstr("(0 receipts)"));  // a department sees its own only

  CommandResult p = hubd_->Hubctl("medical_insurance@350400",
                                  "prove --submission mi-601.00-2025 "
                                  "--checkpoint " +
                                      File("cp1") + " --out " + File("p"));
  ASSERT_EQ(p.exit_code, 0) << p.output;
  CommandResult v =
      Verify("inclusion --checkpoint " + File("cp1") + " " + File("p"));
  EXPECT_EQ(v.exit_code, 0) << v.output;
  EXPECT_THAT(v.output,
              HasSubstr("OK: event 4 is in the signed log of 11 events"));
  EXPECT_THAT(
      hubd_->Hubctl("finance@350400", "prove --submission mi-601.00-2025")
          .output,
      HasSubstr("NOT_FOUND: submission: no accepted submission "
                "\"mi-601.00-2025\" that you may see"));

  ASSERT_EQ(Auditor("checkpoint --out " + File("cp2")).exit_code, 0);
  ASSERT_EQ(Auditor("prove consistency " + File("cp1") + " " + File("cp2") +
                    " --out " + File("c"))
                .exit_code,
            0);
  v = Verify("consistency " + File("cp1") + " " + File("cp2") + " " +
             File("c"));
  EXPECT_EQ(v.exit_code, 0) << v.output;
  EXPECT_THAT(v.output,
              HasSubstr("OK: the log of 15 events extends the log of 11"));
}

TEST_P(AuditE2eTest, ReplayHistoryAsOfAndRebuild) {
  CommandResult bad = Submit("-5.00");
  ASSERT_EQ(bad.exit_code, 1) << bad.output;
  CommandResult r = Auditor("replay --kinds submission_rejected --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output,
              HasSubstr("\"kind\":\"EVENT_KIND_SUBMISSION_REJECTED\""));
  EXPECT_THAT(r.output, HasSubstr("\"actor\":\"medical_insurance@350400\""));
  EXPECT_THAT(r.output, HasSubstr("\"code\":\"INVALID_ARGUMENT\""));
  EXPECT_THAT(r.output, HasSubstr("items[0].indicator_value.value"));

  // Events 2i and 2i+1 accept submission i and change the record.
  r = Auditor("replay --after 4 --to 9 --kinds record_changed");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("(3 events; resume after 9)"));
  EXPECT_THAT(r.output, HasSubstr("601.00 -> 602.00"));

  r = Auditor(
      "history indicator resident_insurance_subsidy_per_person 350424 2025");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("(5 changes)"));

  r = Auditor(
      "asof indicator resident_insurance_subsidy_per_person 350424 2025 "
      "--at_sequence 5 --department medical_insurance");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("medical_insurance had reported: 601.00"));
  EXPECT_THAT(r.output, HasSubstr("valid time: period 2025"));

  r = Auditor("rebuild");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("rebuild IDENTICAL"));
  EXPECT_THAT(r.output, HasSubstr(std::string("chain (") + GetParam().name +
                                  "): rebuilt head "));
  EXPECT_THAT(Auditor("log verify 3 9").output,
              HasSubstr("chain OK: 7 events"));
}

TEST_P(AuditE2eTest, ATamperedEventIsNamedAndItsProofFails) {
  ASSERT_EQ(Auditor("checkpoint --out " + File("trusted")).exit_code, 0);
  ASSERT_EQ(hubd_->Stop(SIGTERM), 0);
  {
    auto store = OpenRocksDbStore(dir_);
    ASSERT_TRUE(store.ok()) << store.status();
    std::string bytes;
    ASSERT_TRUE((*store)->Get(Column::kLog, EncodeSequence(6), &bytes).ok());
    v1::ChangeEvent event;
    ASSERT_TRUE(event.ParseFromString(bytes));
    event.set_actor("finance@350400");  // rewrite who did it
    WriteBatch batch;
    batch.Put(Column::kLog, EncodeSequence(6), event.SerializeAsString());
    ASSERT_TRUE((*store)->Write(batch, true).ok());
  }
  ASSERT_TRUE(hubd_->Start(HubdArgs()));
  CommandResult r = Auditor("log verify");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output,
              HasSubstr("chain BROKEN at sequence 6: hash does not match"));
  ASSERT_EQ(Auditor("prove 6 --size 11 --out " + File("p6")).exit_code, 0);
  CommandResult v =
      Verify("inclusion --checkpoint " + File("trusted") + " " + File("p6"));
  EXPECT_EQ(v.exit_code, 1) << v.output;
  EXPECT_THAT(v.output, HasSubstr("FAIL: the event and path lead to root"));
}

}  // namespace
}  // namespace e2e
}  // namespace hub
