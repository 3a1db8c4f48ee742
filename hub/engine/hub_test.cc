#include "hub/engine/hub.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/cst_time.h"
#include "hub/common/status_matchers.h"
#include "hub/engine/internal/test_fixtures.h"
#include "hub/model/errors.h"
#include "hub/model/model.h"
#include "hub/pgstore/testing/store_params.h"
#include "hub/schema/schema.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::SanmingTestCatalog;
using ::hub::testing::StatusIs;
using ::hub::testing::SubsidySubmission;
using ::testing::HasSubstr;

Principal P(const char* text) { return *Principal::Parse(text); }

v1::RecordKey SubsidyKey(const char* region) {
  v1::RecordKey k;
  k.set_kind(v1::SUBJECT_KIND_INDICATOR);
  k.set_code("resident_insurance_subsidy_per_person");
  k.set_region_code(region);
  k.set_period("2024");
  return k;
}

// The hub on every store: in memory, RocksDB and PostgreSQL.
class HubTest : public ::testing::TestWithParam<testing::StoreParam> {
 protected:
  void SetUp() override {
    std::string test =
        ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(test.begin(), test.end(), '/', '_');
    dir_ =
        absl::StrCat(::testing::TempDir(), "/hub_test_", test, "_", getpid());
    std::filesystem::remove_all(dir_);
    HUB_OPEN_STORE_OR_SKIP(std::unique_ptr<Store> store, GetParam(), dir_);
    Open(std::move(store));
  }
  void TearDown() override {
    hub_.reset();
    std::filesystem::remove_all(dir_);
  }
  // Closes the hub and opens it again on the same data.
  void Reopen() {
    hub_.reset();
    auto store = GetParam().open(dir_);
    ASSERT_THAT(store, IsOk());
    Open(*std::move(store));
  }
  void Open(std::unique_ptr<Store> store) {
    HubOptions options;
    options.rules = *NewBuiltinRuleRegistry();
    options.clock = [this] { return now_; };
    auto hub = Hub::Open(std::move(store), options);
    ASSERT_THAT(hub, IsOk());
    hub_ = *std::move(hub);
    if (hub_->catalog()->proto().plans().empty()) {
      ASSERT_THAT(
          hub_->UpdateCatalog(P("reform_office@350400"), SanmingTestCatalog()),
          IsOk());
    }
  }
  absl::StatusOr<v1::Receipt> Submit(const char* principal,
                                     const v1::Submission& s,
                                     bool dry_run = false) {
    return hub_->Submit(P(principal), s, dry_run);
  }

  absl::Time now_ = EndOfDayCst(absl::CivilDay(2024, 7, 25));
  std::string dir_;
  std::unique_ptr<Hub> hub_;
};

INSTANTIATE_TEST_SUITE_P(AllStores, HubTest,
                         ::testing::ValuesIn(testing::AllStores()),
                         testing::StoreParamName);

TEST_P(HubTest, OwnerValueWinsAndDisagreementIsAConflict) {
  ASSERT_THAT(Submit("finance@350400", SubsidySubmission("fin-2024", "finance",
                                                         "350424", "670.00")),
              IsOk());
  auto r = Submit(
      "medical_insurance@350400",
      SubsidySubmission("mi-2024", "medical_insurance", "350424", "640.00"));
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->items(0).action(), v1::ItemOutcome::ACTION_UPDATED);
  auto rec = hub_->GetRecord(P("analyst@350400"), SubsidyKey("350424"));
  ASSERT_THAT(rec, IsOk());
  EXPECT_EQ(rec->value(), "670.00");
  EXPECT_EQ(rec->state(), v1::RECORD_STATE_CONFLICT);
  EXPECT_EQ(rec->version(), 2u);
  ASSERT_EQ(rec->contributions_size(), 2);
  EXPECT_EQ(rec->contributions(0).department(), "finance");
  EXPECT_EQ(rec->contributions(1).submission_id(), "mi-2024");
  EXPECT_EQ(rec->rule_name(), "authoritative_source");
  EXPECT_EQ(rec->conflicts(0).difference(), "30.00");
}

