// A full disk, for real: hubd's store on a small tmpfs (mounted by the
// test, as root; unmounted however the test ends), filled with a file.
// Writes are refused naming the path and the free bytes, reads go on, hubd
// restarts on the full disk and serves reads, and writes resume by
// themselves once the file is removed. With no reserve, a write that meets
// the full disk waits for space instead of crashing hubd.
#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/hubd_process.h"

namespace hub {
namespace e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

uint64_t FreeBytes(const std::string& path) {
  struct statvfs s;
  if (statvfs(path.c_str(), &s) != 0) return 0;
  return static_cast<uint64_t>(s.f_bfree) * s.f_frsize;
}

class DiskFullE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "mounting a tmpfs needs root";
    mnt_ = UniqueTestDir(::testing::TempDir(), "disk_full_e2e");
    std::filesystem::remove_all(mnt_);
    std::filesystem::create_directories(mnt_);
    ASSERT_EQ(
        HubdProcess::Run("mount -t tmpfs -o size=96m tmpfs " + mnt_).exit_code,
        0);
    mounted_ = true;
    hubd_ = std::make_unique<HubdProcess>(mnt_ + "/db");
  }
  void TearDown() override {
    hubd_.reset();  // SIGKILLs a hubd still running
    if (mounted_) HubdProcess::Run("umount -l " + mnt_);
    std::filesystem::remove_all(mnt_);
    std::filesystem::remove(mnt_ + "/db.log");
    std::filesystem::remove(mnt_ + "/db.port");
  }

  // Fills the disk until `leave` bytes are free.
  void Fill(uint64_t leave) {
    uint64_t free_bytes = FreeBytes(mnt_);
    ASSERT_GT(free_bytes, leave);
    int fd = open((mnt_ + "/filler").c_str(), O_CREAT | O_WRONLY, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(posix_fallocate(fd, 0, static_cast<off_t>(free_bytes - leave)),
              0);
    close(fd);
  }
  void Unfill() { std::filesystem::remove(mnt_ + "/filler"); }

  std::string Submission(const std::string& id, const std::string& value) {
    std::string path = mnt_ + ".sub_" + id + ".json";  // not on the tmpfs
    std::ofstream(path)
        << "{\"submissionId\": \"" << id << "\", \"department\": \"finance\","
        << " \"items\": [{\"indicatorValue\": {\"indicatorCode\":"
        << " \"resident_insurance_subsidy_per_person\", \"regionCode\": "
        << "\"350424\", \"period\": \"" << value.substr(0, 4)
        << "\", \"value\": \"" << value << "\", \"unit\": \"元/人\"}}]}";
    return path;
  }
  CommandResult Submit(const std::string& id, const std::string& value) {
    return hubd_->Hubctl("finance@350400", "submit " + Submission(id, value));
  }
  CommandResult Get(const std::string& period) {
    return hubd_->Hubctl("analyst@350400",
                         "get indicator resident_insurance_subsidy_per_person "
                         "350424 " +
                             period);
  }

  std::string mnt_;
  bool mounted_ = false;
  std::unique_ptr<HubdProcess> hubd_;
};

