// Replay (filters, resuming, following live) and rebuild from the log.
#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/access/access_policy.h"
#include "hub/audit/auditor.h"
#include "hub/audit/internal/audit_test_util.h"
#include "hub/common/status_matchers.h"
#include "hub/log/change_log.h"
#include "hub/log/log_reader.h"
#include "hub/model/model.h"
#include "hub/schema/schema.h"

namespace hub {
namespace {

using ::hub::testing::AuditedHub;
using ::hub::testing::IsOk;
using ::hub::testing::P;
using ::hub::testing::StatusIs;
using ::hub::testing::SubsidySubmission;
using ::testing::HasSubstr;

// Runs on both log crypto suites and every store (in memory, RocksDB,
// PostgreSQL).
class ReplayTest : public ::testing::TestWithParam<testing::SuiteAndStore> {
 protected:
  void SetUp() override {
    std::string name =
        ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '_');
    dir_ = absl::StrCat(::testing::TempDir(), "/replay_test_", getpid(), "_",
                        name);
    std::filesystem::remove_all(dir_);
    h_.crypto = std::get<0>(GetParam());
    HUB_OPEN_STORE_OR_SKIP(std::unique_ptr<Store> store,
                           std::get<1>(GetParam()), dir_);
    ASSERT_THAT(h_.Open(std::move(store), ""), IsOk());
  }
  void TearDown() override {
    h_.Close();
    std::filesystem::remove_all(dir_);
  }

  // Replays into a list of sequences; stops after max events (0: never).
  std::vector<uint64_t> Collect(const Principal& p, const ReplayOptions& o,
                                size_t max, uint64_t* resume_after,
                                absl::Status* status = nullptr) {
    std::vector<uint64_t> seqs;
    absl::Status s = h_.auditor->Replay(
        p, o, [&](const v1::ChangeEvent* e, uint64_t resume) {
          if (e != nullptr) seqs.push_back(e->sequence());
          *resume_after = resume;
          return max == 0 || seqs.size() < max;
        });
    if (status != nullptr) *status = s;
    return seqs;
  }

  std::string dir_;
  AuditedHub h_;
};

INSTANTIATE_TEST_SUITE_P(SuitesAndStores, ReplayTest,
                         testing::SuitesOn(testing::AllStores()),
                         testing::SuiteAndStoreName);

// OpenSSL's own digest of the suite's hash name, outside hub/crypto.
std::string OpenSslDigest(const char* hash_name, const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len,
             EVP_get_digestbyname(hash_name), nullptr);
  return std::string(reinterpret_cast<char*>(md), len);
}

TEST_P(ReplayTest, ResumingAfterADisconnectHasNoGapsOrRepeats) {
  testing::RunRandomWorkload(&h_, 200, 3);
  ReplayOptions all;
  all.filter.set_department("medical_insurance");
  uint64_t resume = 0;
  std::vector<uint64_t> whole = Collect(P("auditor@350000"), all, 0, &resume);
  ASSERT_GT(whole.size(), 20u);
  std::vector<uint64_t> pieces;
  ReplayOptions part = all;
  for (int rounds = 0; rounds < 1000; ++rounds) {
    std::vector<uint64_t> got = Collect(P("auditor@350000"), part, 7, &resume);
    pieces.insert(pieces.end(), got.begin(), got.end());
    if (got.empty()) break;
    part.after_sequence = resume;  // the client's resume point
  }
  EXPECT_EQ(pieces, whole);
}

