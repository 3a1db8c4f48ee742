// RocksDbStore beyond the Store conformance suite: recovery of a damaged or
// torn write-ahead log, a full disk, the bounded log, and the power-loss
// file system the crash harness runs on.
#include "hub/store/rocksdb_store.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/store/testing/power_loss_fs.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;
using ::testing::HasSubstr;

class RocksDbStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = absl::StrCat(
        ::testing::TempDir(), "/rocksdb_store_test_",
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  absl::StatusOr<std::unique_ptr<RocksDbStore>> Open(
      RocksDbOptions options = {}) {
    options.disk_reserve_bytes = 0;
    if (fs_) options.file_system = fs_;
    return RocksDbStore::Open(dir_, options);
  }

  // n synced batches, each its own WAL record: "k<i>" -> 100 bytes.
  void WriteBatches(Store* store, int from, int n) {
    for (int i = from; i < from + n; ++i) {
      WriteBatch b;
      b.Put(Column::kLog, absl::StrCat("k", i), std::string(100, 'a' + i % 26));
      b.Put(Column::kMeta, "head", absl::StrCat(i));
      ASSERT_THAT(store->Write(b, /*sync=*/true), IsOk());
    }
  }

  std::string WalFile() {
    std::string found;
    for (const auto& e : std::filesystem::directory_iterator(dir_)) {
      if (e.path().extension() == ".log") found = e.path().string();
    }
    return found;
  }

  // Byte offset of record i (0-based) in the WAL: every record is a small
  // full record in the first block.
  uint64_t RecordOffset(const std::string& wal, int i) {
    std::ifstream in(wal, std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), {});
    uint64_t pos = 0;
    for (int r = 0; r < i; ++r) {
      uint64_t len = static_cast<unsigned char>(data[pos + 4]) |
                     static_cast<unsigned char>(data[pos + 5]) << 8;
      pos += 7 + len;
    }
    return pos;
  }

  void FlipByte(const std::string& file, uint64_t offset) {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(offset);
    char c = 0;
    f.get(c);
    f.seekp(offset);
    f.put(static_cast<char>(c ^ 0x5a));
  }

  int CountKeys(const Store& store) {
    int n = 0;
    auto it = store.NewIterator(Column::kLog);
    for (it->Seek(""); it->Valid(); it->Next()) ++n;
    return n;
  }

  std::string dir_;
  std::shared_ptr<PowerLossFileSystem> fs_;
};

TEST_F(RocksDbStoreTest, CleanLogReplaysEveryBatch) {
  {
    HUB_ASSERT_OK_AND_ASSIGN(auto store, Open());
    WriteBatches(store.get(), 1, 20);
  }
  HUB_ASSERT_OK_AND_ASSIGN(auto store, Open());
  const StoreRecovery& r = store->recovery();
  EXPECT_FALSE(r.torn_tail);
  EXPECT_FALSE(r.salvaged);
  EXPECT_EQ(r.wal_batches, 20u);
  EXPECT_EQ(r.recovery_mode, "kAbsoluteConsistency");
  EXPECT_THAT(r.wal_summary, HasSubstr("write-ahead log intact"));
  EXPECT_EQ(CountKeys(*store), 20);
}

TEST_F(RocksDbStoreTest, MidLogCorruptionRefusesToOpenUnlessSalvaged) {
  {
    HUB_ASSERT_OK_AND_ASSIGN(auto store, Open());
    WriteBatches(store.get(), 1, 20);
  }
  const std::string wal = WalFile();
  FlipByte(wal, RecordOffset(wal, 9) + 40);  // inside the 10th batch
  const auto size_before = std::filesystem::file_size(wal);

  absl::StatusOr<std::unique_ptr<RocksDbStore>> refused = Open();
  EXPECT_THAT(refused.status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("damaged in the middle: checksum mismatch")));
  EXPECT_THAT(refused.status().message(), HasSubstr("10 intact write batches"));
  EXPECT_THAT(refused.status().message(), HasSubstr("--wal_recovery=salvage"));
  // Refusing changed nothing: the damaged log is still all there.
  EXPECT_EQ(std::filesystem::file_size(wal), size_before);
  EXPECT_THAT(Open().status(), StatusIs(absl::StatusCode::kDataLoss));

  RocksDbOptions salvage;
  salvage.wal_recovery = WalRecovery::kSalvage;
  HUB_ASSERT_OK_AND_ASSIGN(auto store, Open(salvage));
  EXPECT_TRUE(store->recovery().salvaged);
  EXPECT_EQ(store->recovery().dropped_batches, 10u);
  EXPECT_EQ(store->recovery().wal_batches, 9u);
  EXPECT_EQ(CountKeys(*store), 9);
}

