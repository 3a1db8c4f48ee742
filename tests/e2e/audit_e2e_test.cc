// The auditor's workflow end to end: the real hubd with its RocksDB store,
// driven by hubctl, proofs checked by the independent hub_verifier with the
// public key hubd wrote beside its data (pinned from disk, not from the
// server's answer).
#include <filesystem>
#include <fstream>

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

class AuditE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/audit_e2e_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    hubd_ = std::make_unique<HubdProcess>(dir_);
    ASSERT_TRUE(hubd_->Start());
    CommandResult load = hubd_->Hubctl(
        "reform_office@350400", std::string("catalog load ") + CATALOG_DIR);
    ASSERT_EQ(load.exit_code, 0) << load.output;
    for (int i = 0; i < 5; ++i) ASSERT_EQ(Submit(Value(i)).exit_code, 0);
  }
  void TearDown() override {
    if (hubd_ != nullptr) EXPECT_EQ(hubd_->Stop(SIGTERM), 0);
    std::filesystem::remove_all(dir_);
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
                            "-keys/audit_ed25519.pem.pub " + args);
  }
  std::string File(const std::string& name) { return dir_ + "." + name; }

  std::string dir_;
  std::unique_ptr<HubdProcess> hubd_;
};

TEST_F(AuditE2eTest, CheckpointProofsAndConsistencyVerifyIndependently) {
  CommandResult cp1 = Auditor("checkpoint --out " + File("cp1"));
  ASSERT_EQ(cp1.exit_code, 0) << cp1.output;
  CommandResult v = Verify("checkpoint " + File("cp1"));
  EXPECT_EQ(v.exit_code, 0) << v.output;
  EXPECT_THAT(v.output,
              HasSubstr("OK: checkpoint of 11 events"));  // catalog + 5x2

  // A department asks for the proof of its own receipt's sequence.
  CommandResult p =
      hubd_->Hubctl("medical_insurance@350400", "prove 4 --out " + File("p4"));
  ASSERT_EQ(p.exit_code, 0) << p.output;
  v = Verify("inclusion --checkpoint " + File("cp1") + " " + File("p4"));
  EXPECT_EQ(v.exit_code, 0) << v.output;
  EXPECT_THAT(v.output,
              HasSubstr("OK: event 4 is in the signed log of 11 events"));

  ASSERT_EQ(Submit("640.00").exit_code, 0);
  ASSERT_EQ(Auditor("checkpoint --out " + File("cp2")).exit_code, 0);
  ASSERT_EQ(Auditor("prove consistency 11 13 --out " + File("c")).exit_code, 0);
  v = Verify("consistency " + File("cp1") + " " + File("cp2") + " " +
             File("c"));
  EXPECT_EQ(v.exit_code, 0) << v.output;
  EXPECT_THAT(v.output,
              HasSubstr("OK: the log of 13 events extends the log of 11"));

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
  EXPECT_THAT(v.output, HasSubstr("OK: event 4 is in the signed log of 13 "
                                  "events (presence only: leaf hash)"));
}

TEST_F(AuditE2eTest, ReplayHistoryAsOfAndRebuild) {
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
  EXPECT_THAT(r.output, HasSubstr("601.00 → 602.00"));

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
  EXPECT_THAT(Auditor("log verify 3 9").output,
              HasSubstr("chain OK: 7 events"));
}

TEST_F(AuditE2eTest, ATamperedEventIsNamedAndItsProofFails) {
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
  ASSERT_TRUE(hubd_->Start());
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