TEST_P(ReplayTest, FiltersSelectByKindRegionPeriodAndDepartment) {
  testing::RunRandomWorkload(&h_, 150, 5);
  auto page = h_.hub->ListEvents(P("auditor@350000"), 0, 1000);
  ASSERT_THAT(page, IsOk());
  const std::vector<v1::ChangeEvent>& events = page->events;
  ReplayOptions o;
  o.filter.add_kinds(v1::EVENT_KIND_RECORD_CHANGED);
  o.filter.set_region_code("350424");
  o.filter.set_period("2023");
  std::vector<uint64_t> want;
  for (const v1::ChangeEvent& e : events) {
    if (e.kind() == v1::EVENT_KIND_RECORD_CHANGED &&
        e.record_key().region_code() == "350424" &&
        e.record_key().period() == "2023") {
      want.push_back(e.sequence());
    }
  }
  ASSERT_FALSE(want.empty());
  uint64_t resume = 0;
  EXPECT_EQ(Collect(P("auditor@350000"), o, 0, &resume), want);
  EXPECT_EQ(resume, page->last_sequence);

  ReplayOptions rejected;
  rejected.filter.add_kinds(v1::EVENT_KIND_SUBMISSION_REJECTED);
  std::vector<uint64_t> refusals =
      Collect(P("auditor@350000"), rejected, 0, &resume);
  ASSERT_FALSE(refusals.empty());
  // A department sees its own refusals only, however it asks.
  std::vector<uint64_t> own =
      Collect(P("finance@350400"), rejected, 0, &resume);
  for (uint64_t seq : own) {
    EXPECT_EQ(events[seq - 1].submission().department(), "finance");
  }
  EXPECT_LT(own.size(), refusals.size());
}

TEST_P(ReplayTest, BatchesCarryTheStoredEventsOfTheSameReplay) {
  testing::RunRandomWorkload(&h_, 150, 5);
  for (bool filtered : {false, true}) {
    ReplayOptions o;
    if (filtered) {
      o.filter.set_region_code("350424");
      o.filter.set_department("medical_insurance");
    }
    uint64_t resume = 0;
    std::vector<uint64_t> one = Collect(P("auditor@350000"), o, 0, &resume);
    ASSERT_FALSE(one.empty());
    o.max_batch = 7;
    std::vector<uint64_t> batched;
    size_t largest = 0;
    uint64_t last_resume = 0;
    const LogReader log = h_.hub->NewReaders().log;
    ASSERT_THAT(h_.auditor->ReplayBatches(
                    P("auditor@350000"), o,
                    [&](absl::Span<const std::string> events, uint64_t r) {
                      largest = std::max(largest, events.size());
                      for (const std::string& bytes : events) {
                        v1::ChangeEvent e;
                        EXPECT_TRUE(e.ParseFromString(bytes));
                        // Exactly the stored bytes.
                        EXPECT_THAT(log.ReadBytes(e.sequence()),
                                    testing::IsOkAndHolds(bytes));
                        EXPECT_LE(e.sequence(), r);
                        batched.push_back(e.sequence());
                      }
                      last_resume = r;
                      return true;
                    }),
                IsOk());
    EXPECT_EQ(batched, one);
    EXPECT_EQ(largest, std::min<size_t>(7, one.size()));
    EXPECT_EQ(last_resume, resume);
  }
}

// Batched replay filters on each event's header; the access policy decides
// there as it does on the parsed event (MayReadEvent), and a batch keeps to
// max_batch_bytes.
TEST_P(ReplayTest, ABatchedReplayShowsOnlyWhatThePrincipalMayRead) {
  testing::RunRandomWorkload(&h_, 150, 5);
  const LogReader log = h_.hub->NewReaders().log;
  const uint64_t head = h_.hub->head().sequence;
  const access::AccessPolicy policy(*h_.hub->catalog());
  size_t all = 0;
  for (const char* who : {"auditor@350000", "reform_office@350424",
                          "reform_office@350404", "finance@350400"}) {
    const Principal p = P(who);
    std::vector<uint64_t> expected;
    for (uint64_t seq = 1; seq <= head; ++seq) {
      absl::StatusOr<std::string> bytes = log.ReadBytes(seq);
      ASSERT_THAT(bytes, IsOk());
      v1::ChangeEvent e;
      ASSERT_TRUE(e.ParseFromString(*bytes));
      if (policy.MayReadEvent(p, e)) expected.push_back(seq);
    }
    ReplayOptions o;
    o.max_batch = 50;
    o.max_batch_bytes = 4096;
    std::vector<uint64_t> got;
    uint64_t last_resume = 0;
    ASSERT_THAT(h_.auditor->ReplayBatches(
                    p, o,
                    [&](absl::Span<const std::string> events, uint64_t r) {
                      size_t bytes = 0;
                      for (const std::string& b : events) {
                        v1::ChangeEvent e;
                        EXPECT_TRUE(e.ParseFromString(b));
                        got.push_back(e.sequence());
                        bytes += b.size();
                      }
                      if (events.size() > 1) {
                        EXPECT_LE(bytes, o.max_batch_bytes) << who;
                      }
                      last_resume = r;
                      return true;
                    }),
                IsOk());
    EXPECT_EQ(got, expected) << who;
    EXPECT_EQ(last_resume, head) << who;
    EXPECT_FALSE(got.empty()) << who;
    if (all == 0) all = got.size();
    if (std::string(who) != "auditor@350000") {
      EXPECT_LT(got.size(), all) << who << " sees only part of the log";
    }
  }
}

