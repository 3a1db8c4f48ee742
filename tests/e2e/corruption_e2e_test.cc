// A flipped byte in the middle of the write-ahead log, as issue 13 found it:
// hubd refuses to start instead of silently dropping the acknowledged
// history after it; with --wal_recovery=salvage it starts, says what it
// dropped, sees that the log went backwards against the checkpoint it kept
// on disk, and refuses writes (reads go on) until the operator accepts.
#include <filesystem>
#include <fstream>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/hubd_process.h"

namespace hub {
namespace e2e {
namespace {

using ::testing::HasSubstr;

// Offsets of the write batches in a write-ahead log: the records of type
// full (1) or first fragment (2); a record never crosses a 32 KiB block.
std::vector<uint64_t> BatchOffsets(const std::string& data) {
  std::vector<uint64_t> out;
  uint64_t pos = 0;
  while (pos + 7 <= data.size()) {
    uint64_t left = 32768 - pos % 32768;
    if (left < 7) {
      pos += left;
      continue;
    }
    uint64_t len = static_cast<unsigned char>(data[pos + 4]) |
                   static_cast<unsigned char>(data[pos + 5]) << 8;
    if (len == 0) break;
    if (data[pos + 6] == 1 || data[pos + 6] == 2) out.push_back(pos);
    pos += 7 + len;
  }
  return out;
}

std::string NewestWal(const std::string& dir) {
  std::string newest;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".log" && e.path().string() > newest) {
      newest = e.path().string();
    }
  }
  return newest;
}

class CorruptionE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = UniqueTestDir(::testing::TempDir(), "corruption_e2e");
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    hubd_ = std::make_unique<HubdProcess>(dir_ + "/db");
  }
  void TearDown() override {
    hubd_.reset();
    std::filesystem::remove_all(dir_);
    std::filesystem::remove(dir_ + "/db.log");
    std::filesystem::remove(dir_ + "/db.port");
  }
  CommandResult Submit(int i) {
    std::string path = dir_ + "/sub" + std::to_string(i) + ".json";
    std::ofstream(path)
        << "{\"submissionId\": \"fin-c-" << i << "\", \"department\": "
        << "\"finance\", \"items\": [{\"indicatorValue\": {\"indicatorCode\":"
        << " \"resident_insurance_subsidy_per_person\", \"regionCode\": "
        << "\"350424\", \"period\": \"" << 2000 + i << "\", \"value\": \""
        << 600 + i << ".00\", \"unit\": \"元/人\"}}]}";
    return hubd_->Hubctl("finance@350400", "submit " + path);
  }
  std::string dir_;
  std::unique_ptr<HubdProcess> hubd_;
};

TEST_F(CorruptionE2eTest, MidLogDamageRefusesToStartAndIsNeverSilent) {
  const std::vector<std::string> fast = {"--insecure_demo_auth",
                                         "--checkpoint_interval=20ms"};
  ASSERT_TRUE(hubd_->Start(fast)) << hubd_->log();
  ASSERT_EQ(hubd_
                ->Hubctl("reform_office@350400",
                         std::string("catalog load ") + CATALOG_DIR)
                .exit_code,
            0);
  for (int i = 1; i <= 20; ++i) {
    ASSERT_THAT(Submit(i).output, HasSubstr("accepted")) << i;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // kept
  hubd_->Stop(SIGKILL);  // the log stays in the write-ahead log

  // One flipped byte inside the 10th submission's batch.
  const std::string wal = NewestWal(dir_ + "/db");
  ASSERT_FALSE(wal.empty());
  std::string data;
  {
    std::ifstream in(wal, std::ios::binary);
    data.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::vector<uint64_t> batches = BatchOffsets(data);
  // The format version stamped on the new store (hub/schema), the log's
  // crypto suite recorded on it (hub/log), the catalog, then one per
  // submission.
  ASSERT_EQ(batches.size(), 23u);
  data[batches[12] + 7 + 20] ^= 0x5a;
  std::ofstream(wal, std::ios::binary | std::ios::trunc) << data;

  // Refuses to start, twice (refusing changed nothing).
  for (int attempt = 0; attempt < 2; ++attempt) {
    EXPECT_FALSE(hubd_->Start(fast));
    EXPECT_EQ(hubd_->exit_status(), 1);
  }
  const std::string refused = hubd_->log();
  EXPECT_THAT(refused, HasSubstr("refusing to open the store"));
  EXPECT_THAT(refused, HasSubstr("damaged in the middle: checksum mismatch"));
  EXPECT_THAT(refused, HasSubstr("10 intact write batches"));
  EXPECT_THAT(refused, HasSubstr("--wal_recovery=salvage"));

  // The operator salvages: hubd says what it dropped and that the log went
  // backwards, and refuses writes while serving reads.
  std::vector<std::string> salvage = fast;
  salvage.push_back("--wal_recovery=salvage");
  ASSERT_TRUE(hubd_->Start(salvage)) << hubd_->log();
  const std::string log = hubd_->log();
  EXPECT_THAT(log, HasSubstr("\"salvaged\":true"));
  EXPECT_THAT(log, HasSubstr("\"dropped_batches\":10"));
  EXPECT_THAT(log, HasSubstr("\"outcome\":\"went_backwards\""));
  CommandResult write = Submit(21);
  EXPECT_NE(write.exit_code, 0);
  EXPECT_THAT(write.output, HasSubstr("writes refused: the change log went "
                                      "backwards"));
  EXPECT_THAT(hubd_->Hubctl("auditor@350400", "log verify").output,
              HasSubstr("chain OK"));
  EXPECT_THAT(hubd_->Hubctl("operator@350400", "admin status").output,
              HasSubstr("REFUSED"));
  EXPECT_THAT(hubd_->Hubctl("analyst@350400", "admin status").output,
              HasSubstr("PERMISSION_DENIED"));

  // The operator decides to go on from the salvaged log.
  CommandResult accept = hubd_->Hubctl(
      "operator@350400",
      "admin accept-rollback --reason 'salvaged after a disk fault'");
  EXPECT_EQ(accept.exit_code, 0) << accept.output;
  EXPECT_THAT(accept.output, HasSubstr("rollback accepted"));
  EXPECT_THAT(Submit(21).output, HasSubstr("accepted"));
  EXPECT_EQ(hubd_->Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace e2e
}  // namespace hub
