#include "hub/log/log_reader.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/log/change_log.h"
#include "hub/schema/schema.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::IsOkAndHolds;
using ::hub::testing::StatusIs;
using ::testing::HasSubstr;

constexpr int64_t kStart = 1719273600000000;  // 2024-06-25 00:00 UTC

class LogReaderTest : public ::testing::Test {
 protected:
  // Appends n events, one batch each, event i at kStart + 10 * i.
  void Append(int n) {
    for (int i = 0; i < n; ++i) {
      v1::ChangeEvent event;
      event.set_kind(v1::EVENT_KIND_SUBMISSION_ACCEPTED);
      event.set_actor("finance@350400");
      event.set_time_micros(kStart + 10 * static_cast<int64_t>(head_.sequence));
      SealEvent(Sha256Ed25519(), &head_, &event);
      WriteBatch batch;
      AppendEvent(event, &batch);
      PutHead(head_, &batch);
      ASSERT_THAT(store_->Write(batch, true), IsOk());
    }
  }
  void Delete(uint64_t seq) {
    WriteBatch batch;
    batch.Delete(Column::kLog, EncodeSequence(seq));
    ASSERT_THAT(store_->Write(batch, true), IsOk());
  }
  LogReader Reader() const { return LogReader(store_->NewSnapshot()); }

  std::unique_ptr<Store> store_ = NewMemStore();
  LogHead head_;
};

TEST_F(LogReaderTest, AnEmptyLogHasAnEmptyHeadAndNoEvents) {
  LogReader log = Reader();
  auto head = log.Head();
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ(head->sequence, 0u);
  EXPECT_EQ(head->hash, "");
  EXPECT_FALSE(log.NewIterator(0)->Valid());
  EXPECT_THAT(log.NewIterator(0)->status(), IsOk());
  EXPECT_THAT(log.Read(1), StatusIs(absl::StatusCode::kNotFound,
                                    HasSubstr("no event 1 in the log")));
}

TEST_F(LogReaderTest, IteratesARangeInOrder) {
  Append(10);
  std::vector<uint64_t> seen;
  std::unique_ptr<LogIterator> it = Reader().NewIterator(3, 7);
  for (; it->Valid(); it->Next()) {
    auto event = it->event();
    ASSERT_THAT(event, IsOk());
    EXPECT_EQ(event->sequence(), it->sequence());
    EXPECT_EQ(event->SerializeAsString().size(), it->bytes().size());
    seen.push_back(it->sequence());
  }
  EXPECT_THAT(it->status(), IsOk());
  EXPECT_THAT(seen, ::testing::ElementsAre(4, 5, 6, 7));
  auto batch = Reader().ReadBatch(7, 100);
  ASSERT_THAT(batch, IsOk());
  ASSERT_EQ(batch->size(), 3u);
  EXPECT_EQ((*batch)[0].sequence(), 8u);
  EXPECT_EQ((*batch)[2].sequence(), 10u);
  EXPECT_THAT(Reader().ReadBatch(10, 5), IsOkAndHolds(::testing::IsEmpty()));
}

TEST_F(LogReaderTest, SeesOnlyWhatWasLoggedWhenItWasTaken) {
  Append(3);
  LogReader log = Reader();
  Append(2);
  EXPECT_EQ(log.Head()->sequence, 3u);
  EXPECT_THAT(log.Read(4), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(log.ReadBatch(0, 100)->size(), 3u);
  EXPECT_EQ(Reader().Head()->sequence, 5u);
}

TEST_F(LogReaderTest, AMissingEventStopsTheIterationWithDataLoss) {
  Append(6);
  Delete(3);
  std::unique_ptr<LogIterator> it = Reader().NewIterator(0);
  ASSERT_TRUE(it->Valid());
  it->Next();
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->sequence(), 2u);
  it->Next();
  EXPECT_FALSE(it->Valid());
  EXPECT_THAT(it->status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("event 3 is missing from the log; next "
                                 "stored is 4")));
  EXPECT_THAT(Reader().ReadBatch(1, 10),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("event 3")));
  // A range that starts past the gap is intact.
  EXPECT_EQ(Reader().ReadBatch(3, 10)->size(), 3u);
}

TEST_F(LogReaderTest, AnEventUnderAnotherSequenceIsDataLoss) {
  Append(6);
  std::string five = *Reader().ReadBytes(5);
  WriteBatch batch;
  batch.Put(Column::kLog, EncodeSequence(6), five);
  batch.Put(Column::kLog, EncodeSequence(4), "not a change event \xff\xff");
  ASSERT_THAT(store_->Write(batch, true), IsOk());
  EXPECT_THAT(Reader().Read(6),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("event stored under 6 says sequence 5")));
  EXPECT_THAT(Reader().Read(4), StatusIs(absl::StatusCode::kDataLoss,
                                         HasSubstr("event 4 does not parse")));
}

TEST_F(LogReaderTest, SequenceAtTimeFindsTheLastEventNotAfterIt) {
  Append(8);  // event s at kStart + 10 * (s - 1)
  LogReader log = Reader();
  EXPECT_THAT(log.SequenceAtTime(8, kStart - 1), IsOkAndHolds(0u));
  EXPECT_THAT(log.SequenceAtTime(8, kStart), IsOkAndHolds(1u));
  EXPECT_THAT(log.SequenceAtTime(8, kStart + 35), IsOkAndHolds(4u));
  EXPECT_THAT(log.SequenceAtTime(8, kStart + 1000), IsOkAndHolds(8u));
  EXPECT_THAT(log.SequenceAtTime(5, kStart + 1000), IsOkAndHolds(5u));
}

}  // namespace
}  // namespace hub
