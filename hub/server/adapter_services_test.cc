// The department adapter services over real gRPC on 127.0.0.1:0: native
// report in, canonical receipt out; bad rows come back as INVALID_ARGUMENT
// with one BadRequest field violation per problem.
#include "hub/server/adapter_services.h"

#include <chrono>
#include <iostream>

#include "adapters/builtin.h"
#include "gmock/gmock.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/engine/internal/test_fixtures.h"
#include "hub/server/server.h"
#include "hub/store/store.h"

namespace hub {
namespace {

using ::testing::HasSubstr;
using v1::adapters::BudgetExecutionRow;

class AdapterServicesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HubOptions hub_options;
    hub_options.rules = *NewBuiltinRuleRegistry();
    HUB_ASSERT_OK_AND_ASSIGN(hub_, Hub::Open(NewMemStore(), hub_options));
    HUB_ASSERT_OK_AND_ASSIGN(Principal office,
                             Principal::Parse("reform_office@350400"));
    ASSERT_THAT(
        hub_->UpdateCatalog(office, testing::SanmingTestCatalog()).status(),
        testing::IsOk());
    ServerOptions options;
    auto adapters = std::make_shared<adapters::AdapterRegistry>();
    ASSERT_THAT(adapters::RegisterBuiltinAdapters(adapters.get()),
                testing::IsOk());
    options.adapters = adapters;
    options.listen_address = "127.0.0.1:0";
    options.insecure_demo_auth = true;
    HUB_ASSERT_OK_AND_ASSIGN(server_, HubServer::Start(hub_.get(), options));
    stub_ = v1::adapters::FinanceAdapter::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                            grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  grpc::Status Call(const v1::adapters::SubmitBudgetExecutionRequest& request,
                    v1::Receipt* receipt,
                    const char* principal = "finance@350400") {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(30));
    ctx.AddMetadata("x-hub-principal", principal);
    return stub_->SubmitBudgetExecution(&ctx, request, receipt);
  }

  // No record was written by a refusal.
  absl::Status s_finance_untouched() {
    auto page =
        hub_->ListRecords(*Principal::Parse("analyst@350000"), {}, 10, "");
    if (!page.ok()) return page.status();
    return page->records.empty() ? absl::OkStatus()
                                 : absl::InternalError("a record was written");
  }

  std::unique_ptr<Hub> hub_;
  std::unique_ptr<HubServer> server_;
  std::unique_ptr<v1::adapters::FinanceAdapter::Stub> stub_;
};

TEST(AdapterServicesStartTest, TheServerNeedsTheAdapterRegistry) {
  HubOptions hub_options;
  hub_options.rules = *NewBuiltinRuleRegistry();
  HUB_ASSERT_OK_AND_ASSIGN(auto hub, Hub::Open(NewMemStore(), hub_options));
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.insecure_demo_auth = true;
  EXPECT_THAT(HubServer::Start(hub.get(), options),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("ServerOptions::adapters")));
}

v1::adapters::SubmitBudgetExecutionRequest Request(std::string standard) {
  v1::adapters::SubmitBudgetExecutionRequest r;
  r.mutable_report()->set_report_period("2024Q1-Q3");
  BudgetExecutionRow* row = r.mutable_report()->add_rows();
  row->set_division_code("350400");
  row->set_budget_year("2024");
  row->set_quarter("3");
  row->set_subject_code("2101202");
  row->set_unit("万元");
  row->set_budget_amount("148490.00");
  row->set_executed_amount("111367.50");
  row->set_subsidy_per_person(standard);
  row->set_covered_persons("2216300");
  return r;
}

TEST_F(AdapterServicesTest, PermissionIsCheckedBeforeTheReportIsTranslated) {
  // A large report (8 MiB of rows), sent by callers who may not submit
  // finance's data: refused at once, nothing translated, one bounded
  // refusal record each.
  v1::adapters::SubmitBudgetExecutionRequest big = Request("670");
  const BudgetExecutionRow row = big.report().rows(0);
  const size_t rows = (8u << 20) / (row.ByteSizeLong() + 2);
  for (size_t i = 0; i < rows; ++i) *big.mutable_report()->add_rows() = row;
  for (const char* who : {"analyst@350400", "medical_insurance@350400"}) {
    const uint64_t head = hub_->head().sequence;
    v1::Receipt receipt;
    const absl::Time start = absl::Now();
    grpc::Status s = Call(big, &receipt, who);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << who;
    EXPECT_THAT(s.error_message(), HasSubstr(absl::StrCat(who, " (")));
    std::vector<v1::ChangeEvent> logged = testing::EventsAfter(*hub_, head);
    ASSERT_EQ(logged.size(), 1u) << who;
    const v1::Rejection& r = logged[0].rejection();
    EXPECT_EQ(logged[0].kind(), v1::EVENT_KIND_CALL_REFUSED);
    EXPECT_EQ(logged[0].actor(), who);
    EXPECT_EQ(r.method(),
              "/hub.v1.adapters.FinanceAdapter/SubmitBudgetExecution");
    EXPECT_EQ(r.content_size(), big.ByteSizeLong());
    EXPECT_TRUE(r.body_omitted());
    EXPECT_LT(logged[0].ByteSizeLong(), 2000u);
    std::cout << who << " refused in " << absl::Now() - start << "\n";
  }
  EXPECT_THAT(s_finance_untouched(), testing::IsOk());
}

