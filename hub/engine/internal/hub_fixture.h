// Test-only: a Hub on an in-memory store with a settable clock, loaded with
// the real seed catalog (tools/catalog/*.json), and small helpers.
#ifndef HUB_ENGINE_INTERNAL_HUB_FIXTURE_H_
#define HUB_ENGINE_INTERNAL_HUB_FIXTURE_H_

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "hub/common/cst_time.h"
#include "hub/common/status_matchers.h"
#include "hub/engine/hub.h"

namespace hub {
namespace testing {

inline v1::Catalog SeedCatalog() {
  v1::Catalog all;
  for (const char* f : {"departments", "regions", "indicators", "plan_sm2024",
                        "plan_ny2022", "plan_qj2022", "plan_zz2021"}) {
    std::ifstream in(std::string(HUB_CATALOG_DIR) + "/" + f + ".json");
    std::stringstream ss;
    ss << in.rdbuf();
    v1::Catalog part;
    EXPECT_TRUE(
        google::protobuf::util::JsonStringToMessage(ss.str(), &part).ok())
        << f;
    all.MergeFrom(part);
  }
  return all;
}

inline Principal P(const std::string& text) { return *Principal::Parse(text); }

inline v1::RecordKey IndicatorKey(const std::string& code,
                                  const std::string& region,
                                  const std::string& period) {
  v1::RecordKey k;
  k.set_kind(v1::SUBJECT_KIND_INDICATOR);
  k.set_code(code);
  k.set_region_code(region);
  k.set_period(period);
  return k;
}

inline v1::Submission ProgressSubmission(const std::string& id,
                                         const std::string& department,
                                         const std::string& task,
                                         const std::string& region,
                                         v1::TaskStatus status,
                                         const std::string& text) {
  v1::Submission s;
  s.set_submission_id(id);
  s.set_department(department);
  s.set_adapter("canonical");
  auto* t = s.add_items()->mutable_task_progress();
  t->set_task_code(task);
  t->set_region_code(region);
  t->set_period("2024");
  t->set_status(status);
  t->set_text(text);
  return s;
}

// A hub holding the seed catalog, at a settable time, on the store
// NewStore() makes (in memory; a suite over every store overrides it, with
// Base = ::testing::TestWithParam<StoreParam>, see stewardship_test.cc).
template <typename Base>
class SeedHubTestOn : public Base {
 protected:
  // FailedPrecondition: the store cannot run here; the test skips.
  virtual absl::StatusOr<std::unique_ptr<Store>> NewStore() {
    return NewMemStore();
  }
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Store>> store = NewStore();
    if (absl::IsFailedPrecondition(store.status())) {
      GTEST_SKIP() << store.status().message();
    }
    ASSERT_TRUE(store.ok()) << store.status();
    HubOptions options;
    options.rules = *NewBuiltinRuleRegistry();
    options.clock = [this] { return now_; };
    auto hub = Hub::Open(*std::move(store), options);
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = *std::move(hub);
    auto updated =
        hub_->UpdateCatalog(P("reform_office@350400"), SeedCatalog());
    ASSERT_TRUE(updated.ok()) << updated.status();
  }
  absl::StatusOr<v1::Receipt> Submit(const std::string& principal,
                                     const v1::Submission& s) {
    return hub_->Submit(P(principal), s, /*dry_run=*/false);
  }
  v1::MergedRecord Get(const v1::RecordKey& key) {
    auto r = hub_->GetRecord(P("analyst@350000"), key);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : v1::MergedRecord();
  }
  // Events after sequence `after`.
  std::vector<v1::ChangeEvent> EventsAfter(uint64_t after) {
    auto page = hub_->ListEvents(P("auditor@350000"), after, 1000);
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? page->events : std::vector<v1::ChangeEvent>();
  }

  absl::Time now_ = EndOfDayCst(absl::CivilDay(2024, 7, 20));
  std::unique_ptr<Hub> hub_;
};

using SeedHubTest = SeedHubTestOn<::testing::Test>;

}  // namespace testing
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_HUB_FIXTURE_H_
