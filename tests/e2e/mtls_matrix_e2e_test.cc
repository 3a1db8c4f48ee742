// Over real mutual TLS on 127.0.0.1 (the hubd binary, certificates from
// tools/gen_certs.sh): each principal can do exactly what the access policy
// lets it, every other call is refused PERMISSION_DENIED and logged (the log
// grows by one refusal record), and a certificate from another CA, an
// expired certificate and no certificate are refused at the handshake.
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "hub/v1/admin.grpc.pb.h"
#include "hub/v1/audit.grpc.pb.h"
#include "hub/v1/hub_service.grpc.pb.h"
#include "hub/v1/stewardship.grpc.pb.h"
#include "tests/e2e/hubd_process.h"

namespace hub {
namespace e2e {
namespace {

const char* const kPrincipals[] = {"reform_office@350400",     "finance@350400",
                                   "medical_insurance@350400", "finance@411300",
                                   "analyst@350400",           "auditor@350400",
                                   "operator@350400"};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class MtlsMatrixTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(UniqueTestDir(::testing::TempDir(), "mtls_matrix"));
    std::filesystem::remove_all(*dir_);
    std::filesystem::create_directories(*dir_);
    std::string principals;
    for (const char* p : kPrincipals) principals += std::string(" ") + p;
    CommandResult gen =
        HubdProcess::Run(std::string(GEN_CERTS_PATH) + " " + *dir_ +
                         "/certs 127.0.0.1" + principals);
    ASSERT_EQ(gen.exit_code, 0) << gen.output;
    // Another CA's certificate for the same name.
    gen = HubdProcess::Run(std::string(GEN_CERTS_PATH) + " " + *dir_ +
                           "/other 127.0.0.1 finance@350400");
    ASSERT_EQ(gen.exit_code, 0) << gen.output;
    // A certificate of the right CA that expired in 2020.
    gen = HubdProcess::Run(
        "cd " + *dir_ +
        "/certs && touch index.txt && echo 1000 > serial && "
        "printf '[ca]\\ndefault_ca=d\\n[d]\\ndatabase=index.txt\\n"
        "new_certs_dir=.\\nserial=serial\\ndefault_md=sha256\\npolicy=p\\n"
        "[p]\\ncommonName=supplied\\n[x]\\nextendedKeyUsage=clientAuth\\n' "
        "> ca.cnf && openssl req -newkey rsa:2048 -nodes "
        "-subj /CN=finance@350400 -keyout expired.key -out expired.csr "
        "2>/dev/null && openssl ca -batch -config ca.cnf -cert ca.pem "
        "-keyfile ca.key -in expired.csr -out expired.pem -extensions x "
        "-startdate 20200101000000Z -enddate 20200102000000Z -notext "
        "2>&1");
    ASSERT_EQ(gen.exit_code, 0) << gen.output;
    hubd_ = new HubdProcess(*dir_ + "/db");
    const std::string c = *dir_ + "/certs/";
    ASSERT_TRUE(hubd_->Start({"--tls_cert=" + c + "server.pem",
                              "--tls_key=" + c + "server.key",
                              "--tls_client_ca=" + c + "ca.pem"}))
        << hubd_->log();
  }
  static void TearDownTestSuite() {
    if (hubd_ != nullptr) EXPECT_EQ(hubd_->Stop(SIGTERM), 0);
    delete hubd_;
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }

