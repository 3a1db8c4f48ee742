#include "hub/engine/internal/transaction.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"

namespace hub {
namespace internal {
namespace {

using ::hub::testing::IsOk;
using ::testing::ElementsAre;

TEST(TransactionTest, KeysWithPrefixOverlaysParentAndChildWrites) {
  std::unique_ptr<Store> store = NewMemStore();
  WriteBatch batch;
  batch.Put(Column::kIndex, "d/finance/a", "");
  batch.Put(Column::kIndex, "d/finance/b", "");
  batch.Put(Column::kIndex, "d/medical_insurance/a", "");
  ASSERT_THAT(store->Write(batch, false), IsOk());
  Transaction root(store.get(), Sha256Ed25519(), LogHead(), 0);
  root.Put(Column::kIndex, "d/finance/c", "");    // an earlier operation
  root.Put(Column::kRecords, "d/finance/x", "");  // other column
  Transaction child(&root);
  child.Delete(Column::kIndex, "d/finance/a");
  child.Put(Column::kIndex, "d/finance/d", "");
  auto keys = child.KeysWithPrefix(Column::kIndex, "d/finance/");
  ASSERT_THAT(keys, IsOk());
  EXPECT_THAT(*keys, ElementsAre("d/finance/b", "d/finance/c", "d/finance/d"));
  auto root_keys = root.KeysWithPrefix(Column::kIndex, "d/finance/");
  EXPECT_THAT(*root_keys,
              ElementsAre("d/finance/a", "d/finance/b", "d/finance/c"));
}

}  // namespace
}  // namespace internal
}  // namespace hub