TEST_P(ReplayTest, ABatchSizeAboveTheLimitNamesTheField) {
  ReplayOptions o;
  o.max_batch = kMaxReplayBatch + 1;
  EXPECT_THAT(h_.auditor->ReplayBatches(
                  P("auditor@350000"), o,
                  [](absl::Span<const std::string>, uint64_t) { return true; }),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("batch_size: 10001 is not in 0..10000")));
}

TEST_P(ReplayTest, ARegionAndPeriodFilterFindsThatPeriodsLocks) {
  const Principal office = P("reform_office@350400");
  ASSERT_THAT(h_.hub->LockPeriod(office, "350400", "2024", "年报封账"), IsOk());
  const uint64_t city_lock = h_.hub->head().sequence;
  ASSERT_THAT(h_.hub->LockPeriod(office, "350404", "2023", "核查中"), IsOk());
  ASSERT_THAT(h_.hub->UnlockPeriod(office, "350400", "2024", "补报数据"),
              IsOk());
  const uint64_t city_unlock = h_.hub->head().sequence;
  ReplayOptions o;
  o.filter.add_kinds(v1::EVENT_KIND_PERIOD_LOCKED);
  o.filter.add_kinds(v1::EVENT_KIND_PERIOD_UNLOCKED);
  o.filter.set_region_code("350424");  // a county under the city's lock
  o.filter.set_period("2024");
  uint64_t resume = 0;
  EXPECT_EQ(Collect(P("auditor@350000"), o, 0, &resume),
            (std::vector<uint64_t>{city_lock, city_unlock}));
  o.filter.set_region_code("350400");  // the city: its own and its counties'
  o.filter.clear_period();
  EXPECT_EQ(Collect(P("auditor@350000"), o, 0, &resume),
            (std::vector<uint64_t>{city_lock, city_lock + 1, city_unlock}));
  o.filter.set_region_code("350424");  // 三元区's lock is not this county's
  o.filter.set_period("2023");
  EXPECT_TRUE(Collect(P("auditor@350000"), o, 0, &resume).empty());
}

TEST_P(ReplayTest, FollowingStreamsEventsCommittedLater) {
  ReplayOptions o;
  o.after_sequence = h_.hub->head().sequence;
  o.follow = true;
  o.to_sequence = o.after_sequence + 4;  // two submissions, two events each
  std::vector<uint64_t> seqs;
  std::thread reader([&] {
    uint64_t resume = 0;
    seqs = Collect(P("auditor@350000"), o, 0, &resume);
  });
  for (int i = 0; i < 2; ++i) {
    absl::SleepFor(absl::Milliseconds(20));
    ASSERT_THAT(h_.hub->Submit(
                    P("finance@350400"),
                    SubsidySubmission(absl::StrCat("live", i), "finance",
                                      "350424", absl::StrCat(610 + i, ".00")),
                    false),
                IsOk());
  }
  reader.join();
  uint64_t first = o.after_sequence + 1;
  EXPECT_EQ(seqs,
            std::vector<uint64_t>({first, first + 1, first + 2, first + 3}));
}

TEST_P(ReplayTest, WhoMayReplay) {
  ReplayOptions o;
  uint64_t resume = 0;
  absl::Status s;
  Collect(P("analyst@350400"), o, 0, &resume, &s);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kPermissionDenied,
                          HasSubstr("analyst@350400 (analyst) may not read "
                                    "the change log")));
  o.filter.set_department("medical_insurance");
  Collect(P("finance@350400"), o, 0, &resume, &s);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kPermissionDenied,
                          HasSubstr("filter.department")));
  o.filter.clear_department();
  o.after_sequence = 9;
  o.to_sequence = 3;
  Collect(P("auditor@350000"), o, 0, &resume, &s);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument,
                          HasSubstr("to_sequence")));
}