TEST_P(HubTest, AdapterProvenanceIsKeptOnTheContribution) {
  v1::Submission s =
      SubsidySubmission("fin-prov", "finance", "350424", "670.00");
  v1::Provenance* p =
      s.mutable_items(0)->mutable_indicator_value()->mutable_provenance();
  p->set_adapter("finance_budget_execution");
  p->set_adapter_version("1");
  p->set_source("budget_2024Q4.csv");
  p->add_lines(7);
  v1::Conversion* c = p->add_conversions();
  c->set_field("code");
  c->set_from("2101202");
  c->set_to("resident_insurance_subsidy_per_person");
  ASSERT_THAT(Submit("finance@350400", s), IsOk());
  auto rec = hub_->GetRecord(P("analyst@350400"), SubsidyKey("350424"));
  ASSERT_THAT(rec, IsOk());
  ASSERT_EQ(rec->contributions_size(), 1);
  EXPECT_EQ(rec->contributions(0).provenance().source(), "budget_2024Q4.csv");
  EXPECT_EQ(rec->contributions(0).provenance().lines(0), 7);
  EXPECT_EQ(rec->contributions(0).provenance().conversions(0).from(),
            "2101202");
}

TEST_P(HubTest, ACorrectionReplacesOnlyTheSameDepartmentsContribution) {
  ASSERT_THAT(Submit("finance@350400",
                     SubsidySubmission("f1", "finance", "350424", "670.00")),
              IsOk());
  ASSERT_THAT(
      Submit("medical_insurance@350400",
             SubsidySubmission("m1", "medical_insurance", "350424", "640.00")),
      IsOk());
  ASSERT_THAT(
      Submit("medical_insurance@350400",
             SubsidySubmission("m2", "medical_insurance", "350424", "670.00")),
      IsOk());
  auto rec = hub_->GetRecord(P("analyst@350400"), SubsidyKey("350424"));
  ASSERT_THAT(rec, IsOk());
  EXPECT_EQ(rec->state(), v1::RECORD_STATE_AGREED);
  EXPECT_EQ(rec->contributions(0).submission_id(), "f1");
  EXPECT_EQ(rec->contributions(1).submission_id(), "m2");
  EXPECT_EQ(rec->version(), 3u);
}

TEST_P(HubTest, ResendingReturnsTheFirstReceiptAndAddsNothing) {
  v1::Submission s =
      SubsidySubmission("fin-2024", "finance", "350424", "670.00");
  auto first = Submit("finance@350400", s);
  ASSERT_THAT(first, IsOk());
  uint64_t head = hub_->head().sequence;
  s.set_submitted_at_micros(123);  // a retry with a fresh client clock
  auto again = Submit("finance@350400", s);
  ASSERT_THAT(again, IsOk());
  EXPECT_TRUE(again->replayed());
  EXPECT_EQ(again->sequence(), first->sequence());
  EXPECT_EQ(hub_->head().sequence, head);
}

TEST_P(HubTest, ReusingAnIdForOtherContentIsRefused) {
  ASSERT_THAT(Submit("finance@350400",
                     SubsidySubmission("fin-1", "finance", "350424", "670.00")),
              IsOk());
  uint64_t head = hub_->head().sequence;
  EXPECT_THAT(
      Submit("finance@350400",
             SubsidySubmission("fin-1", "finance", "350424", "671.00")),
      StatusIs(
          absl::StatusCode::kAlreadyExists,
          HasSubstr("submission_id: \"fin-1\" was already used by finance")));
  // The refusal changes no record; the log gains one SUBMISSION_REJECTED.
  ASSERT_EQ(hub_->head().sequence, head + 1);
  auto page = hub_->ListEvents(P("auditor@350000"), head, 10);
  ASSERT_THAT(page, IsOk());
  const std::vector<v1::ChangeEvent>& events = page->events;
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind(), v1::EVENT_KIND_SUBMISSION_REJECTED);
  EXPECT_EQ(events[0].rejection().code(), "ALREADY_EXISTS");
  EXPECT_EQ(events[0].submission_body().items(0).indicator_value().value(),
            "671.00");
}

