// Conformance tests run against every Store implementation: in memory,
// RocksDB and PostgreSQL (hub/pgstore/testing/store_params.h).
#include "hub/store/store.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/pgstore/testing/store_params.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;
using ::hub::testing::StoreParam;

class StoreTest : public ::testing::TestWithParam<StoreParam> {
 protected:
  void SetUp() override {
    std::string test =
        ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(test.begin(), test.end(), '/', '_');
    dir_ = ::testing::TempDir() + "/store_test_" + test + "_" +
           std::to_string(getpid());
    std::filesystem::remove_all(dir_);
    HUB_OPEN_STORE_OR_SKIP(store_, GetParam(), dir_);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Reopen() {
    store_.reset();
    auto store = GetParam().open(dir_);
    ASSERT_THAT(store, IsOk());
    store_ = *std::move(store);
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, GetMissingKeyIsNotFoundAndLeavesValueUnchanged) {
  std::string value = "untouched";
  EXPECT_THAT(store_->Get(Column::kRecords, "nope", &value),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(value, "untouched");
}

TEST_P(StoreTest, BatchIsAppliedAcrossColumns) {
  WriteBatch batch;
  batch.Put(Column::kRecords, "a", "1");
  batch.Put(Column::kLog, "a", "2");
  batch.Put(Column::kRecords, "b", "3");
  batch.Delete(Column::kRecords, "b");
  ASSERT_THAT(store_->Write(batch, /*sync=*/true), IsOk());

  std::string value;
  ASSERT_THAT(store_->Get(Column::kRecords, "a", &value), IsOk());
  EXPECT_EQ(value, "1");
  ASSERT_THAT(store_->Get(Column::kLog, "a", &value), IsOk());
  EXPECT_EQ(value, "2");
  EXPECT_THAT(store_->Get(Column::kRecords, "b", &value),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(store_->Get(Column::kMeta, "a", &value),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(StoreTest, IteratorIsOrderedAndSnapshotted) {
  WriteBatch batch;
  for (const char* k : {"k3", "k1", "k2", "j9", "l0"}) {
    batch.Put(Column::kIndex, k, k);
  }
  ASSERT_THAT(store_->Write(batch, false), IsOk());
  std::unique_ptr<Iterator> it = store_->NewIterator(Column::kIndex);

  WriteBatch later;
  later.Put(Column::kIndex, "k15", "x");
  ASSERT_THAT(store_->Write(later, false), IsOk());

  std::vector<std::string> keys;
  for (it->Seek("k"); it->Valid() && it->key()[0] == 'k'; it->Next()) {
    keys.emplace_back(it->key());
  }
  EXPECT_THAT(it->status(), IsOk());
  EXPECT_THAT(keys, ::testing::ElementsAre("k1", "k2", "k3"));
}

TEST_P(StoreTest, SnapshotSeesNoLaterWriteInAnyColumn) {
  WriteBatch before;
  before.Put(Column::kRecords, "r1", "old");
  before.Put(Column::kIndex, "i1", "");
  ASSERT_THAT(store_->Write(before, false), IsOk());
  std::shared_ptr<const Snapshot> snapshot = store_->NewSnapshot();

  WriteBatch after;
  after.Put(Column::kRecords, "r1", "new");
  after.Put(Column::kRecords, "r2", "new");
  after.Delete(Column::kIndex, "i1");
  after.Put(Column::kIndex, "i2", "");
  ASSERT_THAT(store_->Write(after, false), IsOk());

  std::string value;
  ASSERT_THAT(snapshot->Get(Column::kRecords, "r1", &value), IsOk());
  EXPECT_EQ(value, "old");
  EXPECT_THAT(snapshot->Get(Column::kRecords, "r2", &value),
              StatusIs(absl::StatusCode::kNotFound));
  std::vector<std::string> index;
  std::unique_ptr<Iterator> it = snapshot->NewIterator(Column::kIndex);
  for (it->Seek(""); it->Valid(); it->Next()) index.emplace_back(it->key());
  EXPECT_THAT(it->status(), IsOk());
  EXPECT_THAT(index, ::testing::ElementsAre("i1"));
  // The store itself has moved on.
  ASSERT_THAT(store_->Get(Column::kRecords, "r1", &value), IsOk());
  EXPECT_EQ(value, "new");
}

TEST_P(StoreTest, SnapshotIteratorOutlivesTheSnapshotHandle) {
  WriteBatch batch;
  batch.Put(Column::kLog, "a", "1");
  ASSERT_THAT(store_->Write(batch, false), IsOk());
  std::unique_ptr<Iterator> it =
      store_->NewSnapshot()->NewIterator(Column::kLog);
  it->Seek("");
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->value(), "1");
}

TEST_P(StoreTest, DataSurvivesReopen) {
  if (!GetParam().durable) GTEST_SKIP() << "not durable";
  WriteBatch batch;
  batch.Put(Column::kSubmissions, "finance/s1", "payload");
  ASSERT_THAT(store_->Write(batch, true), IsOk());
  Reopen();
  std::string value;
  ASSERT_THAT(store_->Get(Column::kSubmissions, "finance/s1", &value), IsOk());
  EXPECT_EQ(value, "payload");
}

INSTANTIATE_TEST_SUITE_P(All, StoreTest,
                         ::testing::ValuesIn(testing::AllStores()),
                         testing::StoreParamName);

}  // namespace
}  // namespace hub
