#include "hub/log/change_log.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/schema/schema.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::IsOkAndHolds;

class ChangeLogTest : public ::testing::Test {
 protected:
  // Appends n events, one batch each.
  void Append(int n) {
    for (int i = 0; i < n; ++i) {
      v1::ChangeEvent event;
      event.set_kind(v1::EVENT_KIND_SUBMISSION_ACCEPTED);
      event.set_actor("finance@350400");
      event.set_time_micros(1719273600000000 + i);
      event.mutable_submission()->set_submission_id(absl::StrCat("s", i));
      SealEvent(&head_, &event);
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

TEST_F(ChangeLogTest, EventsChainAndVerify) {
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

  auto v = VerifyChain(log, 0, 0);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->reason;
  EXPECT_EQ(v->events_checked, 5u);
}

TEST_F(ChangeLogTest, VerifyNamesTamperedEvent) {
  Append(6);
  v1::ChangeEvent event;
  ASSERT_TRUE(event.ParseFromString(RawEvent(4)));
  event.set_actor("medical_insurance@350400");  // rewrite history
  WriteBatch batch;
  batch.Put(Column::kLog, EncodeSequence(4), event.SerializeAsString());
  ASSERT_THAT(store_->Write(batch, true), IsOk());

  auto v = VerifyChain(LogReader(store_->NewSnapshot()), 0, 0);
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->first_bad_sequence, 4u);
  EXPECT_THAT(v->reason, ::testing::HasSubstr("hash does not match"));
}

TEST_F(ChangeLogTest, VerifyNamesDeletedEvent) {
  Append(6);
  WriteBatch batch;
  batch.Delete(Column::kLog, EncodeSequence(3));
  ASSERT_THAT(store_->Write(batch, true), IsOk());
  auto v = VerifyChain(LogReader(store_->NewSnapshot()), 0, 0);
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->first_bad_sequence, 3u);
  EXPECT_THAT(v->reason, ::testing::HasSubstr("event 3 is missing"));
}

TEST_F(ChangeLogTest, VerifyARangeChecksItsLinkToTheEventBefore) {
  Append(6);
  auto v = VerifyChain(LogReader(store_->NewSnapshot()), 3, 5);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->ok) << v->reason;
  EXPECT_EQ(v->events_checked, 3u);
  WriteBatch batch;
  batch.Delete(Column::kLog, EncodeSequence(2));
  ASSERT_THAT(store_->Write(batch, true), IsOk());
  v = VerifyChain(LogReader(store_->NewSnapshot()), 3, 5);
  ASSERT_THAT(v, IsOk());
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->first_bad_sequence, 2u);
}

TEST_F(ChangeLogTest, VerifyDetectsTruncatedTail) {
  Append(4);
  WriteBatch batch;
  batch.Delete(Column::kLog, EncodeSequence(4));
  ASSERT_THAT(store_->Write(batch, true), IsOk());
  auto v = VerifyChain(LogReader(store_->NewSnapshot()), 0, 0);
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->first_bad_sequence, 4u);
  EXPECT_THAT(v->reason, ::testing::HasSubstr("log ends at 3"));
}

}  // namespace
}  // namespace hub
