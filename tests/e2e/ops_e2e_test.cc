// Operations end to end on the real hubd: the request id in and out of
// every call and on the operator's log; a graceful shutdown under load that
// keeps every acknowledged submission and says what it did; online backup
// and restore through hubctl.
#include <filesystem>
#include <fstream>
#include <future>
#include <regex>
#include <set>
#include <thread>

#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "hub/v1/hub_service.grpc.pb.h"
#include "tests/e2e/hubd_process.h"

namespace hub {
namespace e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

class OpsE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = UniqueTestDir(::testing::TempDir(), "ops_e2e");
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    hubd_ = std::make_unique<HubdProcess>(dir_ + "/db");
  }
  void TearDown() override {
    hubd_.reset();
    std::filesystem::remove_all(dir_);
    for (const char* ext : {".log", ".port"}) {
      std::filesystem::remove(dir_ + "/db" + ext);
      std::filesystem::remove(dir_ + "/restored" + ext);
    }
  }
  void LoadCatalog(HubdProcess& h) {
    ASSERT_EQ(h.Hubctl("reform_office@350400",
                       std::string("catalog load ") + CATALOG_DIR)
                  .exit_code,
              0);
  }
  // n submissions of finance's subsidy, one per JSON line.
  std::string Submissions(int n) {
    std::string path = dir_ + "/subs.jsonl";
    std::ofstream out(path);
    for (int i = 0; i < n; ++i) {
      out << "{\"submissionId\": \"fin-sd-" << i << "\", \"department\": "
          << "\"finance\", \"items\": [{\"indicatorValue\": {\"indicatorCode\":"
          << " \"resident_insurance_subsidy_per_person\", \"regionCode\": \""
          << (i % 2 ? "350424" : "350425") << "\", \"period\": \""
          << 1990 + i % 36 << "\", \"value\": \"6" << i % 100 / 10 << i % 10
          << ".00\", \"unit\": \"元/人\"}}]}\n";
    }
    return path;
  }
  std::string dir_;
  std::unique_ptr<HubdProcess> hubd_;
};

TEST_F(OpsE2eTest, RequestIdComesBackAndIsOnTheLog) {
  ASSERT_TRUE(hubd_->Start()) << hubd_->log();
  LoadCatalog(*hubd_);  // an auditor's jurisdiction must be a known region
  {
    auto channel = grpc::CreateChannel(hubd_->address(),
                                       grpc::InsecureChannelCredentials());
    auto stub = v1::LogService::NewStub(channel);
    v1::ListEventsRequest request;
    v1::ListEventsResponse response;
    {
      grpc::ClientContext ctx;
      ctx.AddMetadata("x-hub-principal", "auditor@350400");
      ctx.AddMetadata("x-request-id", "req-e2e-42");
      ctx.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));  // hubd requires one
      grpc::Status listed = stub->ListEvents(&ctx, request, &response);
      ASSERT_TRUE(listed.ok())
          << listed.error_code() << " " << listed.error_message();
      auto md = ctx.GetServerInitialMetadata();
      auto it = md.find("x-request-id");
      ASSERT_NE(it, md.end());
      EXPECT_EQ(std::string(it->second.data(), it->second.size()),
                "req-e2e-42");
    }
    {
      grpc::ClientContext ctx;  // refused, and still answered with the id
      ctx.AddMetadata("x-hub-principal", "analyst@350400");
      ctx.AddMetadata("x-request-id", "req-e2e-43");
      ctx.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
      grpc::Status s = stub->ListEvents(&ctx, request, &response);
      EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
      auto md = ctx.GetServerInitialMetadata();
      auto it = md.find("x-request-id");
      ASSERT_NE(it, md.end());
      EXPECT_EQ(std::string(it->second.data(), it->second.size()),
                "req-e2e-43");
    }
    {
      grpc::ClientContext ctx;  // no id: hubd makes one up
      ctx.AddMetadata("x-hub-principal", "auditor@350400");
      ctx.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
      grpc::Status listed = stub->ListEvents(&ctx, request, &response);
      ASSERT_TRUE(listed.ok())
          << listed.error_code() << " " << listed.error_message();
      auto md = ctx.GetServerInitialMetadata();
      auto it = md.find("x-request-id");
      ASSERT_NE(it, md.end());
      EXPECT_THAT(std::string(it->second.data(), it->second.size()),
                  MatchesRegex("[0-9a-f]{16}"));
    }
  }  // the channel closes before hubd stops
  EXPECT_EQ(hubd_->Stop(SIGTERM), 0);
  const std::string log = hubd_->log();
  EXPECT_THAT(log, HasSubstr("\"event\":\"rpc\",\"method\":\"/hub.v1."
                             "LogService/ListEvents\",\"principal\":\"auditor@"
                             "350400\",\"request_id\":\"req-e2e-42\",\"code\":"
                             "\"OK\",\"outcome\":\"ok\",\"duration_ms\":"));
  EXPECT_THAT(log, HasSubstr("\"principal\":\"analyst@350400\",\"request_id\":"
                             "\"req-e2e-43\",\"code\":\"PERMISSION_DENIED\","
                             "\"outcome\":\"refused\""));
  EXPECT_THAT(log, HasSubstr("\"reason\":\"permission_denied\""));
  EXPECT_THAT(log, HasSubstr("\"event\":\"stopped\""));
}