TEST_P(ReplayTest, RebuildAfterALongRandomRunEqualsTheLiveStore) {
  testing::RunRandomWorkload(&h_, 1500, 42);
  // The run holds every kind of input and derived event a rebuild re-creates.
  std::map<v1::EventKind, int> kinds;
  std::vector<v1::ChangeEvent> events;
  for (uint64_t after = 0;; after = events.back().sequence()) {
    auto page = h_.hub->ListEvents(P("auditor@350000"), after, 1000);
    ASSERT_THAT(page, IsOk());
    events = std::move(page->events);
    if (events.empty()) break;
    for (const v1::ChangeEvent& e : events) ++kinds[e.kind()];
  }
  for (v1::EventKind k :
       {v1::EVENT_KIND_SUBMISSION_ACCEPTED, v1::EVENT_KIND_SUBMISSION_REJECTED,
        v1::EVENT_KIND_RECORD_CHANGED, v1::EVENT_KIND_CONFLICT_OPENED,
        v1::EVENT_KIND_CONFLICT_RESOLVED, v1::EVENT_KIND_PERIOD_APPROVED,
        v1::EVENT_KIND_PERIOD_LOCKED, v1::EVENT_KIND_PERIOD_UNLOCKED,
        v1::EVENT_KIND_CATALOG_CHANGED, v1::EVENT_KIND_CONTRIBUTION_WITHDRAWN,
        v1::EVENT_KIND_RECORD_REMERGED}) {
    EXPECT_GT(kinds[k], 0) << v1::EventKind_Name(k);
  }
  auto result = h_.auditor->Rebuild(P("auditor@350000"), 10);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->difference_count(), 0u);
  EXPECT_TRUE(result->identical());
  EXPECT_EQ(result->up_to_sequence(), h_.hub->head().sequence);
  EXPECT_EQ(result->rebuilt_head_hash(), h_.hub->head().hash);
  EXPECT_EQ(result->records_compared(), 4u);  // 2 regions x 2 periods
  EXPECT_GT(result->inputs_applied(), 1000u);
  // Both chains are of the hub's suite: the head is its hash (SM3 on an
  // sm3-sm2 hub) of the last event, as OpenSSL computes it.
  EXPECT_EQ(result->log_crypto(), std::get<0>(GetParam())->Name());
  const uint64_t head = h_.hub->head().sequence;
  auto last = h_.hub->ListEvents(P("auditor@350000"), head - 1, 1);
  ASSERT_THAT(last, IsOk());
  ASSERT_EQ(last->events.size(), 1u);
  v1::ChangeEvent content = last->events[0];
  content.clear_hash();
  EXPECT_EQ(result->live_head_hash(),
            OpenSslDigest(std::get<0>(GetParam())->HashName(),
                          content.prev_hash() + DeterministicBytes(content)));
}

TEST_P(ReplayTest, RebuildIsIdenticalWhenCatalogChangesRaceSubmissions) {
  // Submitters race tolerance and rule changes of the subsidy indicator:
  // each submission must be merged under the catalog in force at its place
  // in the log, or the sequential rebuild comes out different.
  std::atomic<bool> stop{false};
  std::vector<std::thread> submitters;
  for (int t = 0; t < 4; ++t) {
    submitters.emplace_back([&, t] {
      const char* dept = t % 2 ? "finance" : "medical_insurance";
      const char* region = t < 2 ? "350404" : "350424";
      for (int i = 0; !stop.load() && i < 400; ++i) {
        v1::Submission s = testing::SubsidySubmission(
            absl::StrCat(dept, "-", t, "-", i), dept, region,
            absl::StrCat(600 + (i * 7 + t) % 80, ".00"));
        (void)h_.hub->Submit(P(absl::StrCat(dept, "@350400").c_str()), s,
                             /*dry_run=*/false);
      }
    });
  }
  const char* rules[] = {"authoritative_source", "must_agree", "latest_report"};
  for (int i = 0; i < 60; ++i) {
    v1::Catalog update;
    *update.add_indicators() = testing::SanmingTestCatalog().indicators(0);
    update.mutable_indicators(0)->set_tolerance(absl::StrCat(i % 25));
    update.mutable_indicators(0)->set_rule(rules[i % 3]);
    ASSERT_THAT(h_.hub->UpdateCatalog(P("reform_office@350000"), update),
                IsOk());
  }
  stop = true;
  for (std::thread& t : submitters) t.join();
  auto result = h_.auditor->Rebuild(P("auditor@350000"), 10);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->difference_count(), 0u);
  EXPECT_TRUE(result->identical());
  EXPECT_EQ(result->rebuilt_head_hash(), h_.hub->head().hash);
}