TEST_P(HubTest, BadInputChangesNothing) {
  uint64_t head = hub_->head().sequence;
  v1::Submission s =
      SubsidySubmission("fin-1", "finance", "350424", "six hundred");
  EXPECT_THAT(Submit("finance@350400", s),
              StatusIs(absl::StatusCode::kInvalidArgument));
  // Only the refusal is logged: who tried what, and which field was wrong.
  ASSERT_EQ(hub_->head().sequence, head + 1);
  auto page = hub_->ListEvents(P("auditor@350000"), head, 10);
  ASSERT_THAT(page, IsOk());
  const std::vector<v1::ChangeEvent>& events = page->events;
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind(), v1::EVENT_KIND_SUBMISSION_REJECTED);
  EXPECT_EQ(events[0].actor(), "finance@350400");
  EXPECT_EQ(events[0].rejection().code(), "INVALID_ARGUMENT");
  ASSERT_EQ(events[0].rejection().fields_size(), 1);
  EXPECT_EQ(events[0].rejection().fields(0).field(),
            "items[0].indicator_value.value");
  EXPECT_THAT(
      hub_->GetRecord(P("analyst@350400"), SubsidyKey("350424")),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("no record for")));
}

TEST_P(HubTest, DryRunReportsWithoutWriting) {
  auto r = Submit("finance@350400",
                  SubsidySubmission("fin-1", "finance", "350424", "670.00"),
                  /*dry_run=*/true);
  ASSERT_THAT(r, IsOk());
  EXPECT_TRUE(r->dry_run());
  EXPECT_EQ(r->sequence(), 0u);
  EXPECT_EQ(r->items(0).action(), v1::ItemOutcome::ACTION_CREATED);
  EXPECT_THAT(hub_->GetRecord(P("analyst@350400"), SubsidyKey("350424")),
              StatusIs(absl::StatusCode::kNotFound));
  // The id is still free.
  EXPECT_FALSE(Submit("finance@350400",
                      SubsidySubmission("fin-1", "finance", "350424", "670.00"))
                   ->replayed());
}

TEST_P(HubTest, SameReportAgainLeavesRecordUnchanged) {
  ASSERT_THAT(Submit("finance@350400",
                     SubsidySubmission("f1", "finance", "350424", "670.00")),
              IsOk());
  auto r = Submit("finance@350400",
                  SubsidySubmission("f2", "finance", "350424", "670.00"));
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->items(0).action(), v1::ItemOutcome::ACTION_UNCHANGED);
  EXPECT_EQ(r->items(0).record_version(), 1u);
}

