// Mutual TLS: the principal is the client certificate's common name, and a
// server without TLS refuses to start unless the demo flag says otherwise.
#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/hubd_process.h"

namespace hub {
namespace e2e {
namespace {

using ::testing::HasSubstr;

class TlsE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = UniqueTestDir(::testing::TempDir(), "tls_e2e");
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    certs_ = dir_ + "/certs";
    CommandResult gen = HubdProcess::Run(
        std::string(GEN_CERTS_PATH) + " " + certs_ +
        " 127.0.0.1 reform_office@350400 finance@350400 analyst@350400");
    ASSERT_EQ(gen.exit_code, 0) << gen.output;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<std::string> TlsArgs() {
    return {"--tls_cert=" + certs_ + "/server.pem",
            "--tls_key=" + certs_ + "/server.key",
            "--tls_client_ca=" + certs_ + "/ca.pem"};
  }
  // hubctl flags presenting principal's certificate; --as is ignored under
  // TLS, so it is set to something else to prove the certificate wins.
  std::string As(const std::string& principal) {
    return " --tls_cert=" + certs_ + "/" + principal +
           ".pem --tls_key=" + certs_ + "/" + principal +
           ".key --tls_ca=" + certs_ + "/ca.pem ";
  }

  std::string dir_, certs_;
};

TEST_F(TlsE2eTest, IdentityComesFromTheClientCertificate) {
  HubdProcess hubd(dir_ + "/db");
  ASSERT_TRUE(hubd.Start(TlsArgs())) << hubd.log();
  CommandResult load =
      hubd.Hubctl("finance@350400",
                  As("reform_office@350400") + "catalog load " + CATALOG_DIR);
  ASSERT_EQ(load.exit_code, 0) << load.output;

  std::string file = dir_ + "/sub.json";
  std::ofstream(file) << R"({"submissionId": "tls-1", "department": "finance",
    "items": [{"indicatorValue": {"indicatorCode": "resident_insurance_subsidy_per_person",
    "regionCode": "350424", "period": "2024", "value": "670.00", "unit": "元/人"}}]})";
  // The header claims finance, the certificate says analyst: refused.
  CommandResult denied =
      hubd.Hubctl("finance@350400", As("analyst@350400") + "submit " + file);
  EXPECT_EQ(denied.exit_code, 1);
  EXPECT_THAT(denied.output,
              HasSubstr("analyst@350400 (analyst) may not submit"));
  CommandResult ok =
      hubd.Hubctl("analyst@350400", As("finance@350400") + "submit " + file);
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_THAT(ok.output, HasSubstr("tls-1: accepted"));

  // A plaintext client gets nowhere.
  CommandResult plain = hubd.Hubctl("finance@350400", "list");
  EXPECT_NE(plain.exit_code, 0);
  EXPECT_EQ(hubd.Stop(SIGTERM), 0);
}

TEST_F(TlsE2eTest, WithoutTlsOrTheDemoFlagHubdRefusesToStart) {
  HubdProcess hubd(dir_ + "/db2");
  EXPECT_FALSE(hubd.Start({}));
  EXPECT_EQ(hubd.exit_status(), 1);
  EXPECT_THAT(hubd.log(),
              HasSubstr("mutual TLS needs --tls_cert, --tls_key and "
                        "--tls_client_ca; for a local demo only, pass "
                        "--insecure_demo_auth"));
}

// The demo clock lets any caller set the transaction time: hubd refuses it
// outside the local demo mode, and says so loudly when it is on.
TEST_F(TlsE2eTest, TheDemoClockNeedsTheDemoAuthAndIsAnnounced) {
  HubdProcess refused(dir_ + "/db3");
  EXPECT_FALSE(refused.Start({"--demo_clock"}));
  EXPECT_EQ(refused.exit_status(), 1);
  EXPECT_THAT(refused.log(),
              HasSubstr("--demo_clock lets callers set the hub's "
                        "transaction time and is for a local demo only: it "
                        "needs --insecure_demo_auth"));
  HubdProcess demo(dir_ + "/db4");
  ASSERT_TRUE(demo.Start({"--insecure_demo_auth", "--demo_clock"}));
  EXPECT_THAT(demo.log(), HasSubstr("\"level\":\"warn\""));
  EXPECT_THAT(demo.log(), HasSubstr("DEMO CLOCK: any caller may set the "
                                    "transaction time"));
  EXPECT_EQ(demo.Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace e2e
}  // namespace hub
