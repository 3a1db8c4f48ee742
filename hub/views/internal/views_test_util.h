// Test-only: a real Hub (in-memory store, the seed catalog of
// tools/catalog, a settable clock) with Views over its readers, and
// builders of the submissions departments send.
#ifndef HUB_VIEWS_INTERNAL_VIEWS_TEST_UTIL_H_
#define HUB_VIEWS_INTERNAL_VIEWS_TEST_UTIL_H_

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "hub/common/cst_time.h"
#include "hub/common/status_matchers.h"
#include "hub/engine/hub.h"
#include "hub/reconcile/rule.h"
#include "hub/views/views.h"

namespace hub {
namespace views_testing {

inline Principal P(const std::string& text) { return *Principal::Parse(text); }

// The seed catalog (tools/catalog/*.json), as `hubctl catalog load` reads it.
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

// An instant in China Standard Time.
inline absl::Time Cst(int y, int m, int d, int hh = 12, int mm = 0,
                      int ss = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, ss),
                         ChinaStandardTime());
}

inline v1::Submission NewSubmission(const std::string& id,
                                    const std::string& department,
                                    int64_t submitted_at_micros = 0) {
  v1::Submission s;
  s.set_submission_id(id);
  s.set_department(department);
  s.set_source_system("test");
  s.set_adapter("canonical");
  s.set_submitted_at_micros(submitted_at_micros);
  return s;
}

// Adds a ratio indicator's components for region and period.
inline void AddShare(v1::Submission* s, const std::string& indicator,
                     const std::string& region, const std::string& period,
                     const std::string& num, const std::string& den) {
  auto* v = s->add_items()->mutable_indicator_value();
  v->set_indicator_code(indicator);
  v->set_region_code(region);
  v->set_period(period);
  v->set_numerator(num);
  v->set_denominator(den);
  v->set_unit("%");
}

// Adds a value-only indicator item.
inline void AddValue(v1::Submission* s, const std::string& indicator,
                     const std::string& region, const std::string& period,
                     const std::string& value, const std::string& unit) {
  auto* v = s->add_items()->mutable_indicator_value();
  v->set_indicator_code(indicator);
  v->set_region_code(region);
  v->set_period(period);
  v->set_value(value);
  v->set_unit(unit);
}

inline void AddProgress(v1::Submission* s, const std::string& task,
                        const std::string& region, const std::string& period,
                        v1::TaskStatus status, const std::string& text) {
  auto* t = s->add_items()->mutable_task_progress();
  t->set_task_code(task);
  t->set_region_code(region);
  t->set_period(period);
  t->set_status(status);
  t->set_text(text);
}

class ViewsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HubOptions options;
    options.rules = *NewBuiltinRuleRegistry();
    options.sync = false;
    options.clock = [this] { return now_; };
    auto hub = Hub::Open(NewMemStore(), options);
    ASSERT_TRUE(hub.ok()) << hub.status();
    hub_ = *std::move(hub);
    // Loaded before any plan year: transaction times never go back along the
    // log, so the events a test makes later keep the times it sets.
    now_ = Cst(2021, 1, 2);
    auto loaded = hub_->UpdateCatalog(P("reform_office@350400"), SeedCatalog());
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    now_ = Cst(2024, 12, 20);
    ViewsOptions vo;
    vo.readers = [this] {
      HubReaders r = hub_->NewReaders();
      return ViewReaders{std::move(r.records), std::move(r.log)};
    };
    vo.clock = [this] { return now_; };
    vo.watch_poll = absl::Milliseconds(1);
    views_ = std::make_unique<Views>(std::move(vo));
  }

  // Submits s as its department at the current clock; fails the test when
  // refused.
  void Send(const v1::Submission& s, const std::string& region = "350400") {
    auto receipt = hub_->Submit(P(absl::StrCat(s.department(), "@", region)), s,
                                /*dry_run=*/false);
    ASSERT_TRUE(receipt.ok()) << receipt.status();
  }

  absl::Time now_ = Cst(2024, 12, 20);
  std::unique_ptr<Hub> hub_;
  std::unique_ptr<Views> views_;
};

}  // namespace views_testing
}  // namespace hub

#endif  // HUB_VIEWS_INTERNAL_VIEWS_TEST_UTIL_H_
