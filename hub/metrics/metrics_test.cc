// HubMetrics over a real hub on RocksDB: scrape /metrics over HTTP and read
// the exposition text.
#include "hub/metrics/metrics.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/engine/internal/hub_fixture.h"

namespace hub {
namespace {

using ::hub::testing::P;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

std::string HttpGet(int port, const std::string& path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return "";
  }
  std::string request = "GET " + path + " HTTP/1.0\r\nHost: x\r\n\r\n";
  (void)!write(fd, request.data(), request.size());
  std::string out;
  char buf[8192];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, n);
  close(fd);
  return out;
}

v1::Submission Subsidy(const std::string& id, const std::string& department,
                       const std::string& value, const std::string& period) {
  v1::Submission s;
  s.set_submission_id(id);
  s.set_department(department);
  s.set_adapter("canonical");
  auto* v = s.add_items()->mutable_indicator_value();
  v->set_indicator_code("resident_insurance_subsidy_per_person");
  v->set_region_code("350404");
  v->set_period(period);
  v->set_value(value);
  v->set_unit("元/人");
  return s;
}

class MetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/metrics_test_" + std::to_string(getpid());
    std::filesystem::remove_all(dir_);
    HUB_ASSERT_OK_AND_ASSIGN(metrics_, HubMetrics::Start("127.0.0.1:0"));
    RocksDbOptions options;
    options.disk_reserve_bytes = 0;
    HUB_ASSERT_OK_AND_ASSIGN(auto store, RocksDbStore::Open(dir_, options));
    store_ = store.get();
    HubOptions hub_options;
    hub_options.rules = *NewBuiltinRuleRegistry();
    hub_options.listeners.push_back(metrics_.get());
    HUB_ASSERT_OK_AND_ASSIGN(hub_, Hub::Open(std::move(store), hub_options));
    metrics_->SetSources(hub_.get(), store_);
    HUB_ASSERT_OK(
        hub_->UpdateCatalog(P("reform_office@350400"), testing::SeedCatalog())
            .status());
  }
  void TearDown() override {
    metrics_->SetSources(nullptr, nullptr);
    hub_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string dir_;
  std::unique_ptr<HubMetrics> metrics_;
  RocksDbStore* store_ = nullptr;
  std::unique_ptr<Hub> hub_;
};

TEST_F(MetricsTest, ScrapeShowsSubmissionsRefusalsConflictsAndTheStore) {
  ASSERT_GT(metrics_->port(), 0);
  const Principal finance = P("finance@350400");
  HUB_ASSERT_OK(
      hub_->Submit(finance, Subsidy("f1", "finance", "670.00", "2024"), false)
          .status());
  HUB_ASSERT_OK(hub_->Submit(finance,
                             Subsidy("f1", "finance", "670.00", "2024"),
                             false)
                    .status());  // a retry: replayed
  EXPECT_FALSE(
      hub_->Submit(finance, Subsidy("f2", "finance", "1", "2024-13"), false)
          .ok());
  HUB_ASSERT_OK(
      hub_->Submit(P("medical_insurance@350400"),
                   Subsidy("m1", "medical_insurance", "640.00", "2024"), false)
          .status());
  metrics_->ObserveRpc("/hub.v1.RecordService/GetRecord",
                       absl::StatusCode::kPermissionDenied, 0.002);
  metrics_->ObserveRpc("/hub.v1.SubmissionService/Submit",
                       absl::StatusCode::kInvalidArgument, 0.003);

  const std::string text = HttpGet(metrics_->port(), "/metrics");
  ASSERT_THAT(text, HasSubstr("200 OK"));
  EXPECT_THAT(text, HasSubstr("hub_submissions_total{department=\"finance\","
                              "outcome=\"accepted\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("hub_submissions_total{department=\"finance\","
                              "outcome=\"replayed\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("hub_submissions_total{department=\"finance\","
                              "outcome=\"invalid_argument\"} 1\n"));
  EXPECT_THAT(
      text, HasSubstr("hub_submissions_total{department=\"medical_insurance\","
                      "outcome=\"accepted\"} 1\n"));
  // The refused submission once (by the hub), the refused read once (by
  // the call); the refused Submit call is not counted twice.
  EXPECT_THAT(text,
              HasSubstr("hub_refusals_total{reason=\"invalid_argument\"} 1\n"));
  EXPECT_THAT(
      text, HasSubstr("hub_refusals_total{reason=\"permission_denied\"} 1\n"));
  EXPECT_THAT(text,
              HasSubstr("hub_rpc_total{code=\"PERMISSION_DENIED\","
                        "method=\"/hub.v1.RecordService/GetRecord\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("hub_rpc_duration_seconds_count{method=\"/hub.v1."
                              "RecordService/GetRecord\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("hub_open_conflicts 1\n"));  // 670 vs 640
  EXPECT_THAT(text, HasSubstr(absl::StrCat("hub_log_head_sequence ",
                                           hub_->head().sequence, "\n")));
  EXPECT_THAT(text, HasSubstr("hub_writes_refused 0\n"));
  EXPECT_THAT(text, HasSubstr("hub_store_read_only 0\n"));
  EXPECT_THAT(
      text,
      MatchesRegex("(.|\n)*hub_commit_group_size_count [1-9][0-9]*\n(.|\n)*"));
  EXPECT_THAT(
      text,
      MatchesRegex("(.|\n)*hub_wal_sync_seconds_count [1-9][0-9]*\n(.|\n)*"));
  EXPECT_THAT(
      text,
      MatchesRegex("(.|\n)*hub_commit_seconds_count [1-9][0-9]*\n(.|\n)*"));
  EXPECT_THAT(
      text,
      MatchesRegex("(.|\n)*hub_rocksdb_wal_syncs_total [1-9][0-9]*\n(.|\n)*"));
  EXPECT_THAT(
      text, MatchesRegex("(.|\n)*hub_disk_free_bytes [1-9][0-9.e+]*\n(.|\n)*"));
  EXPECT_THAT(text, HasSubstr("hub_rocksdb_live_wal_bytes"));
}

TEST(MetricsStartTest, ATakenPortIsUnavailable) {
  HUB_ASSERT_OK_AND_ASSIGN(auto first, HubMetrics::Start("127.0.0.1:0"));
  auto second = HubMetrics::Start(absl::StrCat("127.0.0.1:", first->port()));
  EXPECT_THAT(
      second.status(),
      testing::StatusIs(absl::StatusCode::kUnavailable,
                        HasSubstr("metrics: cannot listen on 127.0.0.1:")));
}

}  // namespace
}  // namespace hub
