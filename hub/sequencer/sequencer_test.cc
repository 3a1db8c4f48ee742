// Two hubds on one PostgreSQL database, in one process: exactly one commits,
// the standby refuses writes naming the active one, and each way of losing
// the active hubd (a clean stop, a crash, a freeze past its lease) ends with
// the other committing on the same chain while the old one's commits are
// refused. Against a real PostgreSQL 15 (hub/pgstore/testing/pg_server.h).
#include "hub/sequencer/sequencer.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/engine/internal/test_fixtures.h"
#include "hub/log/merkle.h"
#include "hub/pgstore/internal/pg_conn.h"
#include "hub/pgstore/testing/pg_server.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;
using ::hub::testing::SubsidySubmission;
using ::testing::HasSubstr;

Principal P(const char* text) { return *Principal::Parse(text); }

// One hubd: its store, sequencer and hub.
struct Node {
  PgStore* store = nullptr;  // owned by hub
  std::unique_ptr<Sequencer> sequencer;
  std::unique_ptr<Hub> hub;
  std::vector<std::string> changes;  // what the sequencer told
  absl::Mutex mu;

  absl::Status Open(PgStoreOptions options, const std::string& name) {
    options.fenced = true;
    auto store_or = PgStore::Open(options);
    if (!store_or.ok()) return store_or.status();
    store = store_or->get();
    SequencerOptions s;
    s.holder = name;
    s.address = name + ":50051";
    s.lease = absl::Milliseconds(800);
    s.refresh_interval = absl::Milliseconds(50);
    s.on_change = [this](const std::string& m) {
      absl::MutexLock lock(&mu);
      changes.push_back(m);
    };
    auto seq = Sequencer::Start(store, s);
    if (!seq.ok()) return seq.status();
    sequencer = *std::move(seq);
    HubOptions h;
    h.rules = *NewBuiltinRuleRegistry();
    auto hub_or = Hub::Open(*std::move(store_or), h);
    if (!hub_or.ok()) return hub_or.status();
    hub = *std::move(hub_or);
    return absl::OkStatus();
  }
  void Run() { sequencer->Run(hub.get(), ""); }
  bool Active() const {
    return sequencer->state().role == SequencerRole::kActive;
  }
  absl::StatusOr<v1::Receipt> Submit(const std::string& id,
                                     const std::string& value) {
    return hub->Submit(P("finance@350400"),
                       SubsidySubmission(id, "finance", "350424", value),
                       false);
  }
  void Close() {
    if (sequencer) sequencer->Stop();
    hub.reset();
    sequencer.reset();
  }
};

bool WaitFor(const std::function<bool()>& done,
             absl::Duration timeout = absl::Seconds(10)) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return done();
}

class SequencerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto options = testing::FreshPgStoreOptions();
    if (!options.ok()) GTEST_SKIP() << options.status().message();
    options_ = *options;
    ASSERT_THAT(a_.Open(options_, "hubd-a"), IsOk());
    ASSERT_TRUE(a_.Active());
    ASSERT_THAT(a_.hub->UpdateCatalog(P("reform_office@350400"),
                                      testing::SanmingTestCatalog()),
                IsOk());
    ASSERT_THAT(b_.Open(options_, "hubd-b"), IsOk());
  }
  void TearDown() override {
    b_.Close();
    a_.Close();
  }
  // node's view of the whole log verifies to its head, and holds each of
  // ids accepted exactly once.
  void ExpectChain(Node& node, const std::vector<std::string>& ids) {
    const uint64_t head = node.hub->head().sequence;
    auto v = node.hub->VerifyChain(P("auditor@350400"), 0, 0);
    ASSERT_THAT(v, IsOk());
    EXPECT_TRUE(v->ok) << v->reason;
    EXPECT_EQ(v->events_checked, head);
    std::map<std::string, int> accepted;
    for (const v1::ChangeEvent& e : testing::EventsAfter(*node.hub, 0)) {
      if (e.kind() == v1::EVENT_KIND_SUBMISSION_ACCEPTED) {
        ++accepted[e.submission().submission_id()];
      }
    }
    for (const std::string& id : ids) EXPECT_EQ(accepted[id], 1) << id;
    EXPECT_EQ(accepted.size(), ids.size());
    ExpectStoredMerkleTree(node);
  }
  // The Merkle tree in the database (each hubd wrote the nodes of its own
  // commits) covers the whole log and has the root of the log's events.
  void ExpectStoredMerkleTree(Node& node) {
    const LogCrypto& crypto = node.hub->log_crypto();
    const LogReader log = node.hub->NewReaders().log;
    auto head = log.Head();
    ASSERT_THAT(head, IsOk());
    auto stored = log.Merkle();
    ASSERT_THAT(stored, IsOk());
    ASSERT_EQ(stored->size(), head->sequence);
    MerkleTree expected(crypto);
    for (uint64_t seq = 1; seq <= head->sequence; ++seq) {
      auto bytes = log.ReadBytes(seq);
      ASSERT_THAT(bytes, IsOk());
      expected.AppendLeafHash(crypto.LeafHash(*bytes));
    }
    auto root = MerkleRoot(crypto, *stored, head->sequence);
    ASSERT_THAT(root, IsOk());
    EXPECT_EQ(*root, *expected.Root(head->sequence));
  }

  PgStoreOptions options_;
  Node a_, b_;
};

