// Checkpoints and proofs, checked by the independent verifier
// (tools/verifier), and tampering with the stored log.
#include "hub/audit/auditor.h"

#include <filesystem>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/audit/internal/audit_test_util.h"
#include "hub/audit/proof_text.h"
#include "hub/common/status_matchers.h"
#include "hub/log/change_log.h"
#include "hub/schema/schema.h"
#include "tools/verifier/verifier.h"

namespace hub {
namespace {

using ::hub::testing::AuditedHub;
using ::hub::testing::IsOk;
using ::hub::testing::P;
using ::hub::testing::StatusIs;
using ::hub::testing::SubsidySubmission;
using ::testing::HasSubstr;

hubverify::Checkpoint ParsedCheckpoint(const v1::SignedCheckpoint& cp) {
  hubverify::Checkpoint out;
  EXPECT_EQ(hubverify::ParseCheckpoint(CheckpointFileText(cp), &out), "");
  return out;
}

// What an auditor does with a proof: parse the text and verify it against a
// checkpoint it trusts, with the pinned public key.
std::string VerifyIndependently(const v1::InclusionProof& proof,
                                const v1::SignedCheckpoint& trusted,
                                const std::string& public_key_pem) {
  hubverify::InclusionProof parsed;
  hubverify::Error e =
      hubverify::ParseInclusionProof(InclusionProofFileText(proof), &parsed);
  if (!e.empty()) return e;
  hubverify::Checkpoint cp = ParsedCheckpoint(trusted);
  e = hubverify::VerifyCheckpoint(public_key_pem, cp);
  if (!e.empty()) return e;
  return hubverify::VerifyInclusion(parsed, cp);
}

class AuditorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/auditor_test_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Reopen();
    for (int i = 0; i < 6; ++i) {
      ASSERT_THAT(
          h_.hub->Submit(P("finance@350400"),
                         SubsidySubmission(absl::StrCat("f", i), "finance",
                                           i % 2 ? "350404" : "350424",
                                           absl::StrCat(600 + i, ".00")),
                         false),
          IsOk());
    }
  }
  void TearDown() override {
    h_.Close();
    std::filesystem::remove_all(dir_);
  }
  void Reopen() {
    h_.Close();
    auto store = OpenRocksDbStore(dir_ + "/db");
    ASSERT_THAT(store, IsOk());
    ASSERT_THAT(h_.Open(*std::move(store), dir_ + "/key.pem"), IsOk());
  }
  // Rewrites the stored log directly in RocksDB, with the hub closed.
  void Tamper(const std::function<void(Store*)>& edit) {
    h_.Close();
    {
      auto store = OpenRocksDbStore(dir_ + "/db");
      ASSERT_THAT(store, IsOk());
      edit(store->get());
    }
    Reopen();
  }
  std::string StoredEvent(Store* store, uint64_t seq) {
    std::string bytes;
    EXPECT_THAT(store->Get(Column::kLog, EncodeSequence(seq), &bytes), IsOk());
    return bytes;
  }
  void Put(Store* store, uint64_t seq, const std::string& bytes) {
    WriteBatch batch;
    if (bytes.empty()) {
      batch.Delete(Column::kLog, EncodeSequence(seq));
    } else {
      batch.Put(Column::kLog, EncodeSequence(seq), bytes);
    }
    ASSERT_THAT(store->Write(batch, true), IsOk());
  }

  std::string dir_;
  AuditedHub h_;
};

TEST_F(AuditorTest, EveryEventHasAProofTheVerifierAccepts) {
  auto cp = h_.auditor->Checkpoint(P("auditor@350000"), 0);
  ASSERT_THAT(cp, IsOk());
  ASSERT_EQ(cp->tree_size(), h_.hub->head().sequence);
  for (uint64_t seq = 1; seq <= cp->tree_size(); ++seq) {
    auto proof = h_.auditor->ProveInclusion(P("auditor@350000"), seq, 0);
    ASSERT_THAT(proof, IsOk());
    EXPECT_EQ(proof->event().sequence(), seq);
    EXPECT_EQ(VerifyIndependently(*proof, *cp, h_.auditor->public_key_pem()),
              "")
        << "event " << seq;
  }
}

TEST_F(AuditorTest, KeyFileIsKeptAcrossRestartsAndAnotherKeyFails) {
  auto before = h_.auditor->Checkpoint(P("auditor@350000"), 0);
  ASSERT_THAT(before, IsOk());
  std::string pem = h_.auditor->public_key_pem();
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/key.pem.pub"));
  Reopen();
  EXPECT_EQ(h_.auditor->public_key_pem(), pem);
  auto other = Auditor::Open(h_.hub.get(), {});
  ASSERT_THAT(other, IsOk());
  EXPECT_THAT(hubverify::VerifyCheckpoint((*other)->public_key_pem(),
                                          ParsedCheckpoint(*before)),
              HasSubstr("signature does not verify"));
  EXPECT_EQ(hubverify::VerifyCheckpoint(pem, ParsedCheckpoint(*before)), "");
}

TEST_F(AuditorTest, ConsistencyProofBetweenCheckpointsVerifies) {
  auto old_cp = h_.auditor->Checkpoint(P("auditor@350000"), 0);
  ASSERT_THAT(old_cp, IsOk());
  ASSERT_THAT(h_.hub->Submit(P("medical_insurance@350400"),
                             SubsidySubmission("m1", "medical_insurance",
                                               "350424", "640.00"),
                             false),
              IsOk());
  auto proof =
      h_.auditor->ProveConsistency(P("auditor@350000"), old_cp->tree_size(), 0);
  ASSERT_THAT(proof, IsOk());
  EXPECT_GT(proof->new_checkpoint().tree_size(), old_cp->tree_size());
  hubverify::ConsistencyProof parsed;
  ASSERT_EQ(hubverify::ParseConsistencyProof(ConsistencyProofFileText(*proof),
                                             &parsed),
            "");
  EXPECT_EQ(
      hubverify::VerifyConsistency(parsed, ParsedCheckpoint(*old_cp),
                                   ParsedCheckpoint(proof->new_checkpoint())),
      "");
}