TEST_P(HubTest, TaskCompletesWhenBothLeadsReportAndOverdueFollowsTheClock) {
  auto progress = [](const char* id, const char* dept, v1::TaskStatus st) {
    v1::Submission s;
    s.set_submission_id(id);
    s.set_department(dept);
    auto* t = s.add_items()->mutable_task_progress();
    t->set_task_code("sm2024.10");
    t->set_region_code("350400");
    t->set_period("2024");
    t->set_status(st);
    t->set_text("居民医保人均财政补助标准提高30元已落实");
    return s;
  };
  ASSERT_THAT(
      Submit("medical_insurance@350400",
             progress("mi-t", "medical_insurance", v1::TASK_STATUS_COMPLETED)),
      IsOk());
  v1::RecordKey key;
  key.set_kind(v1::SUBJECT_KIND_TASK);
  key.set_code("sm2024.10");
  key.set_region_code("350400");
  key.set_period("2024");
  auto rec = hub_->GetRecord(P("analyst@350400"), key);
  ASSERT_THAT(rec, IsOk());
  EXPECT_EQ(rec->status(), v1::TASK_STATUS_IN_PROGRESS);
  EXPECT_FALSE(rec->overdue());
  now_ = EndOfDayCst(absl::CivilDay(2024, 12, 31));  // deadline: end of 2024
  EXPECT_TRUE(hub_->GetRecord(P("analyst@350400"), key)->overdue());
  ASSERT_THAT(
      Submit("health_commission@350400",
             progress("hc-t", "health_commission", v1::TASK_STATUS_COMPLETED)),
      IsOk());
  rec = hub_->GetRecord(P("analyst@350400"), key);
  EXPECT_EQ(rec->status(), v1::TASK_STATUS_COMPLETED);
  EXPECT_FALSE(rec->overdue());
}

TEST_P(HubTest, EveryChangeIsAChainedEvent) {
  ASSERT_THAT(Submit("finance@350400",
                     SubsidySubmission("f1", "finance", "350424", "670.00")),
              IsOk());
  ASSERT_THAT(
      Submit("medical_insurance@350400",
             SubsidySubmission("m1", "medical_insurance", "350424", "640.00")),
      IsOk());
  auto page = hub_->ListEvents(P("auditor@350000"), 0, 100);
  ASSERT_THAT(page, IsOk());
  const std::vector<v1::ChangeEvent>& events = page->events;
  // catalog, accepted+changed, accepted+changed+conflict opened
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(page->last_sequence, 6u);
  EXPECT_EQ(events[0].kind(), v1::EVENT_KIND_CATALOG_CHANGED);
  EXPECT_EQ(events[3].kind(), v1::EVENT_KIND_SUBMISSION_ACCEPTED);
  EXPECT_EQ(events[3].actor(), "medical_insurance@350400");
  EXPECT_EQ(events[4].kind(), v1::EVENT_KIND_RECORD_CHANGED);
  EXPECT_EQ(events[4].before().value(), "670.00");
  EXPECT_EQ(events[4].after().state(), v1::RECORD_STATE_CONFLICT);
  EXPECT_EQ(events[4].after().last_sequence(), 5u);
  EXPECT_EQ(events[4].prev_hash(), events[3].hash());
  EXPECT_EQ(events[4].rule_name(), "authoritative_source");
  EXPECT_EQ(events[5].kind(), v1::EVENT_KIND_CONFLICT_OPENED);
  EXPECT_EQ(events[5].after().conflicts(0).department(), "medical_insurance");
  auto v = hub_->VerifyChain(P("auditor@350000"), 0, 0);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->ok);
  EXPECT_THAT(
      hub_->ListEvents(P("analyst@350400"), 0, 10),
      StatusIs(absl::StatusCode::kPermissionDenied,
               HasSubstr("analyst@350400 (analyst) may not read the change "
                         "log: the change log is read by auditors")));
}

