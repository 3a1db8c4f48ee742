// Figures are compared as exact decimals everywhere (issue 9): "655" and
// "655.00" are one figure for the unchanged check, agreement between
// departments and a standing resolution; the stored text is one canonical
// form at the indicator's precision and the department's own text stays in
// the provenance.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/engine/internal/hub_fixture.h"
#include "hub/engine/internal/test_fixtures.h"

namespace hub {
namespace {

using ::hub::testing::IndicatorKey;
using ::hub::testing::IsOk;
using ::hub::testing::P;
using ::hub::testing::SubsidySubmission;

constexpr char kSubsidy[] = "resident_insurance_subsidy_per_person";
constexpr char kSanyuan[] = "350404";  // 三元区, 三明市

class ExactFiguresTest : public ::hub::testing::SeedHubTest {
 protected:
  v1::RecordKey Key() { return IndicatorKey(kSubsidy, kSanyuan, "2024"); }
  v1::Receipt MustSubmit(const std::string& id, const std::string& dept,
                         const std::string& value) {
    auto r = Submit(absl::StrCat(dept, "@350400"),
                    SubsidySubmission(id, dept, kSanyuan, value));
    EXPECT_THAT(r, IsOk());
    return r.ok() ? *r : v1::Receipt();
  }
  int CountAfter(uint64_t after, v1::EventKind kind) {
    int n = 0;
    for (const auto& e : EventsAfter(after)) n += e.kind() == kind;
    return n;
  }
};

TEST_F(ExactFiguresTest, ResendingTheSameFigureInOtherTextChangesNothing) {
  MustSubmit("mi-1", "medical_insurance", "655.00");
  v1::MergedRecord first = Get(Key());
  uint64_t head = hub_->head().sequence;
  v1::Receipt again = MustSubmit("mi-2", "medical_insurance", "655");
  ASSERT_EQ(again.items_size(), 1);
  EXPECT_EQ(again.items(0).action(), v1::ItemOutcome::ACTION_UNCHANGED);
  v1::MergedRecord after = Get(Key());
  EXPECT_EQ(after.version(), first.version());
  EXPECT_EQ(after.etag(), first.etag());
  EXPECT_EQ(CountAfter(head, v1::EVENT_KIND_RECORD_CHANGED), 0);
}

TEST_F(ExactFiguresTest, StoredTextIsCanonicalAndTheOwnTextIsProvenance) {
  MustSubmit("fin-1", "finance", "660");
  MustSubmit("mi-1", "medical_insurance", "660.0");
  v1::MergedRecord r = Get(Key());
  EXPECT_EQ(r.state(), v1::RECORD_STATE_AGREED);
  EXPECT_EQ(r.value(), "660.00");  // precision 2 of the seed catalog
  ASSERT_EQ(r.contributions_size(), 2);
  for (const v1::Contribution& c : r.contributions()) {
    EXPECT_EQ(c.value(), "660.00") << c.department();
    ASSERT_EQ(c.provenance().conversions_size(), 1) << c.department();
    EXPECT_EQ(c.provenance().conversions(0).field(), "value");
    EXPECT_EQ(c.provenance().conversions(0).to(), "660.00");
  }
  EXPECT_EQ(r.contributions(0).provenance().conversions(0).from(), "660");
  EXPECT_EQ(r.contributions(1).provenance().conversions(0).from(), "660.0");
}

TEST_F(ExactFiguresTest, CanonicalTextNeedsNoProvenance) {
  MustSubmit("fin-1", "finance", "660.00");
  EXPECT_FALSE(Get(Key()).contributions(0).has_provenance());
}

TEST_F(ExactFiguresTest, SameFigureInOtherTextDoesNotReopenAResolution) {
  MustSubmit("fin-1", "finance", "670.00");
  MustSubmit("mi-1", "medical_insurance", "655.00");
  ASSERT_EQ(Get(Key()).state(), v1::RECORD_STATE_CONFLICT);
  ResolveRequest choose;
  choose.key = Key();
  choose.etag = Get(Key()).etag();
  choose.chosen_department = "finance";
  choose.reason = "以财政预算执行数为准";
  ASSERT_THAT(hub_->Resolve(P("reform_office@350400"), choose), IsOk());
  v1::MergedRecord resolved = Get(Key());
  uint64_t head = hub_->head().sequence;
  MustSubmit("mi-2", "medical_insurance", "655");
  v1::MergedRecord after = Get(Key());
  EXPECT_EQ(after.state(), v1::RECORD_STATE_RESOLVED);
  EXPECT_EQ(after.version(), resolved.version());
  EXPECT_EQ(CountAfter(head, v1::EVENT_KIND_CONFLICT_OPENED), 0);
  EXPECT_EQ(CountAfter(head, v1::EVENT_KIND_RECORD_CHANGED), 0);
}

TEST_F(ExactFiguresTest, AnEnteredResolutionIsStoredAtThePrecision) {
  MustSubmit("fin-1", "finance", "670.00");
  MustSubmit("mi-1", "medical_insurance", "640.00");
  ResolveRequest enter;
  enter.key = Key();
  enter.etag = Get(Key()).etag();
  enter.value = "660";
  enter.reason = "按核定口径";
  auto r = hub_->Resolve(P("reform_office@350400"), enter);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->value(), "660.00");
  EXPECT_EQ(r->resolution().value(), "660.00");
}

TEST_F(ExactFiguresTest, RatioComponentsAreComparedAsNumbers) {
  auto share = [](const std::string& id, const std::string& num,
                  const std::string& den) {
    v1::Submission s;
    s.set_submission_id(id);
    s.set_department("health_commission");
    auto* v = s.add_items()->mutable_indicator_value();
    v->set_indicator_code("primary_care_visit_share");
    v->set_region_code("350421");
    v->set_period("2024H1");
    v->set_numerator(num);
    v->set_denominator(den);
    v->set_unit("%");
    return s;
  };
  ASSERT_THAT(
      Submit("health_commission@350400", share("hc-1", "380000.0", "589110")),
      IsOk());
  v1::MergedRecord first =
      Get(IndicatorKey("primary_care_visit_share", "350421", "2024H1"));
  EXPECT_EQ(first.contributions(0).numerator(), "380000");
  EXPECT_EQ(first.value(), "64.50");
  auto again =
      Submit("health_commission@350400", share("hc-2", "380000", "589110.00"));
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->items(0).action(), v1::ItemOutcome::ACTION_UNCHANGED);
}

}  // namespace
}  // namespace hub
