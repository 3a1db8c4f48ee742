#include "hub/engine/internal/committer.h"

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"

namespace hub {
namespace internal {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;

// Store wrapper that counts writes and fails them while armed (after
// LevelDB's fault-injecting test Env).
class FaultInjectingStore : public Store {
 public:
  explicit FaultInjectingStore(std::unique_ptr<Store> base)
      : base_(std::move(base)) {}
  absl::Status Get(Column c, absl::string_view k,
                   std::string* v) const override {
    return base_->Get(c, k, v);
  }
  absl::Status Write(const WriteBatch& batch, bool sync) override {
    writes_.fetch_add(1);
    if (fail_.load()) return absl::UnavailableError("injected write failure");
    // Slow syncs let followers queue up behind the leader.
    if (sync) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return base_->Write(batch, sync);
  }
  std::unique_ptr<Iterator> NewIterator(Column c) const override {
    return base_->NewIterator(c);
  }
  std::shared_ptr<const Snapshot> NewSnapshot() const override {
    return base_->NewSnapshot();
  }
  std::atomic<bool> fail_{false};
  std::atomic<int> writes_{0};

 private:
  std::unique_ptr<Store> base_;
};

class CommitterTest : public ::testing::Test {
 protected:
  Committer::Options Opts() {
    Committer::Options o;
    o.now_micros = [] { return int64_t{1721836800000000}; };
    return o;
  }
  Committer::Op PutOp(std::string key) {
    return [key](Transaction* txn) {
      txn->Put(Column::kRecords, key, "v");
      v1::ChangeEvent e;
      e.set_kind(v1::EVENT_KIND_RECORD_CHANGED);
      txn->AppendEvent(e);
      return absl::OkStatus();
    };
  }
  FaultInjectingStore store_{NewMemStore()};
};

TEST_F(CommitterTest, ConcurrentOperationsShareSyncs) {
  Committer committer(&store_, Sha256Ed25519(), LogHead{}, Opts());
  constexpr int kThreads = 8, kPerThread = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        EXPECT_THAT(committer.Run(PutOp(absl::StrCat(t, "/", i)), false),
                    IsOk());
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(committer.operations(), uint64_t{kThreads * kPerThread});
  EXPECT_EQ(committer.head().sequence, uint64_t{kThreads * kPerThread});
  // Group commit: fewer syncs than operations.
  EXPECT_LT(committer.groups(), committer.operations());
  EXPECT_EQ(store_.writes_.load(), static_cast<int>(committer.groups()));
  auto v = VerifyChain(LogReader(store_.NewSnapshot()), Sha256Ed25519(), 0, 0);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->ok) << v->reason;
  EXPECT_EQ(v->events_checked, uint64_t{kThreads * kPerThread});
}

TEST_F(CommitterTest, FailedOperationLeavesNoTrace) {
  Committer committer(&store_, Sha256Ed25519(), LogHead{}, Opts());
  Committer::Op failing = [](Transaction* txn) {
    txn->Put(Column::kRecords, "half", "written");
    txn->AppendEvent(v1::ChangeEvent());
    return absl::AlreadyExistsError("duplicate");
  };
  EXPECT_THAT(committer.Run(failing, false),
              StatusIs(absl::StatusCode::kAlreadyExists));
  std::string v;
  EXPECT_THAT(store_.Get(Column::kRecords, "half", &v),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(committer.head().sequence, 0u);
  EXPECT_THAT(committer.Run(PutOp("next"), false), IsOk());
  EXPECT_EQ(committer.head().sequence, 1u);
}

TEST_F(CommitterTest, DryRunDiscardsWrites) {
  Committer committer(&store_, Sha256Ed25519(), LogHead{}, Opts());
  EXPECT_THAT(committer.Run(PutOp("dry"), /*discard=*/true), IsOk());
  std::string v;
  EXPECT_THAT(store_.Get(Column::kRecords, "dry", &v),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(committer.head().sequence, 0u);
}

TEST_F(CommitterTest, WriteFailureFailsTheGroupAndKeepsTheHead) {
  Committer committer(&store_, Sha256Ed25519(), LogHead{}, Opts());
  ASSERT_THAT(committer.Run(PutOp("a"), false), IsOk());
  LogHead before = committer.head();
  store_.fail_ = true;
  EXPECT_THAT(committer.Run(PutOp("b"), false),
              StatusIs(absl::StatusCode::kUnavailable,
                       ::testing::HasSubstr("injected")));
  EXPECT_EQ(committer.head().sequence, before.sequence);
  EXPECT_EQ(committer.head().hash, before.hash);
  store_.fail_ = false;
  ASSERT_THAT(committer.Run(PutOp("c"), false), IsOk());
  auto v = VerifyChain(LogReader(store_.NewSnapshot()), Sha256Ed25519(), 0, 0);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->ok) << v->reason;
  EXPECT_EQ(v->events_checked, 2u);
}

// Another process (the previous active hubd) appended to the same store:
// after Reload the log continues from the stored head, one chain, with no
// event earlier than the last stored one.
TEST_F(CommitterTest, ReloadContinuesFromWhatAnotherWriterStored) {
  Committer other(&store_, Sha256Ed25519(), LogHead{}, Opts());
  Committer::Options behind = Opts();  // a clock behind the other machine's
  behind.now_micros = [] { return int64_t{1700000000000000}; };
  Committer committer(&store_, Sha256Ed25519(), LogHead{}, behind);
  for (const char* k : {"a", "b", "c"}) {
    ASSERT_THAT(other.Run(PutOp(k), false), IsOk());
  }
  EXPECT_THAT(committer.Reload([&]() -> absl::StatusOr<Committer::Position> {
    return absl::UnavailableError("the store is down");
  }),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(committer.head().sequence, 0u);  // kept
  ASSERT_THAT(committer.Reload([&]() -> absl::StatusOr<Committer::Position> {
    return Committer::Position{other.head(), 1721836800000000};
  }),
              IsOk());
  ASSERT_THAT(committer.Run(PutOp("d"), false), IsOk());
  EXPECT_EQ(committer.head().sequence, 4u);
  LogReader log(store_.NewSnapshot());
  auto v = VerifyChain(log, Sha256Ed25519(), 0, 0);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->ok) << v->reason;
  EXPECT_EQ(v->events_checked, 4u);
  auto fourth = log.Read(4);
  ASSERT_THAT(fourth, IsOk());
  EXPECT_EQ(fourth->time_micros(), 1721836800000000);
}

// Reload waits for the group being written, and later operations wait for
// the reload: none of them runs against the old position.
TEST_F(CommitterTest, ReloadWaitsForTheGroupInFlight) {
  Committer committer(&store_, Sha256Ed25519(), LogHead{}, Opts());
  absl::Notification running, release;
  std::thread writer([&] {
    EXPECT_THAT(committer.Run(
                    [&](Transaction* txn) {
                      running.Notify();
                      release.WaitForNotification();
                      return PutOp("slow")(txn);
                    },
                    false),
                IsOk());
  });
  running.WaitForNotification();
  std::atomic<bool> reloaded{false};
  uint64_t seen = 99;
  std::thread reload([&] {
    EXPECT_THAT(committer.Reload([&]() -> absl::StatusOr<Committer::Position> {
      seen = LogReader(store_.NewSnapshot()).Head()->sequence;
      return Committer::Position{*LogReader(store_.NewSnapshot()).Head(), 0};
    }),
                IsOk());
    reloaded = true;
  });
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_FALSE(reloaded.load());
  release.Notify();
  writer.join();
  reload.join();
  EXPECT_EQ(seen, 1u);  // it read the store after the group was written
  EXPECT_EQ(committer.head().sequence, 1u);
}

// A reload is a barrier in the pipeline: a request enqueued while load()
// runs does not block its caller, and is applied at the reloaded position,
// never at the old one.
TEST_F(CommitterTest, RequestsEnqueuedDuringAReloadRunAtTheReloadedPosition) {
  Committer other(&store_, Sha256Ed25519(), LogHead{}, Opts());
  for (const char* k : {"a", "b", "c"}) {
    ASSERT_THAT(other.Run(PutOp(k), false), IsOk());
  }
  Committer committer(&store_, Sha256Ed25519(), LogHead{}, Opts());
  absl::Notification loading, release;
  std::thread reload([&] {
    EXPECT_THAT(committer.Reload([&]() -> absl::StatusOr<Committer::Position> {
      loading.Notify();
      release.WaitForNotification();
      return Committer::Position{other.head(), 0};
    }),
                IsOk());
  });
  loading.WaitForNotification();
  absl::Notification done;
  absl::Status status;
  std::vector<Committer::Request> batch(1);
  batch[0].op = PutOp("d");
  batch[0].done = [&](absl::Status s) {
    status = std::move(s);
    done.Notify();
  };
  committer.Enqueue(std::move(batch));  // returns at once
  absl::SleepFor(absl::Milliseconds(30));
  EXPECT_FALSE(done.HasBeenNotified());
  release.Notify();
  reload.join();
  done.WaitForNotification();
  EXPECT_THAT(status, IsOk());
  EXPECT_EQ(committer.head().sequence, 4u);
  auto v = VerifyChain(LogReader(store_.NewSnapshot()), Sha256Ed25519(), 0, 0);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->ok) << v->reason;
  EXPECT_EQ(v->events_checked, 4u);
}

TEST_F(CommitterTest, RefusedWritesReturnTheRefusalUntilAllowed) {
  Committer committer(&store_, Sha256Ed25519(), LogHead{}, Opts());
  committer.RefuseWrites(absl::FailedPreconditionError("log went backwards"));
  EXPECT_THAT(committer.write_refusal(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(committer.Run(PutOp("a"), false),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       ::testing::HasSubstr("log went backwards")));
  EXPECT_THAT(committer.Run(PutOp("dry"), /*discard=*/true), IsOk());
  EXPECT_EQ(store_.writes_.load(), 0);
  committer.AllowWrites();
  EXPECT_THAT(committer.Run(PutOp("a"), false), IsOk());
  EXPECT_EQ(committer.head().sequence, 1u);
}

// Records what the committer reports.
class RecordingListener : public HubListener {
 public:
  void OnGroupCommitted(const CommitGroupInfo& info) override {
    absl::MutexLock lock(&mu_);
    groups.push_back(info);
  }
  void OnOperationDone(int64_t micros, const absl::Status& status) override {
    absl::MutexLock lock(&mu_);
    done.push_back(status);
  }
  absl::Mutex mu_;
  std::vector<CommitGroupInfo> groups;
  std::vector<absl::Status> done;
};

TEST_F(CommitterTest, ListenersHearEveryGroupAndOperation) {
  RecordingListener listener;
  Committer::Options o = Opts();
  o.listeners.push_back(&listener);
  Committer committer(&store_, Sha256Ed25519(), LogHead{}, o);
  ASSERT_THAT(committer.Run(PutOp("a"), false), IsOk());
  store_.fail_ = true;
  EXPECT_FALSE(committer.Run(PutOp("b"), false).ok());
  ASSERT_EQ(listener.groups.size(), 2u);
  EXPECT_TRUE(listener.groups[0].written);
  EXPECT_TRUE(listener.groups[0].synced);
  EXPECT_EQ(listener.groups[0].operations, 1u);
  EXPECT_EQ(listener.groups[0].head_sequence, 1u);
  EXPECT_GT(listener.groups[0].write_micros, 0);
  EXPECT_THAT(listener.groups[1].status,
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(listener.groups[1].head_sequence, 1u);
  ASSERT_EQ(listener.done.size(), 2u);
  EXPECT_THAT(listener.done[1], StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(CommitterTest, CloseFinishesQueuedOperationsAndRefusesLaterOnes) {
  Committer committer(&store_, Sha256Ed25519(), LogHead{}, Opts());
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      absl::Status s = committer.Run(PutOp(absl::StrCat("k", t)), false);
      if (s.ok())
        ++ok;
      else
        EXPECT_THAT(s, StatusIs(absl::StatusCode::kUnavailable));
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  const size_t queued =
      committer.Close(absl::UnavailableError("shutting down"));
  EXPECT_LE(queued, 8u);
  for (auto& th : threads) th.join();
  // Every operation that got in finished and is durable; the rest were
  // refused.
  EXPECT_EQ(committer.head().sequence, static_cast<uint64_t>(ok.load()));
  EXPECT_THAT(committer.Run(PutOp("late"), false),
              StatusIs(absl::StatusCode::kUnavailable,
                       ::testing::HasSubstr("shutting down")));
  EXPECT_THAT(committer.Run(PutOp("late"), true),
              StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace internal
}  // namespace hub