TEST_P(HubTest, ListFiltersBySubtreeAndPaginates) {
  for (const char* region : {"350404", "350424", "350400"}) {
    ASSERT_THAT(Submit("finance@350400",
                       SubsidySubmission(absl::StrCat("f-", region), "finance",
                                         region, "670.00")),
                IsOk());
  }
  RecordFilter f;
  f.region_code = "350400";
  std::vector<std::string> regions;
  std::string token;
  int pages = 0;
  do {
    auto page = hub_->ListRecords(P("analyst@350400"), f, 2, token);
    ASSERT_THAT(page, IsOk());
    for (const auto& r : page->records)
      regions.push_back(r.key().region_code());
    token = page->next_page_token;
    ++pages;
  } while (!token.empty());
  EXPECT_THAT(regions, ::testing::ElementsAre("350400", "350404", "350424"));
  EXPECT_EQ(pages, 2);
  // Paging with a subject filter scans records, not an index.
  RecordFilter by_indicator;
  by_indicator.indicator_code = "resident_insurance_subsidy_per_person";
  regions.clear();
  token.clear();
  do {
    auto page = hub_->ListRecords(P("analyst@350400"), by_indicator, 1, token);
    ASSERT_THAT(page, IsOk());
    for (const auto& r : page->records)
      regions.push_back(r.key().region_code());
    token = page->next_page_token;
  } while (!token.empty());
  EXPECT_THAT(regions, ::testing::ElementsAre("350400", "350404", "350424"));
  f.region_code = "350424";
  EXPECT_EQ(hub_->ListRecords(P("analyst@350400"), f, 0, "")->records.size(),
            1u);
  f.region_code = "411300";
  EXPECT_THAT(
      hub_->ListRecords(P("analyst@350400"), f, 0, ""),
      StatusIs(absl::StatusCode::kPermissionDenied,
               HasSubstr("region_code: analyst@350400 (analyst) may not read "
                         "records in 411300: outside its jurisdiction "
                         "350400")));
  f.region_code = "";
  f.state = v1::RECORD_STATE_SINGLE_SOURCE;
  f.department = "finance";
  EXPECT_EQ(hub_->ListRecords(P("analyst@350400"), f, 0, "")->records.size(),
            3u);
  EXPECT_THAT(
      hub_->ListRecords(P("analyst@350400"), f, 0, "garbage!"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
}

// Bad paging and an unknown rule name the field, with a reason code and its
// Chinese message like every other field violation.
TEST_P(HubTest, BadPagingAndUnknownRulesCarryReasonCodes) {
  auto page_size = hub_->ListRecords(P("analyst@350400"), {}, 1001, "");
  ASSERT_THAT(page_size, StatusIs(absl::StatusCode::kInvalidArgument));
  std::vector<FieldViolation> v = GetFieldViolations(page_size.status());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].field, "page_size");
  EXPECT_EQ(v[0].reason, "PAGE_SIZE_OUT_OF_RANGE");
  EXPECT_EQ(v[0].localized, "1001 不在 0..1000 之内");

  auto token = hub_->ListRecords(P("analyst@350400"), {}, 0, "garbage!");
  v = GetFieldViolations(token.status());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].field, "page_token");
  EXPECT_EQ(v[0].reason, "INVALID_PAGE_TOKEN");
  EXPECT_THAT(v[0].localized, HasSubstr("next_page_token"));

  v1::Catalog update;
  *update.add_indicators() = hub_->catalog()->proto().indicators(0);
  update.mutable_indicators(0)->set_rule("no_such_rule");
  auto catalog = hub_->UpdateCatalog(P("reform_office@350400"), update);
  ASSERT_THAT(catalog, StatusIs(absl::StatusCode::kInvalidArgument));
  v = GetFieldViolations(catalog.status());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].field,
            absl::StrCat("indicators.", update.indicators(0).code(), ".rule"));
  EXPECT_EQ(v[0].reason, "UNKNOWN_RULE");
  EXPECT_EQ(v[0].localized, "未知合并规则“no_such_rule”");
}

TEST_P(HubTest, OnlyTheReformOfficeEditsTheCatalog) {
  EXPECT_THAT(hub_->UpdateCatalog(P("finance@350400"), v1::Catalog()),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("finance@350400 (department) may not change "
                                 "the catalog: only the reform office")));
  auto same =
      hub_->UpdateCatalog(P("reform_office@350400"), SanmingTestCatalog());
  ASSERT_THAT(same, IsOk());
  EXPECT_EQ(same->sequence, 0u);  // nothing changed, nothing logged
}

