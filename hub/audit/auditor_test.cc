// Checkpoints and proofs, checked by the independent verifier
// (tools/verifier), and tampering with the stored log; every test on both
// log crypto suites (SHA-256 and Ed25519, SM3 and SM2) and both durable
// stores (RocksDB, PostgreSQL).
#include "hub/audit/auditor.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

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

class AuditorTest : public ::testing::TestWithParam<testing::SuiteAndStore> {
 protected:
  void SetUp() override {
    std::string name =
        ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '_');
    dir_ = absl::StrCat(::testing::TempDir(), "/auditor_test_", getpid(), "_",
                        name);
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    h_.crypto = &crypto();
    Reopen();
    if (IsSkipped() || HasFatalFailure()) return;
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
  // The store of this test (the same data each time).
  absl::StatusOr<std::unique_ptr<Store>> OpenStore() {
    return std::get<1>(GetParam()).open(dir_ + "/db");
  }
  void Reopen() {
    h_.Close();
    HUB_OPEN_STORE_OR_SKIP(std::unique_ptr<Store> store,
                           std::get<1>(GetParam()), dir_ + "/db");
    ASSERT_THAT(h_.Open(std::move(store), dir_ + "/key.pem"), IsOk());
  }
  // Rewrites the stored log directly in the store, with the hub closed.
  void Tamper(const std::function<void(Store*)>& edit) {
    h_.Close();
    {
      auto store = OpenStore();
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

  const LogCrypto& crypto() const { return *std::get<0>(GetParam()); }

  std::string dir_;
  AuditedHub h_;
};

INSTANTIATE_TEST_SUITE_P(SuitesAndStores, AuditorTest,
                         testing::SuitesOn(testing::DurableStores()),
                         testing::SuiteAndStoreName);

// Runs a shell command; returns its exit status and, in *out, its output.
int Shell(const std::string& command, std::string* out) {
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  out->clear();
  char buf[256];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out->append(buf, n);
  return WEXITSTATUS(pclose(p));
}

TEST_P(AuditorTest, CheckpointsNameTheSuiteAndOpensslVerifiesTheirSignature) {
  auto cp = h_.auditor->Checkpoint(P("auditor@350000"), 0);
  ASSERT_THAT(cp, IsOk());
  EXPECT_EQ(cp->log_crypto(), crypto().Name());
  EXPECT_EQ(ParsedCheckpoint(*cp).suite, crypto().Name());
  const bool sm = &crypto() == &Sm3Sm2();
  // The default suite's checkpoints are what they were before suites.
  EXPECT_THAT(cp->text(),
              ::testing::StartsWith(
                  sm ? "reform-hub checkpoint v2\nsuite sm3-sm2\nsize 13\n"
                     : "reform-hub checkpoint v1\nsize 13\n"));
  // openssl pkeyutl, an implementation of its own, checks the hub's
  // signature: SM2 over SM3 with the GB/T 32918 signer ID, or Ed25519.
  std::ofstream(dir_ + "/cp.txt", std::ios::binary) << cp->text();
  std::ofstream(dir_ + "/cp.sig", std::ios::binary) << cp->signature();
  std::string verify = "openssl pkeyutl -verify -pubin -inkey " + dir_ +
                       "/key.pem.pub -rawin -in " + dir_ + "/cp.txt -sigfile " +
                       dir_ + "/cp.sig";
  if (sm) verify += " -digest sm3 -pkeyopt distid:1234567812345678";
  std::string out;
  EXPECT_EQ(Shell(verify, &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("Signature Verified Successfully"));
  std::ofstream(dir_ + "/cp.txt", std::ios::binary) << cp->text() << " ";
  EXPECT_NE(Shell(verify, &out), 0) << out;
}

TEST_P(AuditorTest, AKeyOfTheOtherSuiteIsRefused) {
  const LogCrypto& other = &crypto() == &Sm3Sm2() ? Sha256Ed25519() : Sm3Sm2();
  auto key = other.GenerateKey();
  ASSERT_THAT(key, IsOk());
  std::ofstream(dir_ + "/other.pem") << *(*key)->PrivateKeyPem();
  AuditorOptions options;
  options.key_file = dir_ + "/other.pem";
  EXPECT_THAT(
      Auditor::Open(h_.hub.get(), options),
      StatusIs(absl::StatusCode::kInvalidArgument,
               ::testing::AllOf(
                   HasSubstr(absl::StrCat("checkpoint key ", dir_,
                                          "/other.pem holds an ")),
                   HasSubstr(absl::StrCat("but the log crypto ",
                                          crypto().Name(), " signs with")))));
}

TEST_P(AuditorTest, ReopeningTheLogWithTheOtherSuiteIsRefused) {
  const LogCrypto& other = &crypto() == &Sm3Sm2() ? Sha256Ed25519() : Sm3Sm2();
  h_.Close();
  auto store = OpenStore();
  ASSERT_THAT(store, IsOk());
  HubOptions options;
  options.rules = *NewBuiltinRuleRegistry();
  options.log_crypto = &other;
  EXPECT_THAT(
      Hub::Open(*std::move(store), options),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr(absl::StrCat(
                   "cannot change the log crypto of a non-empty log from ",
                   crypto().Name(), " to ", other.Name(), ": its 13 events"))));
  h_.crypto = nullptr;  // reopening without a choice keeps the recorded one
  Reopen();
  EXPECT_EQ(&h_.hub->log_crypto(), &crypto());
  auto verify = h_.hub->VerifyChain(P("auditor@350000"), 0, 0);
  ASSERT_THAT(verify, IsOk());
  EXPECT_TRUE(verify->ok) << verify->reason;
}

TEST_P(AuditorTest, EveryEventHasAProofTheVerifierAccepts) {
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

TEST_P(AuditorTest, KeyFileIsKeptAcrossRestartsAndAnotherKeyFails) {
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

TEST_P(AuditorTest, ConsistencyProofBetweenCheckpointsVerifies) {
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

TEST_P(AuditorTest, ChangedEventIsNamedAndItsProofFailsInTheVerifier) {
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
  // The tree was persisted as the events were committed: the checkpoint
  // after the change is the trusted one, and an untouched event still
  // proves against it; only the changed one fails.
  auto after = h_.auditor->Checkpoint(P("auditor@350000"), 0);
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->root_hash(), trusted->root_hash());
  auto other =
      h_.auditor->ProveInclusion(P("auditor@350000"), 1, trusted->tree_size());
  ASSERT_THAT(other, IsOk());
  EXPECT_EQ(VerifyIndependently(*other, *trusted, h_.auditor->public_key_pem()),
            "");
}

// A store written before the Merkle tree was persisted (simulated by
// removing the tree) gets it built from the log when the hub opens it: the
// same root, and proofs that verify.
TEST_P(AuditorTest, AStoreWithoutAPersistedTreeGetsItBuiltAtOpen) {
  auto trusted = h_.auditor->Checkpoint(P("auditor@350000"), 0);
  ASSERT_THAT(trusted, IsOk());
  Tamper([&](Store* store) {
    WriteBatch batch;
    std::unique_ptr<Iterator> it = store->NewIterator(Column::kMeta);
    for (it->Seek("merkle/"); it->Valid() && it->key().rfind("merkle/", 0) == 0;
         it->Next()) {
      batch.Delete(Column::kMeta, it->key());
    }
    ASSERT_GT(batch.size(), trusted->tree_size());
    ASSERT_THAT(store->Write(batch, true), IsOk());
  });
  auto after = h_.auditor->Checkpoint(P("auditor@350000"), 0);
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->root_hash(), trusted->root_hash());
  auto proof =
      h_.auditor->ProveInclusion(P("auditor@350000"), 2, trusted->tree_size());
  ASSERT_THAT(proof, IsOk());
  EXPECT_EQ(VerifyIndependently(*proof, *trusted, h_.auditor->public_key_pem()),
            "");
}

TEST_P(AuditorTest, DeletedEventIsNamedAndNoProofIsServed) {
  Tamper([&](Store* store) { Put(store, 3, ""); });
  auto verify = h_.hub->VerifyChain(P("auditor@350000"), 0, 0);
  ASSERT_THAT(verify, IsOk());
  EXPECT_FALSE(verify->ok);
  EXPECT_EQ(verify->first_bad_sequence, 3u);
  EXPECT_THAT(verify->reason, HasSubstr("event 3 is missing"));
  EXPECT_THAT(
      h_.auditor->ProveInclusion(P("auditor@350000"), 3, 0),
      StatusIs(absl::StatusCode::kDataLoss, HasSubstr("event 3 is missing")));
  // The Merkle tree was persisted as the events were committed, so the
  // events still stored still prove against it.
  EXPECT_THAT(h_.auditor->ProveInclusion(P("auditor@350000"), 5, 0), IsOk());
}

TEST_P(AuditorTest, ReorderedEventsAreNamedAndTheirProofsFail) {
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

TEST_P(AuditorTest, OthersProveOnlyThePresenceOfAnEvent) {
  auto receipt = h_.hub->Submit(
      P("medical_insurance@350400"),
      SubsidySubmission("m9", "medical_insurance", "350424", "640.00"), false);
  ASSERT_THAT(receipt, IsOk());
  auto own = h_.auditor->ProveInclusion(P("medical_insurance@350400"),
                                        receipt->sequence(), 0);
  ASSERT_THAT(own, IsOk());
  EXPECT_EQ(own->event().submission().submission_id(), "m9");
  EXPECT_EQ(own->leaf_hash(),
            std::get<0>(GetParam())->LeafHash(own->event_bytes()));
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
