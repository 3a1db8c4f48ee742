// Randomized differential test (after LevelDB's ModelDB): random streams of
// submissions, corrections, replace-scope withdrawals and resolutions go to
// the engine and to a small reference model written for obviousness, not
// speed; after every step the merged records (value, state, contributions,
// resolution) must match. Seeded and reproducible.
#include "hub/engine/internal/reconcile_model.h"

#include <map>
#include <optional>
#include <random>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/engine/hub.h"
#include "hub/engine/internal/test_fixtures.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::ModelRecord;
using ::hub::testing::ReconcileModel;

const std::vector<std::string> kDepartments = {"finance", "health_commission",
                                               "medical_insurance"};
const std::vector<std::string> kRegions = {"350404", "350424"};
const std::vector<std::string> kValues = {"640", "660", "669",
                                          "670", "671", "700"};

// The Sanming test catalog with the subsidy indicator under each rule.
v1::Catalog ModelCatalog() {
  v1::Catalog c = ::hub::testing::SanmingTestCatalog();
  v1::Indicator base = c.indicators(0);  // the resident-insurance subsidy
  base.add_contributing_departments("health_commission");
  base.set_precision(0);  // the model's values are whole yuan, kept as text
  *c.mutable_indicators(0) = base;
  for (const char* rule : {"must_agree", "latest_report"}) {
    v1::Indicator* ind = c.add_indicators();
    *ind = base;
    ind->set_code(absl::StrCat("subsidy_", rule));
    ind->set_rule(rule);
  }
  return c;
}

class DifferentialTest : public ::testing::TestWithParam<uint32_t> {
 protected:
  void SetUp() override {
    HubOptions options;
    options.rules = *NewBuiltinRuleRegistry();
    options.sync = false;
    auto hub = Hub::Open(NewMemStore(), options);
    ASSERT_THAT(hub, IsOk());
    hub_ = *std::move(hub);
    ASSERT_THAT(hub_->UpdateCatalog(office_, ModelCatalog()), IsOk());
    for (const v1::Indicator& ind : hub_->catalog()->proto().indicators()) {
      if (ind.code() == "primary_care_visit_share") continue;
      model_.AddIndicator(ind.code(), ind.rule(), ind.owner_department(), 1);
      codes_.push_back(ind.code());
    }
    rng_.seed(GetParam());
  }

  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng_)];
  }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  v1::RecordKey Key(const std::string& code, const std::string& region) {
    v1::RecordKey k;
    k.set_kind(v1::SUBJECT_KIND_INDICATOR);
    k.set_code(code);
    k.set_region_code(region);
    k.set_period("2024");
    return k;
  }

  void RandomSubmission(int step);
  void RandomResolution();
  void CheckAllRecords();

  Principal office_ = *Principal::Parse("reform_office@350400");
  std::unique_ptr<Hub> hub_;
  ReconcileModel model_;
  std::vector<std::string> codes_;
  std::mt19937 rng_;
};

void DifferentialTest::RandomSubmission(int step) {
  const std::string dept = Pick(kDepartments);
  v1::Submission s;
  s.set_submission_id(absl::StrCat("s", step));
  s.set_department(dept);
  std::map<std::pair<std::string, std::string>, std::string> items;
  const int n = std::uniform_int_distribution<int>(1, 3)(rng_);
  for (int i = 0; i < n; ++i) {
    items[{Pick(codes_), Pick(kRegions)}] = Pick(kValues);
  }
  for (const auto& [key, value] : items) {
    auto* v = s.add_items()->mutable_indicator_value();
    v->set_indicator_code(key.first);
    v->set_region_code(key.second);
    v->set_period("2024");
    v->set_value(value);
    v->set_unit("元/人");
  }
  std::optional<ReconcileModel::Scope> scope;
  if (Chance(0.3)) {
    scope = ReconcileModel::Scope{
        Pick(std::vector<std::string>{"350400", "350404", "350424"}),
        Chance(0.5) ? "" : Pick(codes_)};
    s.mutable_replace_scope()->set_region_code(scope->region);
    s.mutable_replace_scope()->set_period("2024");
    if (!scope->code.empty()) s.mutable_replace_scope()->add_codes(scope->code);
  }
  auto receipt = hub_->Submit(*Principal::Parse(dept + "@350400"), s, false);
  ASSERT_THAT(receipt, IsOk());
  std::map<std::pair<std::string, std::string>, std::string> reported(
      items.begin(), items.end());
  const int withdrawn = model_.Submit(dept, reported, scope);
  EXPECT_EQ(receipt->withdrawn_size(), withdrawn);
}

void DifferentialTest::RandomResolution() {
  const std::string code = Pick(codes_), region = Pick(kRegions);
  ResolveRequest r;
  r.key = Key(code, region);
  auto current = hub_->GetRecord(office_, r.key);
  const bool stale = Chance(0.15) || !current.ok();
  r.etag = stale ? "\"0000000000000000\"" : current->etag();
  if (Chance(0.5)) {
    r.chosen_department = Pick(kDepartments);
  } else {
    r.value = Pick(kValues);
  }
  r.reason = "differential test";
  auto result = hub_->Resolve(office_, r);
  absl::StatusCode expected =
      model_.Resolve(code, region, stale, r.chosen_department, r.value);
  EXPECT_EQ(result.status().code(), expected) << result.status();
}

void DifferentialTest::CheckAllRecords() {
  for (const std::string& code : codes_) {
    for (const std::string& region : kRegions) {
      SCOPED_TRACE(absl::StrCat(code, " ", region));
      std::optional<ModelRecord> want = model_.Merged(code, region);
      auto got = hub_->GetRecord(office_, Key(code, region));
      if (!want.has_value()) {
        EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound);
        continue;
      }
      ASSERT_THAT(got, IsOk());
      EXPECT_EQ(got->value(), want->value);
      EXPECT_EQ(v1::RecordState_Name(got->state()),
                v1::RecordState_Name(want->state));
      EXPECT_EQ(got->has_resolution(), want->resolved);
      std::map<std::string, std::string> contributions;
      for (const auto& c : got->contributions()) {
        contributions[c.department()] = c.value();
      }
      EXPECT_EQ(contributions, want->contributions);
    }
  }
}

TEST_P(DifferentialTest, EngineMatchesTheModelAfterEveryStep) {
  for (int step = 0; step < 250; ++step) {
    SCOPED_TRACE(absl::StrCat("seed ", GetParam(), " step ", step));
    if (Chance(0.65)) {
      RandomSubmission(step);
    } else {
      RandomResolution();
    }
    CheckAllRecords();
    if (HasFailure()) return;
  }
  EXPECT_GT(model_.resolutions(), 0);
  EXPECT_GT(model_.withdrawals(), 0);
  EXPECT_GT(model_.reopened(), 0);
}

INSTANTIATE_TEST_SUITE_P(Seeds, DifferentialTest,
                         ::testing::Values(1u, 7u, 42u, 2024u, 350400u));

}  // namespace
}  // namespace hub