TEST_P(HubTest, StateSurvivesReopen) {
  if (!GetParam().durable) GTEST_SKIP() << "not durable";
  ASSERT_THAT(Submit("finance@350400",
                     SubsidySubmission("f1", "finance", "350424", "670.00")),
              IsOk());
  Reopen();
  EXPECT_EQ(hub_->GetRecord(P("analyst@350400"), SubsidyKey("350424"))->value(),
            "670.00");
  EXPECT_EQ(hub_->head().sequence, 3u);
  auto again = Submit("finance@350400",
                      SubsidySubmission("f1", "finance", "350424", "670.00"));
  EXPECT_TRUE(again->replayed());
}

TEST(HubOpenTest, TheRulesComeFromTheCallerAndMustCoverTheCatalog) {
  EXPECT_THAT(Hub::Open(NewMemStore(), HubOptions{}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("HubOptions::rules")));
  // A store whose catalog names must_agree, reopened with a registry that
  // lacks it: the hub refuses to open rather than fail every later merge.
  std::unique_ptr<Store> owned = NewMemStore();
  Store* store = owned.get();
  HubOptions options;
  options.rules = *NewBuiltinRuleRegistry();
  auto hub = Hub::Open(std::move(owned), options);
  ASSERT_THAT(hub, IsOk());
  v1::Catalog catalog = SanmingTestCatalog();
  catalog.mutable_indicators(0)->set_rule("must_agree");
  ASSERT_THAT((*hub)->UpdateCatalog(P("reform_office@350400"), catalog),
              IsOk());
  auto partial = std::make_shared<RuleRegistry>();
  ASSERT_THAT(
      partial->Register("authoritative_source",
                        [&options] {
                          return *options.rules->Create("authoritative_source");
                        }),
      IsOk());
  ASSERT_THAT(partial->Register(
                  "task_status",
                  [&options] { return *options.rules->Create("task_status"); }),
              IsOk());
  // Reopen the same data (copied out of the open hub's store).
  std::unique_ptr<Store> copy = NewMemStore();
  for (int c = 0; c < kNumColumns; ++c) {
    WriteBatch batch;
    std::unique_ptr<Iterator> it = store->NewIterator(static_cast<Column>(c));
    for (it->Seek(""); it->Valid(); it->Next()) {
      batch.Put(static_cast<Column>(c), it->key(), it->value());
    }
    ASSERT_THAT(copy->Write(batch, false), IsOk());
  }
  HubOptions lacking;
  lacking.rules = partial;
  EXPECT_THAT(Hub::Open(std::move(copy), lacking),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("the catalog merges indicator "
                                 "resident_insurance_subsidy_per_person with "
                                 "reconcile rule \"must_agree\", which is "
                                 "not registered")));
}

TEST_P(HubTest, AStoreOfANewerFormatIsRefusedAndLeftAlone) {
  if (!GetParam().durable) GTEST_SKIP() << "not durable";
  // SetUp created the store: the version is stamped.
  ASSERT_THAT(Submit("finance@350400",
                     SubsidySubmission("f1", "finance", "350424", "670.00")),
              IsOk());
  hub_.reset();
  {
    auto store = GetParam().open(dir_);
    ASSERT_THAT(store, IsOk());
    EXPECT_THAT(ReadFormatVersion(**store),
                ::hub::testing::IsOkAndHolds(kFormatVersion));
    WriteBatch newer;  // as a later hubd would have written it
    newer.Put(Column::kMeta, FormatVersionKey(), "2");
    ASSERT_THAT((*store)->Write(newer, true), IsOk());
  }
  {
    auto store = GetParam().open(dir_);
    ASSERT_THAT(store, IsOk());
    HubOptions options;
    options.rules = *NewBuiltinRuleRegistry();
    EXPECT_THAT(Hub::Open(*std::move(store), options),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         HasSubstr("the store has format version 2, but this "
                                   "build reads only version 1; it was "
                                   "written by a newer hubd")));
  }
  auto store = GetParam().open(dir_);
  ASSERT_THAT(store, IsOk());
  EXPECT_THAT(ReadFormatVersion(**store), ::hub::testing::IsOkAndHolds(2u));
  std::string record;
  EXPECT_THAT((*store)->Get(Column::kRecords,
                            EncodeRecordKey(SubsidyKey("350424")), &record),
              IsOk());
}