  // A channel presenting cert/key (empty: no client certificate), trusting
  // the hub's CA.
  static std::shared_ptr<grpc::Channel> Channel(const std::string& cert,
                                                const std::string& key) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadAll(*dir_ + "/certs/ca.pem");
    if (!cert.empty()) {
      ssl.pem_cert_chain = ReadAll(cert);
      ssl.pem_private_key = ReadAll(key);
    }
    grpc::ChannelArguments args;
    args.SetInt("grpc.testing.fixed_reconnect_backoff_ms", 100);
    return grpc::CreateCustomChannel(hubd_->address(),
                                     grpc::SslCredentials(ssl), args);
  }
  // One channel per principal (one TLS handshake each).
  static std::shared_ptr<grpc::Channel> As(const std::string& principal) {
    static auto* channels =
        new std::map<std::string, std::shared_ptr<grpc::Channel>>;
    auto& channel = (*channels)[principal];
    if (channel == nullptr) {
      const std::string base = *dir_ + "/certs/" + principal;
      channel = Channel(base + ".pem", base + ".key");
    }
    return channel;
  }
  static void Deadline(grpc::ClientContext* ctx) {
    ctx->set_deadline(std::chrono::system_clock::now() +
                      std::chrono::seconds(20));
  }
  static uint64_t LogHead() {
    grpc::ClientContext ctx;
    Deadline(&ctx);
    v1::HubStatus status;
    grpc::Status s = v1::AdminService::NewStub(As("operator@350400"))
                         ->GetStatus(&ctx, v1::GetStatusRequest(), &status);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return status.log_head_sequence();
  }

  static std::string* dir_;
  static HubdProcess* hubd_;
};

std::string* MtlsMatrixTest::dir_ = nullptr;
HubdProcess* MtlsMatrixTest::hubd_ = nullptr;

using Rpc = std::function<grpc::Status(std::shared_ptr<grpc::Channel>,
                                       grpc::ClientContext*, int)>;

v1::Submission Subsidy(const std::string& department, int n) {
  v1::Submission s;
  s.set_submission_id("mtls-" + department + "-" + std::to_string(n));
  s.set_department(department);
  s.set_source_system("mtls");
  s.set_adapter("canonical");
  auto* v = s.add_items()->mutable_indicator_value();
  v->set_indicator_code("resident_insurance_subsidy_per_person");
  v->set_region_code("350424");
  v->set_period("2024");
  v->set_value(std::to_string(600 + n) + ".00");
  v->set_unit("元/人");
  return s;
}

struct Action {
  const char* name;
  Rpc rpc;
  std::vector<const char*> allowed;  // every other principal is refused
};

const std::vector<Action>& Actions() {
  static const auto* actions = new std::vector<Action>{
      {"submit finance's figure for 宁化县",
       [](auto ch, auto* ctx, int n) {
         v1::SubmitRequest r;
         *r.mutable_submission() = Subsidy("finance", n);
         v1::SubmitResponse out;
         return v1::SubmissionService::NewStub(ch)->Submit(ctx, r, &out);
       },
       {"finance@350400"}},
      {"submit medical_insurance's figure for 宁化县",
       [](auto ch, auto* ctx, int n) {
         v1::SubmitRequest r;
         *r.mutable_submission() = Subsidy("medical_insurance", n);
         v1::SubmitResponse out;
         return v1::SubmissionService::NewStub(ch)->Submit(ctx, r, &out);
       },
       {"medical_insurance@350400"}},
      {"read the records of 三明市",
       [](auto ch, auto* ctx, int) {
         v1::ListRecordsRequest r;
         r.set_region_code("350400");
         v1::ListRecordsResponse out;
         return v1::RecordService::NewStub(ch)->ListRecords(ctx, r, &out);
       },
       {"reform_office@350400", "finance@350400", "medical_insurance@350400",
        "analyst@350400", "auditor@350400"}},
      {"verify the chain",
       [](auto ch, auto* ctx, int) {
         v1::VerifyChainResponse out;
         return v1::LogService::NewStub(ch)->VerifyChain(
             ctx, v1::VerifyChainRequest(), &out);
       },
       {"reform_office@350400", "auditor@350400"}},
      {"edit 三明市's plan",
       [](auto ch, auto* ctx, int n) {
         v1::Catalog seed;
         EXPECT_TRUE(
             google::protobuf::util::JsonStringToMessage(
                 ReadAll(std::string(CATALOG_DIR) + "/plan_sm2024.json"), &seed)
                 .ok());
         v1::UpdateCatalogRequest r;
         *r.mutable_catalog()->add_plans() = seed.plans(0);
         r.mutable_catalog()->mutable_plans(0)->set_title(
             seed.plans(0).title() + "（第" + std::to_string(n) + "稿）");
         v1::UpdateCatalogResponse out;
         return v1::CatalogService::NewStub(ch)->UpdateCatalog(ctx, r, &out);
       },
       {"reform_office@350400"}},
      {"lock 三明市's 2023",
       [](auto ch, auto* ctx, int) {
         v1::PeriodRequest r;
         r.set_region_code("350400");
         r.set_period("2023");
         r.set_reason("年报已审定");
         v1::PeriodLock out;
         return v1::StewardshipService::NewStub(ch)->LockPeriod(ctx, r, &out);
       },
       {"reform_office@350400"}},
      {"hub status",
       [](auto ch, auto* ctx, int) {
         v1::HubStatus out;
         return v1::AdminService::NewStub(ch)->GetStatus(
             ctx, v1::GetStatusRequest(), &out);
       },
       {"operator@350400"}},
      {"signed checkpoint",
       [](auto ch, auto* ctx, int) {
         v1::SignedCheckpoint out;
         return v1::AuditService::NewStub(ch)->GetCheckpoint(
             ctx, v1::GetCheckpointRequest(), &out);
       },
       {"reform_office@350400", "finance@350400", "medical_insurance@350400",
        "finance@411300", "analyst@350400", "auditor@350400",
        "operator@350400"}},
  };
  return *actions;
}

