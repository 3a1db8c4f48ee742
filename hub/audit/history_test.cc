// Record history and as-of reads, checked against replaying the log, on
// every store (in memory, RocksDB, PostgreSQL).
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/audit/auditor.h"
#include "hub/audit/internal/audit_test_util.h"
#include "hub/common/status_matchers.h"
#include "hub/model/model.h"
#include "hub/schema/schema.h"

namespace hub {
namespace {

using ::hub::testing::AuditedHub;
using ::hub::testing::IsOk;
using ::hub::testing::P;
using ::hub::testing::StatusIs;
using ::hub::testing::SubsidyKey;
using ::hub::testing::SubsidySubmission;
using ::testing::HasSubstr;

// The reference: every record as of sequence s, by applying the `after` of
// each change event in the log up to s.
std::map<std::string, v1::MergedRecord> ReplayRecords(Hub& hub, uint64_t s) {
  std::map<std::string, v1::MergedRecord> records;
  std::vector<v1::ChangeEvent> events;
  for (uint64_t after = 0; after < s;) {
    auto page = hub.ListEvents(P("auditor@350000"), after, 1000);
    EXPECT_THAT(page, IsOk());
    if (!page.ok()) break;
    events = std::move(page->events);
    if (events.empty()) break;
    for (const v1::ChangeEvent& e : events) {
      if (e.sequence() > s) break;
      // Every event that carries a record's state after it: changes,
      // conflicts opened and resolved, withdrawals, re-merges.
      if (e.has_record_key() && e.has_after()) {
        records[EncodeRecordKey(e.record_key())] = e.after();
      }
    }
    after = events.back().sequence();
  }
  return records;
}

class HistoryTest : public ::testing::TestWithParam<testing::StoreParam> {
 protected:
  void SetUp() override {
    std::string name =
        ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '_');
    dir_ = absl::StrCat(::testing::TempDir(), "/history_test_", getpid(), "_",
                        name);
    std::filesystem::remove_all(dir_);
    HUB_OPEN_STORE_OR_SKIP(std::unique_ptr<Store> store, GetParam(), dir_);
    ASSERT_THAT(h_.Open(std::move(store), ""), IsOk());
  }
  void TearDown() override {
    h_.Close();
    std::filesystem::remove_all(dir_);
  }
  std::string dir_;
  AuditedHub h_;
};

INSTANTIATE_TEST_SUITE_P(AllStores, HistoryTest,
                         ::testing::ValuesIn(testing::AllStores()),
                         testing::StoreParamName);

TEST_P(HistoryTest, WhatMedicalInsuranceHadReportedAsOf25July) {
  // Valid time: the period 2024. Transaction time: when the hub learned it.
  h_.now = EndOfDayCst(absl::CivilDay(2024, 7, 20));
  ASSERT_THAT(h_.hub->Submit(P("medical_insurance@350400"),
                             SubsidySubmission("m1", "medical_insurance",
                                               "350424", "640.00"),
                             false),
              IsOk());
  h_.now = EndOfDayCst(absl::CivilDay(2024, 8, 2));
  ASSERT_THAT(h_.hub->Submit(P("medical_insurance@350400"),
                             SubsidySubmission("m2", "medical_insurance",
                                               "350424", "655.00"),
                             false),
              IsOk());
  v1::GetRecordAsOfRequest request;
  *request.mutable_key() = SubsidyKey("350424");
  request.set_time_micros(
      absl::ToUnixMicros(EndOfDayCst(absl::CivilDay(2024, 7, 25))));
  request.set_department("medical_insurance");
  auto then = h_.auditor->AsOf(P("analyst@350400"), request);
  ASSERT_THAT(then, IsOk());
  EXPECT_EQ(then->contribution().value(), "640.00");
  EXPECT_EQ(then->record().version(), 1u);
  EXPECT_EQ(then->changed_at_micros(),
            absl::ToUnixMicros(EndOfDayCst(absl::CivilDay(2024, 7, 20))));
  request.clear_time_micros();
  auto now = h_.auditor->AsOf(P("analyst@350400"), request);
  ASSERT_THAT(now, IsOk());
  EXPECT_EQ(now->contribution().value(), "655.00");
  request.set_time_micros(
      absl::ToUnixMicros(EndOfDayCst(absl::CivilDay(2024, 7, 1))));
  EXPECT_THAT(
      h_.auditor->AsOf(P("analyst@350400"), request),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("it was created later")));
}