TEST_F(OpsE2eTest, GracefulShutdownKeepsEveryAcknowledgedSubmission) {
  ASSERT_TRUE(hubd_->Start()) << hubd_->log();
  LoadCatalog(*hubd_);
  const std::string file = Submissions(1500);
  auto streaming = std::async(std::launch::async, [&] {
    return hubd_->Hubctl("finance@350400", "submit " + file);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_EQ(hubd_->Stop(SIGTERM), 0);
  CommandResult first = streaming.get();
  std::set<std::string> accepted;
  std::regex line("(fin-sd-[0-9]+): accepted");
  for (std::sregex_iterator it(first.output.begin(), first.output.end(), line),
       end;
       it != end; ++it) {
    accepted.insert((*it)[1]);
  }
  EXPECT_GT(accepted.size(), 0u) << first.output.substr(0, 2000);
  const std::string log = hubd_->log();
  EXPECT_THAT(log, HasSubstr("\"event\":\"shutdown_started\",\"signal\":15"));
  EXPECT_THAT(log, HasSubstr("\"event\":\"shutdown\",\"signal\":15,"
                             "\"calls_in_flight_at_signal\":"));
  EXPECT_THAT(log, HasSubstr("\"memtables_flushed\":true"));

  ASSERT_TRUE(hubd_->Start()) << hubd_->log();
  CommandResult again = hubd_->Hubctl("finance@350400", "submit " + file);
  for (const std::string& id : accepted) {
    EXPECT_THAT(again.output, HasSubstr(id + ": accepted earlier at")) << id;
  }
}

TEST_F(OpsE2eTest, BackupAndRestoreWithHubctl) {
  ASSERT_TRUE(
      hubd_->Start({"--insecure_demo_auth", "--backup_dir=" + dir_ + "/backups",
                    "--backup_signing_key"}))
      << hubd_->log();
  LoadCatalog(*hubd_);
  ASSERT_THAT(
      hubd_->Hubctl("finance@350400", "submit " + Submissions(5)).output,
      HasSubstr("fin-sd-4: accepted"));
  CommandResult backup = hubd_->Hubctl("operator@350400", "backup");
  EXPECT_EQ(backup.exit_code, 0) << backup.output;
  EXPECT_THAT(backup.output, MatchesRegex("backup 1: [0-9]+ files, [0-9]+ "
                                          "bytes, at least 11 log events, in "
                                          "[0-9.]+ s\n"));
  EXPECT_THAT(hubd_->Hubctl("operator@350400", "backups").output,
              HasSubstr(dir_ + "/backups"));
  EXPECT_THAT(hubd_->Hubctl("analyst@350400", "backup").output,
              HasSubstr("the admin service is for operators"));
  CommandResult head = hubd_->Hubctl("operator@350400", "admin status");
  // 11 events and the analyst's refused backup call (logged, issue 12).
  EXPECT_THAT(head.output, HasSubstr("log head     12 "));
  EXPECT_EQ(hubd_->Stop(SIGTERM), 0);

  const std::string restore_cmd = std::string(HUBD_PATH) +
                                  " --restore_from=" + dir_ + "/backups" +
                                  " --data_dir=" + dir_ + "/restored";
  CommandResult restore = HubdProcess::Run(restore_cmd);
  EXPECT_EQ(restore.exit_code, 0) << restore.output;
  EXPECT_THAT(restore.output, HasSubstr("\"event\":\"restored\""));
  EXPECT_THAT(restore.output, HasSubstr("\"log_head\":11,"));
  EXPECT_THAT(restore.output,
              HasSubstr("\"chain_ok\":true,\"events_checked\":11,"));
  EXPECT_THAT(restore.output, HasSubstr("\"extra_files\":2"));
  CommandResult twice = HubdProcess::Run(restore_cmd);
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_THAT(twice.output, HasSubstr("is not empty"));

  HubdProcess restored(dir_ + "/restored");
  ASSERT_TRUE(restored.Start()) << restored.log();
  EXPECT_THAT(restored
                  .Hubctl("analyst@350400",
                          "get indicator resident_insurance_subsidy_per_"
                          "person 350424 1991")
                  .output,
              HasSubstr("601.00"));
  EXPECT_THAT(restored.Hubctl("auditor@350400", "log verify").output,
              HasSubstr("chain OK"));
  std::ifstream a(dir_ + "/db-keys/audit_ed25519.pem.pub"),
      b(dir_ + "/restored-keys/audit_ed25519.pem.pub");
  std::string ka((std::istreambuf_iterator<char>(a)), {}),
      kb((std::istreambuf_iterator<char>(b)), {});
  EXPECT_FALSE(ka.empty());
  EXPECT_EQ(ka, kb) << "the restored hub signs with another key";
  EXPECT_EQ(restored.Stop(SIGTERM), 0);
}

// The operations on a hub whose log uses SM3 and SM2: the checkpoint kept
// outside the store names the suite, a backup restores with the suite the
// log records and its SM2 key, and the operator's commands read in Chinese.
TEST_F(OpsE2eTest, Sm3Sm2HubKeepsBacksUpAndRestoresItsSuite) {
  ASSERT_TRUE(hubd_->Start({"--insecure_demo_auth", "--log_crypto=sm3-sm2",
                            "--checkpoint_interval=20ms",
                            "--backup_dir=" + dir_ + "/backups",
                            "--backup_signing_key"}))
      << hubd_->log();
  LoadCatalog(*hubd_);
  ASSERT_THAT(
      hubd_->Hubctl("finance@350400", "submit " + Submissions(5)).output,
      HasSubstr("fin-sd-4: accepted"));
  CommandResult status =
      hubd_->Hubctl("operator@350400", "--lang zh admin status");
  EXPECT_EQ(status.exit_code, 0) << status.output;
  EXPECT_THAT(status.output, HasSubstr("日志头：    11 "));
  EXPECT_THAT(status.output, HasSubstr("日志密码：  sm3-sm2\n"));
  EXPECT_THAT(status.output, HasSubstr("写入：      接受\n"));
  EXPECT_THAT(hubd_->Hubctl("operator@350400", "admin status").output,
              HasSubstr("log crypto   sm3-sm2\n"));
  CommandResult backup = hubd_->Hubctl("operator@350400", "--lang zh backup");
  EXPECT_EQ(backup.exit_code, 0) << backup.output;
  EXPECT_THAT(backup.output, MatchesRegex("备份 1：[0-9]+ 个文件，[0-9]+ "
                                          "字节，至少含 11 条日志事件，用时 "
                                          "[0-9.]+ 秒\n"));
  EXPECT_THAT(hubd_->Hubctl("operator@350400", "--lang zh backups").output,
              HasSubstr("日志事件（至少）"));
  EXPECT_EQ(hubd_->Stop(SIGTERM), 0);
  std::ifstream kept(dir_ + "/db/checkpoints/latest.checkpoint");
  std::string checkpoint((std::istreambuf_iterator<char>(kept)), {});
  EXPECT_THAT(checkpoint, HasSubstr("reform-hub checkpoint v2\nsuite sm3-sm2\n"
                                    "size 11\n"));

  CommandResult restore =
      HubdProcess::Run(std::string(HUBD_PATH) + " --restore_from=" + dir_ +
                       "/backups" + " --data_dir=" + dir_ + "/restored");
  EXPECT_EQ(restore.exit_code, 0) << restore.output;
  EXPECT_THAT(restore.output, HasSubstr("\"log_crypto\":\"sm3-sm2\""));
  EXPECT_THAT(restore.output,
              HasSubstr("\"chain_ok\":true,\"events_checked\":11,"));
  HubdProcess restored(dir_ + "/restored");
  ASSERT_TRUE(restored.Start()) << restored.log();  // no flag: as recorded
  EXPECT_THAT(restored.Hubctl("auditor@350400", "log verify").output,
              HasSubstr("chain OK: 11 events (sm3-sm2)"));
  std::ifstream a(dir_ + "/db-keys/audit_sm2.pem.pub"),
      b(dir_ + "/restored-keys/audit_sm2.pem.pub");
  std::string ka((std::istreambuf_iterator<char>(a)), {}),
      kb((std::istreambuf_iterator<char>(b)), {});
  EXPECT_FALSE(ka.empty());
  EXPECT_EQ(ka, kb) << "the restored hub signs with another key";
  EXPECT_EQ(restored.Stop(SIGTERM), 0);
}

// A limit of nothing would stop every call: hubd refuses to start on one,
// naming the flag.
TEST_F(OpsE2eTest, ALimitOfZeroIsRefusedAtStartNamingTheFlag) {
  EXPECT_FALSE(hubd_->Start({"--stream_rate_limit=0"}));
  EXPECT_EQ(hubd_->exit_status(), 1);
  EXPECT_THAT(hubd_->log(), HasSubstr("--stream_rate_limit: 0 is not above 0"));
}

}  // namespace
}  // namespace e2e
}  // namespace hub
