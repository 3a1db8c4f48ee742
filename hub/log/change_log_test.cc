#include "hub/log/change_log.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/model/model.h"
#include "hub/schema/schema.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;
using ::testing::HasSubstr;

// Every chain test runs on both suites.
class ChangeLogTest : public ::testing::TestWithParam<const LogCrypto*> {
 protected:
  const LogCrypto& crypto() const { return *GetParam(); }
  // Appends n events, one batch each.
  void Append(int n) {
    for (int i = 0; i < n; ++i) {
      v1::ChangeEvent event;
      event.set_kind(v1::EVENT_KIND_SUBMISSION_ACCEPTED);
      event.set_actor("finance@350400");
      event.set_time_micros(1719273600000000 + i);
      event.mutable_submission()->set_submission_id(absl::StrCat("s", i));
      SealEvent(crypto(), &head_, &event);
      WriteBatch batch;
      AppendEvent(event, &batch);
      PutHead(head_, &batch);
      ASSERT_THAT(store_->Write(batch, true), IsOk());
    }
  }
  std::string RawEvent(uint64_t seq) {
    std::string v;
    EXPECT_THAT(store_->Get(Column::kLog, EncodeSequence(seq), &v), IsOk());
    return v;
  }

  std::unique_ptr<Store> store_ = NewMemStore();
  LogHead head_;
};

INSTANTIATE_TEST_SUITE_P(
    BothSuites, ChangeLogTest, ::testing::Values(&Sha256Ed25519(), &Sm3Sm2()),
    [](const ::testing::TestParamInfo<const LogCrypto*>& info) {
      return std::string(info.param->HashName());
    });

TEST_P(ChangeLogTest, EventHashIsTheSuitesHashOfPrevAndContent) {
  Append(2);
  v1::ChangeEvent second;
  ASSERT_TRUE(second.ParseFromString(RawEvent(2)));
  v1::ChangeEvent content = second;
  content.clear_hash();
  std::string bytes =
      absl::StrCat(second.prev_hash(), DeterministicBytes(content));
  EXPECT_EQ(second.hash(), crypto().Hash(bytes));
  if (&crypto() == &Sha256Ed25519()) {
    // The default suite chains exactly as the hub always has (SHA-256).
    EXPECT_EQ(second.hash(), Sha256(bytes));
  } else {
    EXPECT_NE(second.hash(), Sha256(bytes));
  }
  // A chain made with one suite does not verify with the other.
  const LogCrypto& other = &crypto() == &Sm3Sm2() ? Sha256Ed25519() : Sm3Sm2();
  auto v = VerifyChain(LogReader(store_->NewSnapshot()), other, 0, 0);
  ASSERT_THAT(v, IsOk());
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->first_bad_sequence, 1u);
}

TEST_P(ChangeLogTest, EventsChainAndVerify) {
  Append(5);
  LogReader log(store_->NewSnapshot());
  auto events = log.ReadBatch(0, 100);
  ASSERT_THAT(events, IsOk());
  ASSERT_EQ(events->size(), 5u);
  EXPECT_EQ((*events)[0].sequence(), 1u);
  EXPECT_TRUE((*events)[0].prev_hash().empty());
  EXPECT_EQ((*events)[3].prev_hash(), (*events)[2].hash());

  auto head = log.Head();
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ(head->sequence, 5u);
  EXPECT_EQ(head->hash, (*events)[4].hash());

  auto v = VerifyChain(log, crypto(), 0, 0);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->reason;
  EXPECT_EQ(v->events_checked, 5u);
}

TEST_P(ChangeLogTest, VerifyNamesTamperedEvent) {
  Append(6);
  v1::ChangeEvent event;
  ASSERT_TRUE(event.ParseFromString(RawEvent(4)));
  event.set_actor("medical_insurance@350400");  // rewrite history
  WriteBatch batch;
  batch.Put(Column::kLog, EncodeSequence(4), event.SerializeAsString());
  ASSERT_THAT(store_->Write(batch, true), IsOk());

  auto v = VerifyChain(LogReader(store_->NewSnapshot()), crypto(), 0, 0);
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->first_bad_sequence, 4u);
  EXPECT_THAT(v->reason, ::testing::HasSubstr("hash does not match"));
}

TEST_P(ChangeLogTest, VerifyNamesDeletedEvent) {
  Append(6);
  WriteBatch batch;
  batch.Delete(Column::kLog, EncodeSequence(3));
  ASSERT_THAT(store_->Write(batch, true), IsOk());
  auto v = VerifyChain(LogReader(store_->NewSnapshot()), crypto(), 0, 0);
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->first_bad_sequence, 3u);
  EXPECT_THAT(v->reason, ::testing::HasSubstr("event 3 is missing"));
}