TEST_P(ReplayTest, RebuildReportsARecordChangedBehindTheLogsBack) {
  testing::RunRandomWorkload(&h_, 100, 9);
  // Corrupt one live record directly (same sequence, other value).
  std::unique_ptr<Iterator> it = h_.store->NewIterator(Column::kRecords);
  it->Seek("");
  ASSERT_TRUE(it->Valid());
  std::string key(it->key());
  v1::MergedRecord record;
  ASSERT_TRUE(record.ParseFromString(std::string(it->value())));
  record.set_value("1.00");
  WriteBatch batch;
  batch.Put(Column::kRecords, key, DeterministicBytes(record));
  ASSERT_THAT(h_.store->Write(batch, false), IsOk());
  auto result = h_.auditor->Rebuild(P("reform_office@350400"), 10);
  ASSERT_THAT(result, IsOk());
  EXPECT_FALSE(result->identical());
  ASSERT_EQ(result->difference_count(), 1u);
  EXPECT_EQ(result->differences(0).kind(),
            v1::RecordDifference::KIND_BYTES_DIFFER);
  EXPECT_EQ(EncodeRecordKey(result->differences(0).key()), key);
  EXPECT_EQ(result->differences(0).live().value(), "1.00");
  EXPECT_NE(result->differences(0).rebuilt().value(), "1.00");
  EXPECT_THAT(h_.auditor->Rebuild(P("finance@350400"), 10),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("may not rebuild the records")));
  // Another city's auditor sees the count, not Sanming's record.
  auto elsewhere = h_.auditor->Rebuild(P("auditor@411300"), 10);
  ASSERT_THAT(elsewhere, IsOk());
  EXPECT_EQ(elsewhere->difference_count(), 1u);
  EXPECT_EQ(elsewhere->differences_size(), 0);
}

TEST_P(ReplayTest, RefusalsAreRebuiltAsTheyWereLogged) {
  // A refused call, a refused submission too big to keep, a small one kept.
  ASSERT_THAT(
      h_.hub->LogRefusal(P("analyst@350400"), "/hub.v1.LogService/ListEvents",
                         absl::PermissionDeniedError("no"), "request"),
      IsOk());
  v1::Submission big = SubsidySubmission("big", "finance", "350424", "670.00");
  big.mutable_items(0)->mutable_indicator_value()->set_note(
      std::string(8000, 'n'));  // too long, and over the body cap
  EXPECT_THAT(h_.hub->Submit(P("finance@350400"), big, false),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      h_.hub->Submit(P("analyst@350400"),
                     SubsidySubmission("a1", "finance", "350424", "1"), false),
      StatusIs(absl::StatusCode::kPermissionDenied));
  std::vector<v1::ChangeEvent> tail =
      testing::EventsAfter(*h_.hub, h_.hub->head().sequence - 3);
  ASSERT_EQ(tail.size(), 3u);
  EXPECT_EQ(tail[0].kind(), v1::EVENT_KIND_CALL_REFUSED);
  EXPECT_TRUE(tail[1].rejection().body_omitted());
  EXPECT_FALSE(tail[1].has_submission_body());
  EXPECT_EQ(tail[1].rejection().content_size(), DeterministicBytes(big).size());
  EXPECT_TRUE(tail[2].has_submission_body());
  auto result = h_.auditor->Rebuild(P("auditor@350000"), 10);
  ASSERT_THAT(result, IsOk());
  EXPECT_TRUE(result->identical()) << result->DebugString();
}

}  // namespace
}  // namespace hub