// A store another hub writes too (several hubds on one PostgreSQL
// database): after Reload() the hub continues the other's chain with its
// catalog, instead of writing over its events.
TEST(HubReloadTest, AHubReloadsWhatAnotherHubCommitted) {
  // Two hubs on one in-memory store, through a borrowing wrapper.
  class Borrowed : public Store {
   public:
    explicit Borrowed(Store* s) : s_(s) {}
    absl::Status Get(Column c, absl::string_view k,
                     std::string* v) const override {
      return s_->Get(c, k, v);
    }
    absl::Status Write(const WriteBatch& b, bool sync) override {
      return s_->Write(b, sync);
    }
    std::unique_ptr<Iterator> NewIterator(Column c) const override {
      return s_->NewIterator(c);
    }
    std::shared_ptr<const Snapshot> NewSnapshot() const override {
      return s_->NewSnapshot();
    }

   private:
    Store* s_;
  };
  std::unique_ptr<Store> shared = NewMemStore();
  HubOptions options;
  options.rules = *NewBuiltinRuleRegistry();
  auto standby = Hub::Open(std::make_unique<Borrowed>(shared.get()), options);
  ASSERT_THAT(standby, IsOk());
  auto active = Hub::Open(std::make_unique<Borrowed>(shared.get()), options);
  ASSERT_THAT(active, IsOk());
  ASSERT_THAT(
      (*active)->UpdateCatalog(P("reform_office@350400"), SanmingTestCatalog()),
      IsOk());
  ASSERT_THAT(
      (*active)->Submit(P("finance@350400"),
                        SubsidySubmission("f1", "finance", "350424", "670.00"),
                        false),
      IsOk());
  EXPECT_EQ((*standby)->head().sequence, 0u);
  EXPECT_TRUE((*standby)->catalog()->proto().plans().empty());

  ASSERT_THAT((*standby)->Reload(), IsOk());
  EXPECT_EQ((*standby)->head().sequence, (*active)->head().sequence);
  EXPECT_EQ((*standby)->head().hash, (*active)->head().hash);
  EXPECT_FALSE((*standby)->catalog()->proto().plans().empty());
  auto next = (*standby)->Submit(
      P("medical_insurance@350400"),
      SubsidySubmission("m1", "medical_insurance", "350424", "640.00"), false);
  ASSERT_THAT(next, IsOk());
  EXPECT_EQ(next->sequence(), (*active)->head().sequence + 1);
  auto v = (*standby)->VerifyChain(P("auditor@350000"), 0, 0);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->ok) << v->reason;
  EXPECT_EQ(v->events_checked, (*standby)->head().sequence);
}

}  // namespace
}  // namespace hub

namespace hub {
namespace {

TEST_P(HubTest, VerifyingARangeOutsideTheLogNamesTheField) {
  ASSERT_THAT(Submit("finance@350400",
                     SubsidySubmission("f1", "finance", "350424", "670.00")),
              IsOk());
  const uint64_t head = hub_->head().sequence;
  EXPECT_THAT(hub_->VerifyChain(P("auditor@350000"), head + 5, 0),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(absl::StrCat("from_sequence: ", head + 5,
                                              " is past the head of the log "
                                              "(events 1..",
                                              head, ")"))));
  EXPECT_THAT(hub_->VerifyChain(P("auditor@350000"), 2, 1),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("to_sequence: 1 is before from_sequence 2")));
  EXPECT_THAT(hub_->VerifyChain(P("auditor@350000"), 1, head), IsOk());
}

}  // namespace
}  // namespace hub