TEST_F(DiskFullE2eTest, WritesRefusedReadsServedRestartsAndResumes) {
  const std::vector<std::string> args = {
      "--insecure_demo_auth", "--disk_reserve_mb=16", "--max_total_wal_mb=4"};
  ASSERT_TRUE(hubd_->Start(args)) << hubd_->log();
  ASSERT_EQ(hubd_
                ->Hubctl("reform_office@350400",
                         std::string("catalog load ") + CATALOG_DIR)
                .exit_code,
            0);
  CommandResult a = Submit("fin-full-a", "2024.00");
  ASSERT_THAT(a.output, HasSubstr("fin-full-a: accepted")) << a.output;

  Fill(8 << 20);  // 8 MiB free: below the 16 MiB reserve
  CommandResult refused = Submit("fin-full-b", "2025.00");
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.output, HasSubstr("disk full at " + mnt_ + "/db: "));
  EXPECT_THAT(refused.output, HasSubstr("bytes free"));
  EXPECT_THAT(Get("2024").output, HasSubstr("2,024.00"));
  EXPECT_THAT(hubd_->Hubctl("auditor@350400", "log verify").output,
              HasSubstr("chain OK"));

  // hubd restarts on the full disk and serves reads.
  EXPECT_EQ(hubd_->Stop(SIGTERM), 0);
  ASSERT_TRUE(hubd_->Start(args)) << hubd_->log();
  EXPECT_THAT(hubd_->log(), HasSubstr("\"event\":\"disk_full\""));
  EXPECT_THAT(Get("2024").output, HasSubstr("2,024.00"));
  EXPECT_THAT(Submit("fin-full-b", "2025.00").output,
              HasSubstr("disk full at " + mnt_ + "/db: "));
  EXPECT_THAT(hubd_->Hubctl("operator@350400", "admin status").output,
              HasSubstr("read-only: disk full"));

  // Space is freed: writes resume by themselves.
  Unfill();
  CommandResult b = Submit("fin-full-b", "2025.00");
  EXPECT_THAT(b.output, HasSubstr("fin-full-b: accepted")) << b.output;
  EXPECT_THAT(Get("2025").output, HasSubstr("2,025.00"));
  EXPECT_THAT(hubd_->log(), HasSubstr("is writable again"));

  EXPECT_EQ(hubd_->Stop(SIGTERM), 0);
  ASSERT_TRUE(hubd_->Start(args)) << hubd_->log();
  EXPECT_THAT(Get("2024").output, HasSubstr("2,024.00"));
  EXPECT_THAT(Get("2025").output, HasSubstr("2,025.00"));
  EXPECT_THAT(Submit("fin-full-a", "2024.00").output,
              HasSubstr("fin-full-a: accepted earlier at"));
}

TEST_F(DiskFullE2eTest, WithoutReserveAWriteWaitsForSpaceInsteadOfCrashing) {
  const std::vector<std::string> args = {
      "--insecure_demo_auth", "--disk_reserve_mb=0", "--max_total_wal_mb=4"};
  ASSERT_TRUE(hubd_->Start(args)) << hubd_->log();
  ASSERT_EQ(hubd_
                ->Hubctl("reform_office@350400",
                         std::string("catalog load ") + CATALOG_DIR)
                .exit_code,
            0);
  ASSERT_THAT(Submit("fin-wait-a", "2024.00").output, HasSubstr("accepted"));
  // More than the write-ahead log has preallocated (4 MiB), on a disk with
  // no byte free: the appends past it meet the full disk.
  const std::string many = mnt_ + ".many.jsonl";
  {
    std::ofstream out(many);
    for (int i = 0; i < 3000; ++i) {
      out << "{\"submissionId\": \"fin-wait-" << i << "\", \"department\": "
          << "\"finance\", \"items\": [{\"indicatorValue\": {\"indicatorCode"
          << "\": \"resident_insurance_subsidy_per_person\", \"regionCode\": "
          << "\"350425\", \"period\": \"" << 1990 + i % 36 << "\", "
          << "\"value\": \"" << 600 + i % 97 << ".00\", \"unit\": "
          << "\"元/人\"}}]}\n";
    }
  }
  Fill(0);
  auto waiting = std::async(std::launch::async, [&] {
    return hubd_->Hubctl("finance@350400", "submit " + many);
  });
  std::this_thread::sleep_for(std::chrono::seconds(3));
  // hubd is alive, reads go on, and a write waits for space.
  EXPECT_THAT(Get("2024").output, HasSubstr("2,024.00"));
  for (int i = 0; i < 100 && hubd_->log().find("waits for space to be freed") ==
                                 std::string::npos;
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(hubd_->log().find("waits for space to be freed"),
            std::string::npos);
  EXPECT_EQ(waiting.wait_for(std::chrono::seconds(0)),
            std::future_status::timeout)
      << "the writes did not wait for space";
  Unfill();
  CommandResult b = waiting.get();
  EXPECT_EQ(b.exit_code, 0) << b.output.substr(0, 2000);
  EXPECT_NE(b.output.find("fin-wait-2999: accepted"), std::string::npos)
      << b.output.substr(0, 2000);
  EXPECT_EQ(hubd_->Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace e2e
}  // namespace hub