TEST_F(AdapterServicesTest, NativeReportInCanonicalReceiptOut) {
  v1::Receipt receipt;
  grpc::Status s = Call(Request("670"), &receipt);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(receipt.items_size(), 1);
  EXPECT_EQ(receipt.items(0).key().code(),
            "resident_insurance_subsidy_per_person");
  EXPECT_EQ(receipt.items(0).key().period(), "2024");
  EXPECT_EQ(receipt.items(0).merged_value(), "670.00");
  EXPECT_TRUE(receipt.translation_warnings().empty());
  v1::Receipt again;
  ASSERT_TRUE(Call(Request("670"), &again).ok());
  EXPECT_TRUE(again.replayed());
  EXPECT_EQ(again.sequence(), receipt.sequence());
  HUB_ASSERT_OK_AND_ASSIGN(Principal analyst,
                           Principal::Parse("analyst@350400"));
  v1::RecordKey key = receipt.items(0).key();
  HUB_ASSERT_OK_AND_ASSIGN(v1::MergedRecord record,
                           hub_->GetRecord(analyst, key));
  const v1::Provenance& p = record.contributions(0).provenance();
  EXPECT_EQ(p.adapter(), "finance_budget_execution");
  EXPECT_EQ(p.source(), "FinanceAdapter.SubmitBudgetExecution");
  EXPECT_EQ(p.field(), "rows[0]");
}

// 640 yuan × 2216300 persons × 3/4 is 106,382.4万元, not the 111,367.50
// executed: accepted, with the adapter's warning naming the row.
TEST_F(AdapterServicesTest, TranslationWarningsComeBackOnTheReceipt) {
  v1::Receipt receipt;
  grpc::Status s = Call(Request("640"), &receipt);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(receipt.items_size(), 1);
  ASSERT_EQ(receipt.translation_warnings_size(), 1);
  EXPECT_THAT(receipt.translation_warnings(0),
              HasSubstr("FinanceAdapter.SubmitBudgetExecution: "
                        "rows[0].executed_amount: 执行数 111367.50万元"));
  EXPECT_THAT(receipt.translation_warnings(0),
              HasSubstr("人均补助标准 640 × 覆盖人数 2216300 × 3/4"));
}

TEST_F(AdapterServicesTest, BadRowsAreFieldViolationsAndChangeNothing) {
  auto request = Request("六百七十");
  request.mutable_report()->mutable_rows(0)->set_unit("千元");
  v1::Receipt receipt;
  grpc::Status s = Call(request, &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(),
              HasSubstr("2 problems in 1 row of the report"));
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(s.error_details()));
  EXPECT_THAT(details.DebugString(), HasSubstr("rows[0].unit"));
  EXPECT_THAT(details.DebugString(), HasSubstr("rows[0].subsidy_per_person"));
  EXPECT_EQ(hub_->head().sequence, 1u);  // only the catalog
}

TEST_F(AdapterServicesTest, TwoDepartmentsOverTheirOwnServicesMerge) {
  v1::Receipt finance;
  ASSERT_TRUE(Call(Request("670"), &finance).ok());
  const uint64_t head = hub_->head().sequence;
  auto mi = v1::adapters::MedicalInsuranceAdapter::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                          grpc::InsecureChannelCredentials()));
  v1::adapters::SubmitFinancingRequest request;
  request.mutable_report()->set_report_period("2024");
  v1::adapters::FinancingRow* row = request.mutable_report()->add_rows();
  row->set_division_code("350499");  // 三明市本级 pool -> 350400
  row->set_year("2024");
  row->set_insured_persons("2216300");
  row->set_subsidy_per_person("660");
  row->set_unit("元/人");
  request.mutable_options()->set_dry_run(true);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  ctx.AddMetadata("x-hub-principal", "medical_insurance@350400");
  v1::Receipt receipt;
  grpc::Status s = mi->SubmitFinancing(&ctx, request, &receipt);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(receipt.dry_run());
  ASSERT_EQ(receipt.items_size(), 1);
  EXPECT_EQ(receipt.items(0).key().region_code(), "350400");
  EXPECT_EQ(receipt.items(0).action(), v1::ItemOutcome::ACTION_UPDATED);
  EXPECT_EQ(receipt.items(0).state(), v1::RECORD_STATE_CONFLICT);
  EXPECT_EQ(hub_->head().sequence, head);  // a dry run writes nothing
}

TEST_F(AdapterServicesTest, ProcurementBadRowsComeBackOverItsOwnMethod) {
  auto mi = v1::adapters::MedicalInsuranceAdapter::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                          grpc::InsecureChannelCredentials()));
  v1::adapters::SubmitProcurementRequest request;
  request.mutable_report()->set_report_period("2024H1");
  v1::adapters::ProcurementRow* row = request.mutable_report()->add_rows();
  row->set_division_code("350421");
  row->set_batch("国家第九批");
  row->set_category("药品");
  row->set_product("阿莫西林胶囊");
  row->set_period("202407");
  row->set_agreed_volume("20460");
  row->set_actual_volume("21278");
  row->set_unit("盒");
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  ctx.AddMetadata("x-hub-principal", "medical_insurance@350400");
  v1::Receipt receipt;
  grpc::Status s = mi->SubmitProcurement(&ctx, request, &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(),
              HasSubstr("2 problems in 1 row of the report"));
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(s.error_details()));
  EXPECT_THAT(details.DebugString(), HasSubstr("rows[0].period"));
  EXPECT_THAT(details.DebugString(),
              HasSubstr("period 2024-07 outside the report 2024H1"));
  EXPECT_THAT(details.DebugString(), HasSubstr("rows[0].unit"));
  EXPECT_EQ(hub_->head().sequence, 1u);  // only the catalog
}

}  // namespace
}  // namespace hub