TEST_F(SequencerTest, TheStandbyServesReadsAndSendsWritesToTheActive) {
  a_.Run();
  b_.Run();
  EXPECT_FALSE(b_.Active());
  ASSERT_THAT(a_.Submit("f-1", "670.00"), IsOk());
  EXPECT_THAT(
      b_.Submit("f-2", "671.00"),
      StatusIs(absl::StatusCode::kUnavailable,
               HasSubstr("standby: this hubd does not commit; the active hub "
                         "is at hubd-a:50051")));
  // The standby reads what the active committed, catalog included.
  ASSERT_TRUE(WaitFor(
      [&] { return b_.hub->head().sequence == a_.hub->head().sequence; }));
  v1::RecordKey key;
  key.set_kind(v1::SUBJECT_KIND_INDICATOR);
  key.set_code("resident_insurance_subsidy_per_person");
  key.set_region_code("350424");
  key.set_period("2024");
  auto record = b_.hub->GetRecord(P("analyst@350400"), key);
  ASSERT_THAT(record, IsOk());
  EXPECT_EQ(record->value(), "670.00");
}

// A clean stop releases the lease: the standby takes over at once, reloads
// and continues the same chain; a retried submission id adds nothing.
TEST_F(SequencerTest, AStoppedActiveHandsOverAndNothingIsLostOrDoubled) {
  a_.Run();
  b_.Run();
  ASSERT_THAT(a_.Submit("f-1", "670.00"), IsOk());
  auto first = a_.Submit("f-2", "671.00");
  ASSERT_THAT(first, IsOk());
  a_.sequencer->Stop();
  EXPECT_THAT(
      a_.Submit("f-3", "672.00"),
      StatusIs(absl::StatusCode::kUnavailable, HasSubstr("shutting down")));
  ASSERT_TRUE(WaitFor([&] { return b_.Active(); }, absl::Milliseconds(700)))
      << "the standby did not take over before the lease would have expired";
  auto retried = b_.Submit("f-2", "671.00");  // the client's retry
  ASSERT_THAT(retried, IsOk());
  EXPECT_TRUE(retried->replayed());
  EXPECT_EQ(retried->sequence(), first->sequence());
  auto third = b_.Submit("f-3", "672.00");
  ASSERT_THAT(third, IsOk());
  EXPECT_GT(third->sequence(), first->sequence());
  ExpectChain(b_, {"f-1", "f-2", "f-3"});
}

// A frozen active (here: one whose sequencer never renews) loses its lease
// to the standby; its late commit is refused by the fencing epoch, and it
// then steps down and names the new active.
TEST_F(SequencerTest, AFrozenActivesLateCommitIsFenced) {
  b_.Run();  // a_ does not renew: frozen
  ASSERT_THAT(a_.Submit("f-1", "670.00"), IsOk());
  ASSERT_TRUE(WaitFor([&] { return b_.Active(); }));
  auto late = a_.Submit("f-2", "671.00");
  EXPECT_THAT(late, StatusIs(absl::StatusCode::kUnavailable,
                             HasSubstr("fenced: this writer's lease epoch 1 "
                                       "was superseded by epoch 2 (hubd-b): "
                                       "the active hub is at hubd-b:50051")));
  a_.Run();  // it wakes up
  ASSERT_TRUE(WaitFor([&] { return !a_.Active(); }));
  EXPECT_THAT(a_.Submit("f-3", "672.00"),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("the active hub is at hubd-b:50051")));
  auto retried = b_.Submit("f-2", "671.00");
  ASSERT_THAT(retried, IsOk());
  EXPECT_FALSE(retried->replayed());  // the fenced commit never happened
  ExpectChain(b_, {"f-1", "f-2"});
}

// A crashed active's lease session is gone from the database at once: the
// standby takes over after missed renewals, before the lease runs out.
TEST_F(SequencerTest, ACrashedActiveIsTakenOverBeforeItsLeaseExpires) {
  a_.Run();
  b_.Run();
  ASSERT_THAT(a_.Submit("f-1", "670.00"), IsOk());
  const absl::Time crash = absl::Now();
  // What the database sees of a SIGKILLed hubd: its sessions end.
  auto admin = pg::Conn::Connect(options_.conninfo, "");
  ASSERT_THAT(admin, IsOk());
  a_.sequencer->Stop();  // no renewals, but the lease is still a's...
  ASSERT_THAT(
      a_.store->AcquireLease("hubd-a", "hubd-a:50051", absl::Seconds(30)),
      IsOk());  // ...for 30 s, unless the crash is noticed
  ASSERT_THAT((*admin)
                  ->Exec(absl::StrCat("SELECT pg_terminate_backend(session_pid)"
                                      " FROM ",
                                      options_.schema, ".leader"))
                  .status(),
              IsOk());
  ASSERT_TRUE(WaitFor([&] { return b_.Active(); }, absl::Seconds(5)));
  EXPECT_LT(absl::Now() - crash, absl::Seconds(5));
  ASSERT_THAT(b_.Submit("f-2", "671.00"), IsOk());
}

}  // namespace
}  // namespace hub