TEST_F(RocksDbStoreTest, DamagedFirstBatchRefusesToOpen) {
  {
    HUB_ASSERT_OK_AND_ASSIGN(auto store, Open());
    WriteBatches(store.get(), 1, 5);
  }
  FlipByte(WalFile(), RecordOffset(WalFile(), 0) + 20);
  EXPECT_THAT(Open().status(), StatusIs(absl::StatusCode::kDataLoss,
                                        HasSubstr("4 intact write batches")));
}

TEST_F(RocksDbStoreTest, TornTailIsDroppedAndSaidSo) {
  {
    HUB_ASSERT_OK_AND_ASSIGN(auto store, Open());
    WriteBatches(store.get(), 1, 20);
  }
  const std::string wal = WalFile();
  std::filesystem::resize_file(wal, std::filesystem::file_size(wal) - 30);
  HUB_ASSERT_OK_AND_ASSIGN(auto store, Open());
  const StoreRecovery& r = store->recovery();
  EXPECT_TRUE(r.torn_tail);
  EXPECT_EQ(r.wal_batches, 19u);
  EXPECT_EQ(r.recovery_mode, "kPointInTimeRecovery");
  EXPECT_THAT(r.wal_summary,
              HasSubstr("incomplete record at the end of the file"));
  EXPECT_EQ(CountKeys(*store), 19);
}

TEST_F(RocksDbStoreTest, FullDiskRefusesWritesKeepsReadsAndResumes) {
  fs_ = std::make_shared<PowerLossFileSystem>(nullptr);
  RocksDbOptions options;
  HUB_ASSERT_OK_AND_ASSIGN(auto store, Open(options));
  WriteBatches(store.get(), 1, 3);

  // Open() set the reserve to 0; a store that keeps 1 MiB back:
  store.reset();
  options.file_system = fs_;
  options.disk_reserve_bytes = 1 << 20;
  HUB_ASSERT_OK_AND_ASSIGN(store, RocksDbStore::Open(dir_, options));
  fs_->SetFreeSpace(4096);
  WriteBatch b;
  b.Put(Column::kLog, "k99", "v");
  EXPECT_THAT(store->Write(b, true),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr(absl::StrCat("disk full at ", dir_,
                                              ": 4096 bytes free"))));
  EXPECT_THAT(store->CheckWritable(),
              StatusIs(absl::StatusCode::kResourceExhausted));
  std::string value;
  EXPECT_THAT(store->Get(Column::kLog, "k1", &value), IsOk());
  EXPECT_THAT(store->Get(Column::kLog, "k99", &value),
              StatusIs(absl::StatusCode::kNotFound));

  fs_->SetFreeSpace(std::nullopt);  // space freed
  EXPECT_THAT(store->Write(b, true), IsOk());
  EXPECT_THAT(store->Get(Column::kLog, "k99", &value), IsOk());
}

TEST_F(RocksDbStoreTest, OpensReadOnlyOnAFullDiskAndBecomesWritable) {
  fs_ = std::make_shared<PowerLossFileSystem>(nullptr);
  {
    HUB_ASSERT_OK_AND_ASSIGN(auto store, Open());
    WriteBatches(store.get(), 1, 3);
  }
  RocksDbOptions options;
  options.file_system = fs_;
  options.disk_reserve_bytes = 1 << 20;
  fs_->SetFreeSpace(100);
  HUB_ASSERT_OK_AND_ASSIGN(auto store, RocksDbStore::Open(dir_, options));
  EXPECT_TRUE(store->recovery().read_only);
  EXPECT_TRUE(store->read_only());
  EXPECT_EQ(CountKeys(*store), 3);
  WriteBatch b;
  b.Put(Column::kLog, "k4", "v");
  EXPECT_THAT(store->Write(b, true),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("100 bytes free")));

  fs_->SetFreeSpace(std::nullopt);
  EXPECT_THAT(store->Write(b, true), IsOk());
  EXPECT_FALSE(store->read_only());
  EXPECT_EQ(CountKeys(*store), 4);
  store.reset();
  HUB_ASSERT_OK_AND_ASSIGN(store, Open());
  EXPECT_EQ(CountKeys(*store), 4);
}