TEST_P(HistoryTest, HistoryListsEveryChangeOldestFirst) {
  for (const char* v : {"640.00", "650.00", "660.00"}) {
    ASSERT_THAT(
        h_.hub->Submit(P("medical_insurance@350400"),
                       SubsidySubmission(absl::StrCat("m", v),
                                         "medical_insurance", "350424", v),
                       false),
        IsOk());
  }
  auto history = h_.auditor->History(P("auditor@350000"), SubsidyKey("350424"));
  ASSERT_THAT(history, IsOk());
  ASSERT_EQ(history->size(), 3u);
  EXPECT_FALSE((*history)[0].has_before());
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*history)[i].after().version(), i + 1);
    EXPECT_EQ((*history)[i].after().contributions(0).value(),
              std::vector<std::string>({"640.00", "650.00", "660.00"})[i]);
  }
  EXPECT_THAT(h_.auditor->History(P("analyst@411300"), SubsidyKey("350424")),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("key.region_code: analyst@411300 (analyst) "
                                 "may not read records in 350424")));
  EXPECT_THAT(
      h_.auditor->History(P("auditor@350000"), SubsidyKey("350404")),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("no record for")));
}

TEST_P(HistoryTest, AsOfAgreesWithReplayingTheLogAtEveryPoint) {
  testing::RunRandomWorkload(&h_, 300, 7);
  uint64_t head = h_.hub->head().sequence;
  std::map<std::string, v1::MergedRecord> final_records =
      ReplayRecords(*h_.hub, head);
  ASSERT_GT(final_records.size(), 3u);
  for (uint64_t s = 0; s <= head; s += 1 + head / 40) {
    std::map<std::string, v1::MergedRecord> want = ReplayRecords(*h_.hub, s);
    for (const auto& [key, record] : final_records) {
      v1::GetRecordAsOfRequest request;
      *request.mutable_key() = record.key();
      request.set_sequence(s);
      auto got = h_.auditor->AsOf(P("auditor@350000"), request);
      auto it = want.find(key);
      if (it == want.end()) {
        EXPECT_THAT(got, StatusIs(absl::StatusCode::kNotFound))
            << key << " @" << s;
        continue;
      }
      ASSERT_THAT(got, IsOk()) << key << " @" << s;
      EXPECT_EQ(DeterministicBytes(got->record()),
                DeterministicBytes(it->second))
          << key << " @" << s;
    }
  }
}

TEST_P(HistoryTest, AsOfATimeAgreesWithReplayingTheLogToThatTime) {
  testing::RunRandomWorkload(&h_, 200, 11);
  uint64_t head = h_.hub->head().sequence;
  std::map<std::string, v1::MergedRecord> final_records =
      ReplayRecords(*h_.hub, head);
  auto page = h_.hub->ListEvents(P("auditor@350000"), 0, 1000);
  ASSERT_THAT(page, IsOk());
  const std::vector<v1::ChangeEvent>& events = page->events;
  for (size_t i = 0; i < events.size(); i += 7) {
    // The reference: the last event at or before this time, by scanning.
    int64_t t = events[i].time_micros() + 1;
    uint64_t s = 0;
    for (const v1::ChangeEvent& e : events) {
      if (e.time_micros() <= t) s = e.sequence();
    }
    std::map<std::string, v1::MergedRecord> want = ReplayRecords(*h_.hub, s);
    for (const auto& [key, record] : final_records) {
      v1::GetRecordAsOfRequest request;
      *request.mutable_key() = record.key();
      request.set_time_micros(t);
      auto got = h_.auditor->AsOf(P("auditor@350000"), request);
      auto it = want.find(key);
      if (it == want.end()) {
        EXPECT_THAT(got, StatusIs(absl::StatusCode::kNotFound));
        continue;
      }
      ASSERT_THAT(got, IsOk());
      EXPECT_EQ(got->as_of_sequence(), s);
      EXPECT_EQ(DeterministicBytes(got->record()),
                DeterministicBytes(it->second));
    }
  }
}

}  // namespace
}  // namespace hub
