#include "hub/schema/schema.h"

#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::IsOkAndHolds;
using ::hub::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

v1::RecordKey Key(v1::SubjectKind kind, const char* code, const char* region,
                  const char* period) {
  v1::RecordKey key;
  key.set_kind(kind);
  key.set_code(code);
  key.set_region_code(region);
  key.set_period(period);
  return key;
}

TEST(RecordKeyTest, RoundTrips) {
  v1::RecordKey key =
      Key(v1::SUBJECT_KIND_TASK, "sm2024.10.3", "350424", "2024Q1-Q3");
  std::string encoded = EncodeRecordKey(key);
  EXPECT_EQ(encoded, "T/sm2024.10.3/350424/2024Q1-Q3");
  auto decoded = DecodeRecordKey(encoded);
  ASSERT_THAT(decoded, IsOk());
  EXPECT_EQ(decoded->SerializeAsString(), key.SerializeAsString());
  EXPECT_EQ(SubjectPrefix(v1::SUBJECT_KIND_TASK, "sm2024.10.3"),
            "T/sm2024.10.3/");
  EXPECT_EQ(encoded.rfind(SubjectPrefix(key.kind(), key.code()), 0), 0u);
}

TEST(RecordKeyTest, RejectsMalformed) {
  EXPECT_THAT(DecodeRecordKey("X/a/b/c"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("malformed record key")));
  EXPECT_THAT(DecodeRecordKey("I/a/b"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(LogKeyTest, SortsInSequenceOrderAndRoundTrips) {
  EXPECT_LT(EncodeSequence(255), EncodeSequence(256));
  EXPECT_LT(EncodeSequence(1), EncodeSequence(1ull << 40));
  EXPECT_THAT(DecodeSequence(EncodeSequence(123456789)),
              IsOkAndHolds(123456789u));
  EXPECT_THAT(DecodeSequence("short"),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("want 8")));
}

TEST(LogHeadTest, RoundTripsAndRefusesATruncatedValue) {
  uint64_t seq = 0;
  std::string hash;
  ASSERT_THAT(DecodeLogHead(EncodeLogHead(42, "hash-bytes"), &seq, &hash),
              IsOk());
  EXPECT_EQ(seq, 42u);
  EXPECT_EQ(hash, "hash-bytes");
  EXPECT_THAT(DecodeLogHead("1234", &seq, &hash),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("truncated")));
}

TEST(IndexKeysTest, OneEntryForRegionStateAndEachContributor) {
  v1::MergedRecord record;
  *record.mutable_key() = Key(v1::SUBJECT_KIND_INDICATOR,
                              "county_fund_spending_share", "350424", "2024");
  record.set_state(v1::RECORD_STATE_CONFLICT);
  record.add_contributions()->set_department("health_commission");
  record.add_contributions()->set_department("medical_insurance");
  const std::string k = "I/county_fund_spending_share/350424/2024";
  EXPECT_THAT(
      IndexKeys(record),
      ElementsAre("r/350424/" + k,
                  StateIndexPrefix(v1::RECORD_STATE_CONFLICT) + k,
                  "d/health_commission/" + k, "d/medical_insurance/" + k));
  EXPECT_EQ(RegionIndexPrefix("350424"), "r/350424/");
  EXPECT_EQ(DepartmentIndexPrefix("finance"), "d/finance/");
}

TEST(CatalogKeyTest, KindsRoundTripAndUnknownKindsAreDataLoss) {
  EXPECT_EQ(CatalogKey(CatalogKind::kRegion, "350400"), "region/350400");
  EXPECT_THAT(CatalogKindOf("indicator/drg_dip_fund_share"),
              IsOkAndHolds(CatalogKind::kIndicator));
  EXPECT_THAT(CatalogKindOf("task/sm2024.1"), IsOkAndHolds(CatalogKind::kTask));
  EXPECT_THAT(CatalogKindOf("widget/1"),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("unknown catalog key widget/1")));
  EXPECT_THAT(CatalogKindOf("plan"), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(MetaKeyTest, LocksShareOnePrefix) {
  EXPECT_EQ(LockKey("350400", "2024"), "lock/350400/2024");
  EXPECT_EQ(LockKey("350400", "2024").rfind(LockPrefix(), 0), 0u);
  EXPECT_EQ(SubmissionKey("finance", "fin-1"), "finance/fin-1");
}

TEST(MetaKeyTest, TheLogKeysAreFixedAndDistinct) {
  // Stored keys: a store written before this build must still be read.
  EXPECT_EQ(LogHeadKey(), "log/head");
  EXPECT_EQ(LogCryptoKey(), "log/crypto");
  EXPECT_NE(LogCryptoKey(), FormatVersionKey());
  EXPECT_NE(LogCryptoKey().rfind(LockPrefix(), 0), 0u);
}

TEST(FormatVersionTest, ANewStoreIsStampedWithTheCurrentVersion) {
  std::unique_ptr<Store> store = NewMemStore();
  EXPECT_THAT(ReadFormatVersion(*store), StatusIs(absl::StatusCode::kNotFound));
  ASSERT_THAT(CheckFormatVersion(store.get(), false), IsOk());
  EXPECT_THAT(ReadFormatVersion(*store), IsOkAndHolds(kFormatVersion));
  EXPECT_THAT(CheckFormatVersion(store.get(), false), IsOk());
}

TEST(FormatVersionTest, AStoreWithDataButNoVersionIsVersionOne) {
  std::unique_ptr<Store> store = NewMemStore();
  WriteBatch old;
  old.Put(Column::kMeta, LogHeadKey(), EncodeLogHead(7, "h"));
  old.Put(Column::kLog, EncodeSequence(7), "event");
  ASSERT_THAT(store->Write(old, false), IsOk());
  ASSERT_THAT(CheckFormatVersion(store.get(), false), IsOk());
  EXPECT_THAT(ReadFormatVersion(*store), IsOkAndHolds(1u));
  std::string value;
  EXPECT_THAT(store->Get(Column::kLog, EncodeSequence(7), &value), IsOk());
}

void PutVersion(Store* store, const std::string& text) {
  WriteBatch batch;
  batch.Put(Column::kMeta, FormatVersionKey(), text);
  ASSERT_THAT(store->Write(batch, false), IsOk());
}

TEST(FormatVersionTest, ANewerOrUnknownVersionIsRefusedAndLeftAlone) {
  std::unique_ptr<Store> store = NewMemStore();
  PutVersion(store.get(), "2");
  EXPECT_THAT(CheckFormatVersion(store.get(), false),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("format version 2, but this build reads "
                                 "only version 1; it was written by a newer "
                                 "hubd")));
  EXPECT_THAT(ReadFormatVersion(*store), IsOkAndHolds(2u));
  PutVersion(store.get(), "0");
  EXPECT_THAT(CheckFormatVersion(store.get(), false),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("no hubd writes that version")));
  PutVersion(store.get(), "v1\xff");
  EXPECT_THAT(
      CheckFormatVersion(store.get(), false),
      StatusIs(absl::StatusCode::kDataLoss, HasSubstr("is not a number")));
}

TEST(FormatVersionTest, TheVersionIsDurableInRocksDb) {
  // Per process, so that checkouts testing at once do not share it.
  const std::string dir =
      absl::StrCat(::testing::TempDir(), "/schema_test_rocksdb_", getpid());
  std::filesystem::remove_all(dir);
  {
    auto store = OpenRocksDbStore(dir);
    ASSERT_THAT(store, IsOk());
    ASSERT_THAT(CheckFormatVersion(store->get(), true), IsOk());
  }
  {
    auto store = OpenRocksDbStore(dir);
    ASSERT_THAT(store, IsOk());
    EXPECT_THAT(ReadFormatVersion(**store), IsOkAndHolds(kFormatVersion));
    PutVersion(store->get(), "3");
  }
  auto store = OpenRocksDbStore(dir);
  ASSERT_THAT(store, IsOk());
  EXPECT_THAT(CheckFormatVersion(store->get(), true),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("format version 3")));
  store->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hub