TEST_P(ChangeLogTest, VerifyARangeChecksItsLinkToTheEventBefore) {
  Append(6);
  auto v = VerifyChain(LogReader(store_->NewSnapshot()), crypto(), 3, 5);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->ok) << v->reason;
  EXPECT_EQ(v->events_checked, 3u);
  WriteBatch batch;
  batch.Delete(Column::kLog, EncodeSequence(2));
  ASSERT_THAT(store_->Write(batch, true), IsOk());
  v = VerifyChain(LogReader(store_->NewSnapshot()), crypto(), 3, 5);
  ASSERT_THAT(v, IsOk());
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->first_bad_sequence, 2u);
}

TEST_P(ChangeLogTest, VerifyDetectsTruncatedTail) {
  Append(4);
  WriteBatch batch;
  batch.Delete(Column::kLog, EncodeSequence(4));
  ASSERT_THAT(store_->Write(batch, true), IsOk());
  auto v = VerifyChain(LogReader(store_->NewSnapshot()), crypto(), 0, 0);
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->first_bad_sequence, 4u);
  EXPECT_THAT(v->reason, ::testing::HasSubstr("log ends at 3"));
}

const LogCrypto* RecordedCrypto(const Store& store) {
  absl::StatusOr<const LogCrypto*> crypto =
      LogReader(store.NewSnapshot()).Crypto();
  EXPECT_THAT(crypto, IsOk());
  return crypto.ok() ? *crypto : nullptr;
}

TEST(LogCryptoRecordTest, ANewStoreRecordsTheRequestedSuiteOnce) {
  std::unique_ptr<Store> store = NewMemStore();
  EXPECT_EQ(RecordedCrypto(*store), nullptr);
  EXPECT_EQ(*OpenLogCrypto(store.get(), &Sm3Sm2()), &Sm3Sm2());
  EXPECT_EQ(RecordedCrypto(*store), &Sm3Sm2());
  // Reopening without a request keeps what is recorded.
  EXPECT_EQ(*OpenLogCrypto(store.get(), nullptr), &Sm3Sm2());
  std::string name;
  ASSERT_THAT(store->Get(Column::kMeta, LogCryptoKey(), &name), IsOk());
  EXPECT_EQ(name, "sm3-sm2");
  // The default for a new store without a request.
  std::unique_ptr<Store> fresh = NewMemStore();
  EXPECT_EQ(*OpenLogCrypto(fresh.get(), nullptr), &Sha256Ed25519());
  EXPECT_EQ(RecordedCrypto(*fresh), &Sha256Ed25519());
}

void AppendOne(Store* store, const LogCrypto& crypto) {
  LogHead head;
  v1::ChangeEvent event;
  event.set_actor("finance@350400");
  SealEvent(crypto, &head, &event);
  WriteBatch batch;
  AppendEvent(event, &batch);
  PutHead(head, &batch);
  ASSERT_THAT(store->Write(batch, true), IsOk());
}

TEST(LogCryptoRecordTest, ChangingTheSuiteOfANonEmptyLogIsRefused) {
  std::unique_ptr<Store> store = NewMemStore();
  // On an empty log the suite may still change.
  ASSERT_THAT(OpenLogCrypto(store.get(), &Sha256Ed25519()), IsOk());
  EXPECT_EQ(*OpenLogCrypto(store.get(), &Sm3Sm2()), &Sm3Sm2());
  AppendOne(store.get(), Sm3Sm2());
  EXPECT_THAT(
      OpenLogCrypto(store.get(), &Sha256Ed25519()),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("cannot change the log crypto of a non-empty log "
                         "from sm3-sm2 to sha256-ed25519: its 1 event is "
                         "chained with sm3")));
  EXPECT_EQ(RecordedCrypto(*store), &Sm3Sm2());  // unchanged
  EXPECT_EQ(*OpenLogCrypto(store.get(), &Sm3Sm2()), &Sm3Sm2());
}

TEST(LogCryptoRecordTest, ALogFromBeforeSuitesIsSha256AndGetsRecorded) {
  std::unique_ptr<Store> store = NewMemStore();
  AppendOne(store.get(), Sha256Ed25519());  // no LogCryptoKey() record
  EXPECT_EQ(RecordedCrypto(*store), &Sha256Ed25519());
  EXPECT_THAT(OpenLogCrypto(store.get(), &Sm3Sm2()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("from sha256-ed25519 to sm3-sm2")));
  EXPECT_EQ(*OpenLogCrypto(store.get(), nullptr), &Sha256Ed25519());
  std::string name;
  ASSERT_THAT(store->Get(Column::kMeta, LogCryptoKey(), &name), IsOk());
  EXPECT_EQ(name, "sha256-ed25519");
}

TEST(LogCryptoRecordTest, AnUnknownRecordedSuiteIsDataLoss) {
  std::unique_ptr<Store> store = NewMemStore();
  WriteBatch batch;
  batch.Put(Column::kMeta, LogCryptoKey(), "md5-rsa");
  ASSERT_THAT(store->Write(batch, true), IsOk());
  EXPECT_THAT(OpenLogCrypto(store.get(), nullptr),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("records its log crypto as \"md5-rsa\"")));
}

}  // namespace
}  // namespace hub
