#include "hub/log/merkle_store.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/schema/schema.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::IsOkAndHolds;
using ::hub::testing::StatusIs;

class MerkleStoreTest : public ::testing::TestWithParam<const LogCrypto*> {
 protected:
  const LogCrypto& crypto() const { return *GetParam(); }
  static std::string EventBytes(uint64_t seq) {
    return "stored event " + std::to_string(seq);
  }
  // Stores events from+1..to in the log, with their Merkle nodes when
  // with_tree, one batch per event, as the committer's groups would.
  void Append(uint64_t from, uint64_t to, bool with_tree) {
    for (uint64_t seq = from + 1; seq <= to; ++seq) {
      WriteBatch batch;
      batch.Put(Column::kLog, EncodeSequence(seq), EventBytes(seq));
      if (with_tree) {
        ASSERT_THAT(AppendMerkleLeaves(
                        crypto(), seq - 1, 1,
                        [](uint64_t s) -> absl::StatusOr<std::string> {
                          return EventBytes(s);
                        },
                        [&](const std::string& key, std::string* v) {
                          return store_->Get(Column::kMeta, key, v);
                        },
                        [&](const std::string& key, std::string v) {
                          batch.Put(Column::kMeta, key, v);
                        }),
                    IsOk());
      }
      ASSERT_THAT(store_->Write(batch, false), IsOk());
    }
  }
  MerkleTree InMemory(uint64_t n) const {
    MerkleTree tree(crypto());
    for (uint64_t seq = 1; seq <= n; ++seq) {
      tree.AppendLeafHash(crypto().LeafHash(EventBytes(seq)));
    }
    return tree;
  }
  // Every root, inclusion and consistency proof of the stored tree equals
  // the in-memory tree's.
  void ExpectSameAsInMemory(uint64_t n) {
    auto stored = StoredMerkleTree::Open(store_->NewSnapshot());
    ASSERT_THAT(stored, IsOk());
    ASSERT_EQ(stored->size(), n);
    MerkleTree tree = InMemory(n);
    for (uint64_t size = 0; size <= n; ++size) {
      EXPECT_THAT(MerkleRoot(crypto(), *stored, size),
                  IsOkAndHolds(*tree.Root(size)));
      for (uint64_t i = 0; i < size; i += 3) {
        EXPECT_THAT(MerkleInclusionProof(crypto(), *stored, i, size),
                    IsOkAndHolds(*tree.InclusionProof(i, size)));
      }
      EXPECT_THAT(MerkleConsistencyProof(crypto(), *stored, size / 2, size),
                  IsOkAndHolds(*tree.ConsistencyProof(size / 2, size)));
    }
  }

  std::unique_ptr<Store> store_ = NewMemStore();
};

INSTANTIATE_TEST_SUITE_P(
    BothSuites, MerkleStoreTest, ::testing::Values(&Sha256Ed25519(), &Sm3Sm2()),
    [](const ::testing::TestParamInfo<const LogCrypto*>& info) {
      return std::string(info.param->HashName());
    });

TEST_P(MerkleStoreTest, NodesWrittenWithTheEventsGiveTheRfcTree) {
  Append(0, 37, /*with_tree=*/true);
  ExpectSameAsInMemory(37);
}

TEST_P(MerkleStoreTest, CatchUpBuildsWhatAStoreWithoutATreeLacks) {
  Append(0, 20, /*with_tree=*/false);  // written before trees were kept
  EXPECT_THAT(CatchUpMerkle(store_.get(), crypto(), 20, false),
              IsOkAndHolds(20u));
  ExpectSameAsInMemory(20);
  Append(20, 29, /*with_tree=*/true);
  Append(29, 33, /*with_tree=*/false);  // an older hubd went on
  EXPECT_THAT(CatchUpMerkle(store_.get(), crypto(), 33, false),
              IsOkAndHolds(4u));
  ExpectSameAsInMemory(33);
  EXPECT_THAT(CatchUpMerkle(store_.get(), crypto(), 33, false),
              IsOkAndHolds(0u));
}

// Events an older hubd committed without nodes are never skipped over: the
// next append fails until the tree is caught up.
TEST_P(MerkleStoreTest, AppendingToATreeThatLagsTheLogIsDataLoss) {
  Append(0, 4, /*with_tree=*/true);
  Append(4, 6, /*with_tree=*/false);
  WriteBatch batch;
  EXPECT_THAT(
      AppendMerkleLeaves(
          crypto(), 6, 1,
          [](uint64_t s) -> absl::StatusOr<std::string> {
            return EventBytes(s);
          },
          [&](const std::string& key, std::string* v) {
            return store_->Get(Column::kMeta, key, v);
          },
          [&](const std::string& key, std::string v) {
            batch.Put(Column::kMeta, key, v);
          }),
      StatusIs(absl::StatusCode::kDataLoss,
               ::testing::HasSubstr("covers 4 events, not the log's 6")));
  EXPECT_TRUE(batch.empty());
  EXPECT_THAT(CatchUpMerkle(store_.get(), crypto(), 6, false),
              IsOkAndHolds(2u));
  Append(6, 7, /*with_tree=*/true);
  ExpectSameAsInMemory(7);
}

TEST_P(MerkleStoreTest, AMissingNodeOrAShortLogIsDataLoss) {
  Append(0, 8, /*with_tree=*/true);
  EXPECT_THAT(CatchUpMerkle(store_.get(), crypto(), 9, false),
              StatusIs(absl::StatusCode::kDataLoss,
                       ::testing::HasSubstr("the log ends at 8")));
  EXPECT_THAT(CatchUpMerkle(store_.get(), crypto(), 7, false),
              StatusIs(absl::StatusCode::kDataLoss,
                       ::testing::HasSubstr("covers 8 events")));
  WriteBatch batch;
  batch.Delete(Column::kMeta, MerkleNodeKey(3, 0));  // the root of 8
  ASSERT_THAT(store_->Write(batch, false), IsOk());
  auto stored = StoredMerkleTree::Open(store_->NewSnapshot());
  ASSERT_THAT(stored, IsOk());
  EXPECT_THAT(MerkleRoot(crypto(), *stored, 8),
              StatusIs(absl::StatusCode::kDataLoss,
                       ::testing::HasSubstr("Merkle node 3/0")));
  EXPECT_THAT(MerkleRoot(crypto(), *stored, 7), IsOk());
}

}  // namespace
}  // namespace hub