TEST_F(AuditorTest, ChangedEventIsNamedAndItsProofFailsInTheVerifier) {
  auto trusted = h_.auditor->Checkpoint(P("auditor@350000"), 0);
  ASSERT_THAT(trusted, IsOk());
  Tamper([&](Store* store) {
    v1::ChangeEvent event;
    ASSERT_TRUE(event.ParseFromString(StoredEvent(store, 4)));
    event.mutable_after()->set_value("999.00");  // hash left as it was
    Put(store, 4, event.SerializeAsString());
  });
  auto verify = h_.hub->VerifyChain(P("auditor@350000"), 0, 0);
  ASSERT_THAT(verify, IsOk());
  EXPECT_FALSE(verify->ok);
  EXPECT_EQ(verify->first_bad_sequence, 4u);
  EXPECT_THAT(verify->reason,
              HasSubstr("hash does not match the event content"));
  auto proof =
      h_.auditor->ProveInclusion(P("auditor@350000"), 4, trusted->tree_size());
  ASSERT_THAT(proof, IsOk());
  EXPECT_THAT(
      VerifyIndependently(*proof, *trusted, h_.auditor->public_key_pem()),
      HasSubstr("not the checkpoint's"));
  // Even an untouched event no longer proves against the trusted
  // checkpoint: its path now covers the changed leaf.
  auto other =
      h_.auditor->ProveInclusion(P("auditor@350000"), 1, trusted->tree_size());
  ASSERT_THAT(other, IsOk());
  EXPECT_THAT(
      VerifyIndependently(*other, *trusted, h_.auditor->public_key_pem()),
      HasSubstr("not the checkpoint's"));
}

TEST_F(AuditorTest, DeletedEventIsNamedAndNoProofIsServed) {
  Tamper([&](Store* store) { Put(store, 3, ""); });
  auto verify = h_.hub->VerifyChain(P("auditor@350000"), 0, 0);
  ASSERT_THAT(verify, IsOk());
  EXPECT_FALSE(verify->ok);
  EXPECT_EQ(verify->first_bad_sequence, 3u);
  EXPECT_THAT(verify->reason, HasSubstr("event 3 is missing"));
  EXPECT_THAT(
      h_.auditor->ProveInclusion(P("auditor@350000"), 5, 0),
      StatusIs(absl::StatusCode::kDataLoss, HasSubstr("event 3 is missing")));
}

TEST_F(AuditorTest, ReorderedEventsAreNamedAndTheirProofsFail) {
  auto trusted = h_.auditor->Checkpoint(P("auditor@350000"), 0);
  ASSERT_THAT(trusted, IsOk());
  Tamper([&](Store* store) {
    std::string a = StoredEvent(store, 5), b = StoredEvent(store, 6);
    Put(store, 5, b);
    Put(store, 6, a);
  });
  auto verify = h_.hub->VerifyChain(P("auditor@350000"), 0, 0);
  ASSERT_THAT(verify, IsOk());
  EXPECT_FALSE(verify->ok);
  EXPECT_EQ(verify->first_bad_sequence, 5u);
  EXPECT_THAT(verify->reason, HasSubstr("says sequence 6"));
  auto proof =
      h_.auditor->ProveInclusion(P("auditor@350000"), 5, trusted->tree_size());
  ASSERT_THAT(proof, IsOk());
  EXPECT_THAT(
      VerifyIndependently(*proof, *trusted, h_.auditor->public_key_pem()),
      HasSubstr("not the checkpoint's"));
}

TEST_F(AuditorTest, OthersProveOnlyThePresenceOfAnEvent) {
  auto receipt = h_.hub->Submit(
      P("medical_insurance@350400"),
      SubsidySubmission("m9", "medical_insurance", "350424", "640.00"), false);
  ASSERT_THAT(receipt, IsOk());
  auto own = h_.auditor->ProveInclusion(P("medical_insurance@350400"),
                                        receipt->sequence(), 0);
  ASSERT_THAT(own, IsOk());
  EXPECT_EQ(own->event().submission().submission_id(), "m9");
  EXPECT_EQ(own->leaf_hash(), MerkleLeafHash(own->event_bytes()));
  auto cp = h_.auditor->Checkpoint(P("analyst@350400"), 0);
  ASSERT_THAT(cp, IsOk());
  // Another department, an analyst, another city's auditor: the proof holds
  // (presence) but the event's bytes are not in it.
  for (const char* who :
       {"finance@350400", "analyst@350400", "auditor@411300"}) {
    auto other = h_.auditor->ProveInclusion(P(who), receipt->sequence(), 0);
    ASSERT_THAT(other, IsOk()) << who;
    EXPECT_TRUE(other->event_bytes().empty()) << who;
    EXPECT_FALSE(other->has_event()) << who;
    EXPECT_EQ(other->leaf_hash(), own->leaf_hash()) << who;
    EXPECT_EQ(VerifyIndependently(*other, *cp, h_.auditor->public_key_pem()),
              "")
        << who;
  }
  EXPECT_THAT(h_.auditor->ProveInclusion(P("auditor@350000"), 0, 0),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("sequence: 0 is not in a log of")));
  EXPECT_THAT(h_.auditor->ProveConsistency(P("auditor@350000"), 5, 4),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace hub