TEST_F(RocksDbStoreTest, NoNewStoreOnAFullDisk) {
  fs_ = std::make_shared<PowerLossFileSystem>(nullptr);
  fs_->SetFreeSpace(0);
  RocksDbOptions options;
  options.file_system = fs_;
  options.disk_reserve_bytes = 1 << 20;
  EXPECT_THAT(RocksDbStore::Open(dir_, options).status(),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("0 bytes free")));
}

TEST_F(RocksDbStoreTest, WriteAheadLogStaysBounded) {
  RocksDbOptions options;
  options.max_total_wal_bytes = 2 << 20;
  HUB_ASSERT_OK_AND_ASSIGN(auto store, Open(options));
  const std::string value(4096, 'x');
  for (int i = 0; i < 4000; ++i) {  // 16 MiB, each batch also touching meta
    WriteBatch b;
    b.Put(Column::kLog, absl::StrCat("k", i), value);
    b.Put(Column::kMeta, "head", absl::StrCat(i));
    ASSERT_THAT(store->Write(b, false), IsOk());
  }
  // Old logs go once the flushes they wait for are done (in background
  // threads, which a loaded machine may run late), as writes go on.
  double wal_bytes = -1;
  for (int i = 0; i < 200; ++i) {
    WriteBatch b;
    b.Put(Column::kMeta, "head", absl::StrCat("more", i));
    ASSERT_THAT(store->Write(b, false), IsOk());
    for (const StoreStatistic& s : store->Statistics()) {
      if (s.name == "live_wal_bytes") wal_bytes = s.value;
    }
    if (wal_bytes >= 0 && wal_bytes < (8 << 20)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_GE(wal_bytes, 0);
  EXPECT_LT(wal_bytes, 8 << 20) << "old logs were not deleted";
}

TEST_F(RocksDbStoreTest, PowerLossDropsWhatWasNotSynced) {
  fs_ = std::make_shared<PowerLossFileSystem>(nullptr);
  HUB_ASSERT_OK_AND_ASSIGN(auto store, Open());
  WriteBatches(store.get(), 1, 5);  // synced
  WriteBatch unsynced;
  unsynced.Put(Column::kLog, "k6", "not synced");
  ASSERT_THAT(store->Write(unsynced, /*sync=*/false), IsOk());
  fs_->CutPower();
  WriteBatch after;
  after.Put(Column::kLog, "k7", "after the cut");
  EXPECT_THAT(store->Write(after, /*sync=*/true), IsOk());  // goes nowhere
  store.reset();
  PowerLossStats stats;
  ASSERT_THAT(fs_->RestorePower(&stats), IsOk());
  EXPECT_GE(stats.truncated_files, 1u);
  EXPECT_GT(stats.dropped_bytes, 0u);

  HUB_ASSERT_OK_AND_ASSIGN(store, Open());
  EXPECT_EQ(CountKeys(*store), 5);
  std::string value;
  EXPECT_THAT(store->Get(Column::kLog, "k6", &value),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST(PowerLossFileSystemTest, FileNotInASyncedDirectoryIsGone) {
  const std::string dir =
      ::testing::TempDir() + "/power_loss_fs_test_" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  PowerLossFileSystem fs(nullptr);
  rocksdb::IOOptions io;
  auto write = [&](const std::string& name, bool sync_dir) {
    std::unique_ptr<rocksdb::FSWritableFile> f;
    ASSERT_TRUE(fs.NewWritableFile(dir + "/" + name, rocksdb::FileOptions(), &f,
                                   nullptr)
                    .ok());
    ASSERT_TRUE(f->Append("synced", io, nullptr).ok());
    ASSERT_TRUE(f->Sync(io, nullptr).ok());
    ASSERT_TRUE(f->Append(" and not", io, nullptr).ok());
    ASSERT_TRUE(f->Close(io, nullptr).ok());
    if (sync_dir) {
      std::unique_ptr<rocksdb::FSDirectory> d;
      ASSERT_TRUE(fs.NewDirectory(dir, io, &d, nullptr).ok());
      ASSERT_TRUE(d->Fsync(io, nullptr).ok());
    }
  };
  write("a", /*sync_dir=*/false);
  write("b", /*sync_dir=*/true);  // syncs a's entry too
  write("c", /*sync_dir=*/false);
  fs.CutPower();
  write("d", /*sync_dir=*/true);  // after the cut: never reaches the disk
  ASSERT_THAT(fs.RestorePower(), IsOk());
  EXPECT_EQ(std::filesystem::file_size(dir + "/a"), 6u);
  EXPECT_EQ(std::filesystem::file_size(dir + "/b"), 6u);
  EXPECT_FALSE(std::filesystem::exists(dir + "/c"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/d"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hub
