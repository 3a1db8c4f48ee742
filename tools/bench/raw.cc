#include "tools/bench/raw.h"

#include <atomic>
#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "hub/engine/hub.h"
#include "hub/schema/schema.h"
#include "tools/bench/workload.h"

namespace hub {
namespace bench {
namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Remembers the last batch written through it.
class RecordingStore : public Store {
 public:
  RecordingStore() : base_(NewMemStore()) {}
  absl::Status Get(Column c, absl::string_view k,
                   std::string* v) const override {
    return base_->Get(c, k, v);
  }
  absl::Status Write(const WriteBatch& batch, bool sync) override {
    *last_ = batch;
    return base_->Write(batch, sync);
  }
  std::unique_ptr<Iterator> NewIterator(Column c) const override {
    return base_->NewIterator(c);
  }
  std::shared_ptr<const Snapshot> NewSnapshot() const override {
    return base_->NewSnapshot();
  }
  std::shared_ptr<WriteBatch> last() const { return last_; }

 private:
  std::unique_ptr<Store> base_;
  std::shared_ptr<WriteBatch> last_ = std::make_shared<WriteBatch>();
};

// Runs body(thread) on threads threads until the window ends; each call
// returns how many submissions it completed, counted when it ends inside
// the window. Returns completions per second of the window, and fills
// latency with each call's duration.
LoadResult Timed(int threads, const Shape& shape,
                 const std::function<uint64_t(int, uint64_t)>& body) {
  const auto begin =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(shape.warmup_seconds));
  const auto end = begin + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(shape.seconds));
  std::atomic<uint64_t> done{0}, calls{0};
  LoadResult result;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      while (Clock::now() < end) {
        auto start = Clock::now();
        uint64_t n = body(t, calls.fetch_add(1));
        auto now = Clock::now();
        if (now >= begin && now < end) {
          done += n;
          result.latency->Add(
              std::chrono::duration<double, std::micro>(now - start).count());
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  result.ok = done.load();
  result.seconds = shape.seconds;
  return result;
}

}  // namespace

absl::StatusOr<std::vector<WriteBatch::Op>> CaptureSubmissionWrites(
    const v1::Catalog& catalog) {
  auto recording = std::make_unique<RecordingStore>();
  std::shared_ptr<WriteBatch> last = recording->last();
  HubOptions options;
  auto rules = NewBuiltinRuleRegistry();
  if (!rules.ok()) return rules.status();
  options.rules = *rules;
  options.sync = false;
  auto hub = Hub::Open(std::move(recording), options);
  if (!hub.ok()) return hub.status();
  auto office = Principal::Parse(kReformOffice);
  auto submitter = Principal::Parse(kSubmitter);
  auto updated = (*hub)->UpdateCatalog(*office, catalog);
  if (!updated.ok()) return updated.status();
  IngestWorkload workload("capture");
  // Submission 1320 updates the record submission 0 created.
  for (uint64_t n : {uint64_t{0}, uint64_t{1320}}) {
    auto receipt =
        (*hub)->Submit(*submitter, workload.At(n).submission(), false);
    if (!receipt.ok()) return receipt.status();
  }
  std::vector<WriteBatch::Op> ops;
  for (const WriteBatch::Op& op : last->ops()) {
    if (op.column == Column::kMeta && op.key == LogHeadKey()) continue;
    ops.push_back(op);
  }
  return ops;
}

LoadResult RawSyncedGroups(const std::string& dir,
                           const std::vector<WriteBatch::Op>& ops,
                           const Shape& shape) {
  auto store = OpenRocksDbStore(dir);
  if (!store.ok()) {
    LoadResult r;
    r.first_error = std::string(store.status().message());
    return r;
  }
  std::atomic<uint64_t> next{0};
  const std::string head = EncodeLogHead(0, std::string(32, 'h'));
  return Timed(shape.clients, shape, [&](int, uint64_t) -> uint64_t {
    WriteBatch batch;
    for (int i = 0; i < shape.inflight; ++i) {
      const uint64_t n = next.fetch_add(1);
      uint64_t log = 0;
      for (const WriteBatch::Op& op : ops) {
        std::string key = op.key;
        if (op.column == Column::kLog) key = EncodeSequence(n * 4 + log++);
        if (op.column == Column::kSubmissions) absl::StrAppend(&key, "/", n);
        if (op.column == Column::kRecords || op.column == Column::kIndex) {
          absl::StrAppend(&key, "/", n % 1320);
        }
        if (op.is_delete) {
          batch.Delete(op.column, key);
        } else {
          batch.Put(op.column, key, op.value);
        }
      }
    }
    batch.Put(Column::kMeta, LogHeadKey(), head);
    return (*store)->Write(batch, /*sync=*/true).ok() ? shape.inflight : 0;
  });
}

LoadResult RawFsync(const std::string& dir, double seconds) {
  auto store = OpenRocksDbStore(dir);
  if (!store.ok()) return LoadResult();
  Shape shape;
  shape.seconds = seconds;
  shape.warmup_seconds = 0.3;
  return Timed(1, shape, [&](int, uint64_t n) -> uint64_t {
    WriteBatch batch;
    batch.Put(Column::kMeta, "fsync", absl::StrCat(n));
    return (*store)->Write(batch, /*sync=*/true).ok() ? 1 : 0;
  });
}

LoadResult RawGet(const Store& store, Column column, const std::string& key,
                  double seconds) {
  Shape shape;
  shape.seconds = seconds;
  shape.warmup_seconds = 0.3;
  return Timed(1, shape, [&](int, uint64_t) -> uint64_t {
    std::string value;
    return store.Get(column, key, &value).ok() ? 1 : 0;
  });
}

LoadResult RawScan(const Store& store, Column column, const std::string& start,
                   int n, double seconds) {
  Shape shape;
  shape.seconds = seconds;
  shape.warmup_seconds = 0.3;
  return Timed(1, shape, [&](int, uint64_t) -> uint64_t {
    std::unique_ptr<Iterator> it = store.NewIterator(column);
    int seen = 0;
    size_t bytes = 0;
    for (it->Seek(start); it->Valid() && seen < n; it->Next(), ++seen) {
      bytes += it->value().size();
    }
    return bytes > 0 ? 1 : 0;
  });
}

ScanResult RawFullScan(const Store& store, Column column) {
  ScanResult r;
  auto start = Clock::now();
  std::unique_ptr<Iterator> it = store.NewIterator(column);
  for (it->Seek(""); it->Valid(); it->Next()) {
    ++r.entries;
    r.bytes += it->key().size() + it->value().size();
  }
  r.seconds = Since(start);
  return r;
}

ScanResult RawScanAndPut(const Store& store, Column column) {
  ScanResult r;
  std::unique_ptr<Store> out = NewMemStore();
  auto start = Clock::now();
  std::unique_ptr<Iterator> it = store.NewIterator(column);
  WriteBatch batch;
  for (it->Seek(""); it->Valid(); it->Next()) {
    ++r.entries;
    r.bytes += it->key().size() + it->value().size();
    batch.Put(column, it->key(), it->value());
    if (batch.size() == 1000) {
      (void)out->Write(batch, false);
      batch = WriteBatch();
    }
  }
  if (!batch.empty()) (void)out->Write(batch, false);
  r.seconds = Since(start);
  return r;
}

}  // namespace bench
}  // namespace hub