TEST_F(MtlsMatrixTest, EachPrincipalDoesExactlyWhatItMayAndTheRestIsLogged) {
  // The catalog first, as the province's reform office would (its
  // certificate is not in the matrix: the setup's).
  CommandResult load = hubd_->Hubctl(
      "analyst@350400",
      " --tls_cert=" + *dir_ + "/certs/reform_office@350400.pem" +
          " --tls_key=" + *dir_ + "/certs/reform_office@350400.key" +
          " --tls_ca=" + *dir_ + "/certs/ca.pem catalog load " + CATALOG_DIR);
  ASSERT_EQ(load.exit_code, 0) << load.output;
  int n = 0;
  for (const Action& action : Actions()) {
    for (const char* principal : kPrincipals) {
      SCOPED_TRACE(std::string(action.name) + " as " + principal);
      const bool allowed =
          std::find_if(action.allowed.begin(), action.allowed.end(),
                       [&](const char* a) {
                         return std::string(a) == principal;
                       }) != action.allowed.end();
      const uint64_t before = LogHead();
      grpc::ClientContext ctx;
      Deadline(&ctx);
      grpc::Status s = action.rpc(As(principal), &ctx, ++n);
      const uint64_t after = LogHead();
      if (allowed) {
        EXPECT_TRUE(s.ok()) << s.error_code() << " " << s.error_message();
      } else {
        EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << s.error_message();
        EXPECT_THAT(s.error_message(),
                    ::testing::HasSubstr(std::string(principal) + " ("));
        EXPECT_EQ(after, before + 1) << "the refusal is logged";
      }
    }
  }
}

grpc::Status Handshake(std::shared_ptr<grpc::Channel> channel) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  v1::SignedCheckpoint out;
  return v1::AuditService::NewStub(channel)->GetCheckpoint(
      &ctx, v1::GetCheckpointRequest(), &out);
}

TEST_F(MtlsMatrixTest, ForeignExpiredAndMissingCertificatesFailTheHandshake) {
  const uint64_t before = LogHead();
  const std::string other = *dir_ + "/other/finance@350400";
  grpc::Status foreign = Handshake(Channel(other + ".pem", other + ".key"));
  const std::string expired = *dir_ + "/certs/expired";
  grpc::Status old = Handshake(Channel(expired + ".pem", expired + ".key"));
  grpc::Status none = Handshake(Channel("", ""));
  for (const grpc::Status* s : {&foreign, &old, &none}) {
    EXPECT_EQ(s->error_code(), grpc::StatusCode::UNAVAILABLE)
        << s->error_message();
  }
  // The server never saw a call: nothing logged; the hub still serves.
  EXPECT_EQ(LogHead(), before);
  EXPECT_TRUE(Handshake(As("finance@350400")).ok());
}

}  // namespace
}  // namespace e2e
}  // namespace hub
