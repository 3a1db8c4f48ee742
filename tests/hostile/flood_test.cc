// A refusal flood, bounded in count and time: 20,000 refused submissions
// from one principal, each with a body over the refusal cap, grow the log
// by at most the cap per refusal, while another department's submissions
// go on being accepted. Prints the figures (BENCHMARKS.md quotes them);
// asserts growth and success, not timing.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/hostile/hostile_fixture.h"

namespace hub {
namespace hostile {
namespace {

constexpr int kRefusals = 20000;
constexpr int kStreams = 4;
constexpr size_t kCap = RefusalLimits().body_bytes;
// The most one refusal record may take besides the body (summary strings,
// the bounded violations and message, hashes and sizes).
constexpr size_t kRecordOverhead = 20 * (256 + 512 + 8) + 1024 + 2048;

v1::SubmitRequest Refused(int i) {
  v1::SubmitRequest r;
  *r.mutable_submission() = GoodSubsidy(absl::StrCat("flood-", i));
  // Twice the cap: were the body kept, each record would be 8 KiB or more.
  r.mutable_submission()->mutable_items(0)->mutable_indicator_value()->set_note(
      std::string(2 * kCap, 'x'));
  return r;
}

TEST(FloodTest, TwentyThousandRefusalsGrowTheLogByAtMostTheCapEach) {
  HostileHub h("flood", /*sync=*/false);
  const uint64_t start = h.State().head;
  std::atomic<int> refused{0}, other_accepted{0}, other_failed{0};
  std::atomic<bool> flooding{true};
  const absl::Time t0 = absl::Now();
  std::vector<std::thread> flood;
  for (int t = 0; t < kStreams; ++t) {
    flood.emplace_back([&, t] {
      grpc::ClientContext ctx;
      ctx.AddMetadata("x-hub-principal", "analyst@350400");
      auto stub = v1::SubmissionService::NewStub(h.channel());
      auto stream = stub->StreamSubmit(&ctx);
      std::thread reader([&] {
        v1::SubmitResponse response;
        while (stream->Read(&response)) {
          if (response.has_error() &&
              response.error().code() == grpc::StatusCode::PERMISSION_DENIED)
            ++refused;
        }
      });
      for (int i = t; i < kRefusals; i += kStreams) {
        if (!stream->Write(Refused(i))) break;
      }
      stream->WritesDone();
      reader.join();
      EXPECT_TRUE(stream->Finish().ok());
    });
  }
  // Meanwhile medical_insurance@350400 reports, one call at a time.
  std::vector<double> other_ms;
  std::thread other([&] {
    auto stub = v1::SubmissionService::NewStub(h.channel());
    for (int i = 0; flooding.load() || i < 20; ++i) {
      v1::SubmitRequest r;
      *r.mutable_submission() = GoodSubsidy(absl::StrCat("mi-", i));
      r.mutable_submission()->set_department("medical_insurance");
      r.mutable_submission()
          ->mutable_items(0)
          ->mutable_indicator_value()
          ->set_value(absl::StrCat(600 + i, ".00"));
      grpc::ClientContext ctx;
      HostileHub::As(&ctx, "medical_insurance@350400");
      v1::SubmitResponse response;
      const absl::Time s0 = absl::Now();
      grpc::Status s = stub->Submit(&ctx, r, &response);
      other_ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - s0));
      s.ok() ? ++other_accepted : ++other_failed;
      if (!s.ok()) ADD_FAILURE() << s.error_message();
    }
  });
  for (std::thread& t : flood) t.join();
  flooding = false;
  other.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - t0);

  EXPECT_EQ(refused.load(), kRefusals);
  EXPECT_EQ(other_failed.load(), 0);
  EXPECT_GE(other_accepted.load(), 20);
  const uint64_t end = h.State().head;
  size_t refusal_bytes = 0, largest = 0;
  int kept_bodies = 0, refusal_records = 0;
  for (uint64_t seq = start + 1; seq <= end; ++seq) {
    const std::string bytes = h.EventBytes(seq);
    v1::ChangeEvent event;
    ASSERT_TRUE(event.ParseFromString(bytes)) << seq;
    if (event.kind() != v1::EVENT_KIND_SUBMISSION_REJECTED) continue;
    ++refusal_records;
    refusal_bytes += bytes.size();
    largest = std::max(largest, bytes.size());
    if (event.has_submission_body()) ++kept_bodies;
    EXPECT_TRUE(event.rejection().body_omitted());
    EXPECT_GT(event.rejection().content_size(), 2 * kCap);  // all counted
  }
  EXPECT_EQ(refusal_records, kRefusals);  // one record each, no more
  EXPECT_EQ(kept_bodies, 0);
  EXPECT_LE(largest, kCap + kRecordOverhead);
  EXPECT_LE(refusal_bytes, kRefusals * (kCap + kRecordOverhead));
  std::sort(other_ms.begin(), other_ms.end());
  std::printf(
      "flood: %d refusals in %.1f s; log grew %zu bytes for them (%.0f per "
      "refusal, largest %zu, cap %zu + %zu); another department: %d accepted, "
      "median %.2f ms, p99 %.2f ms\n",
      kRefusals, seconds, refusal_bytes,
      static_cast<double>(refusal_bytes) / kRefusals, largest, kCap,
      kRecordOverhead, other_accepted.load(), other_ms[other_ms.size() / 2],
      other_ms[other_ms.size() * 99 / 100]);
}

}  // namespace
}  // namespace hostile
}  // namespace hub
