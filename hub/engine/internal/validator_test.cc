// Table-driven bad input: each malformed submission is refused with the
// exact status code, and the violation names the field and the reason.
#include "hub/engine/internal/validator.h"

#include <functional>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/engine/internal/test_fixtures.h"
#include "hub/model/errors.h"

namespace hub {
namespace internal {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::SanmingTestCatalog;
using ::hub::testing::SubsidySubmission;
using ::testing::HasSubstr;

struct BadCase {
  const char* name;
  std::function<void(v1::Submission*)> mutate;
  const char* field;
  const char* reason;
};

v1::IndicatorValue* Value(v1::Submission* s) {
  return s->mutable_items(0)->mutable_indicator_value();
}

v1::IndicatorValue* AddShare(v1::Submission* s) {
  s->set_department("health_commission");
  s->clear_items();
  auto* v = s->add_items()->mutable_indicator_value();
  v->set_indicator_code("primary_care_visit_share");
  v->set_region_code("350424");
  v->set_period("2024-07");
  v->set_numerator("6512");
  v->set_denominator("10000");
  v->set_unit("%");
  return v;
}

v1::TaskProgress* AddProgress(v1::Submission* s) {
  s->clear_items();
  auto* t = s->add_items()->mutable_task_progress();
  t->set_task_code("sm2024.10");
  t->set_region_code("350400");
  t->set_period("2024H1");
  t->set_status(v1::TASK_STATUS_IN_PROGRESS);
  return t;
}

// The hub's clock in these tests.
const absl::Time kNow =
    absl::FromCivil(absl::CivilDay(2025, 3, 1), absl::UTCTimeZone());

const BadCase kBadCases[] = {
    {"missing id", [](v1::Submission* s) { s->clear_submission_id(); },
     "submission_id", "required"},
    {"id with spaces", [](v1::Submission* s) { s->set_submission_id("a b"); },
     "submission_id", "must be 1-128 of"},
    {"unknown department",
     [](v1::Submission* s) { s->set_department("treasury"); }, "department",
     "unknown department \"treasury\""},
    {"no items", [](v1::Submission* s) { s->clear_items(); }, "items",
     "at least one item"},
    {"empty item", [](v1::Submission* s) { s->add_items(); }, "items[1]",
     "must hold indicator_value or task_progress"},
    {"unknown indicator",
     [](v1::Submission* s) { Value(s)->set_indicator_code("gdp"); },
     "items[0].indicator_value.indicator_code", "unknown indicator \"gdp\""},
    {"unknown region",
     [](v1::Submission* s) { Value(s)->set_region_code("359999"); },
     "items[0].indicator_value.region_code", "unknown region \"359999\""},
    {"bad month", [](v1::Submission* s) { Value(s)->set_period("2024-13"); },
     "items[0].indicator_value.period", "month must be 01..12"},
    {"period type not accepted",
     [](v1::Submission* s) { Value(s)->set_period("2024Q3"); },
     "items[0].indicator_value.period", "is reported by year, not by quarter"},
    {"wrong unit", [](v1::Submission* s) { Value(s)->set_unit("元"); },
     "items[0].indicator_value.unit", "\"元\" does not match \"元/人\""},
    {"missing unit", [](v1::Submission* s) { Value(s)->clear_unit(); },
     "items[0].indicator_value.unit", "required"},
    {"float value", [](v1::Submission* s) { Value(s)->set_value("6.7e2"); },
     "items[0].indicator_value.value", "exponent"},
    {"money finer than the fen",
     [](v1::Submission* s) { Value(s)->set_value("670.123"); },
     "items[0].indicator_value.value",
     "670.123 元/人 is finer than the fen: money has at most 2 decimal places"},
    {"value out of bounds",
     [](v1::Submission* s) { Value(s)->set_value("-5"); },
     "items[0].indicator_value.value", "below the minimum 0"},
    {"department may not report",
     [](v1::Submission* s) { s->set_department("health_commission"); },
     "items[0].indicator_value.indicator_code",
     "department health_commission does not report"},
    {"duplicate item", [](v1::Submission* s) { *s->add_items() = s->items(0); },
     "items[1]", "duplicates items[0]"},
    {"ratio without denominator",
     [](v1::Submission* s) { AddShare(s)->clear_denominator(); },
     "items[0].indicator_value.denominator", "required"},
    {"zero denominator",
     [](v1::Submission* s) { AddShare(s)->set_denominator("0"); },
     "items[0].indicator_value.denominator", "greater than zero"},
    {"value disagrees with components",
     [](v1::Submission* s) { AddShare(s)->set_value("70"); },
     "items[0].indicator_value.value",
     "disagrees with numerator/denominator = 65.12"},
    {"percent above 100",
     [](v1::Submission* s) { AddShare(s)->set_numerator("12000"); },
     "items[0].indicator_value.value", "above the maximum 100"},
    {"unknown task",
     [](v1::Submission* s) {
       s->clear_items();
       auto* t = s->add_items()->mutable_task_progress();
       t->set_task_code("sm2024.99");
       t->set_region_code("350400");
       t->set_period("2024H1");
       t->set_status(v1::TASK_STATUS_IN_PROGRESS);
     },
     "items[0].task_progress.task_code", "unknown task \"sm2024.99\""},
    {"task without status",
     [](v1::Submission* s) {
       s->clear_items();
       auto* t = s->add_items()->mutable_task_progress();
       t->set_task_code("sm2024.10");
       t->set_region_code("350400");
       t->set_period("2024H1");
     },
     "items[0].task_progress.status", "required"},
    {"task outside its jurisdiction",
     [](v1::Submission* s) {
       s->clear_items();
       auto* t = s->add_items()->mutable_task_progress();
       t->set_task_code("sm2024.10");
       t->set_region_code("411300");
       t->set_period("2024H1");
       t->set_status(v1::TASK_STATUS_COMPLETED);
     },
     "items[0].task_progress.region_code", "outside the jurisdiction 350400"},
    // Issue 12: input hygiene.
    {"period not begun",
     [](v1::Submission* s) { Value(s)->set_period("2026"); },
     "items[0].indicator_value.period",
     "period 2026 has not begun: it starts on 2026-01-01 (CST) and the hub's "
     "clock reads 2025-03-01"},
    {"note not UTF-8",
     [](v1::Submission* s) { Value(s)->set_note("\xED\xA0\x80"); },
     "items[0].indicator_value.note", "not valid UTF-8 (byte 0)"},
    {"note with a terminal escape",
     [](v1::Submission* s) { Value(s)->set_note("ok\x1b[2J verified OK"); },
     "items[0].indicator_value.note", "holds the control character U+001B"},
    {"note too long",
     [](v1::Submission* s) { Value(s)->set_note(std::string(4001, 'x')); },
     "items[0].indicator_value.note", "too long: 4001 bytes; at most 4000"},
    {"source system too long",
     [](v1::Submission* s) { s->set_source_system(std::string(300, 's')); },
     "source_system", "too long: 300 bytes; at most 256"},
    {"huge id",
     [](v1::Submission* s) { s->set_submission_id(std::string(5000, 'a')); },
     "submission_id", "too long: 5000 bytes; at most 128"},
    {"huge number",
     [](v1::Submission* s) { Value(s)->set_value(std::string(100, '9')); },
     "items[0].indicator_value.value", "not a number: 100 bytes; at most 64"},
    {"too many evidence entries",
     [](v1::Submission* s) {
       auto* t = AddProgress(s);
       for (int i = 0; i < 21; ++i) t->add_evidence("文件");
     },
     "items[0].task_progress.evidence", "21 entries; at most 20"},
    {"evidence too long",
     [](v1::Submission* s) {
       AddProgress(s)->add_evidence(std::string(1001, 'e'));
     },
     "items[0].task_progress.evidence[0]",
     "too long: 1001 bytes; at most 1000"},
    {"progress text with a bidi override",
     [](v1::Submission* s) {
       AddProgress(s)->set_text("已完成\xE2\x80\xAE成完未");
     },
     "items[0].task_progress.text", "U+202E"},
    {"too many conversions",
     [](v1::Submission* s) {
       auto* p = Value(s)->mutable_provenance();
       for (int i = 0; i < 65; ++i) p->add_conversions()->set_field("value");
     },
     "items[0].indicator_value.provenance.conversions",
     "65 conversions; at most 64"},
    {"provenance source too long",
     [](v1::Submission* s) {
       Value(s)->mutable_provenance()->set_source(std::string(257, 'f'));
     },
     "items[0].indicator_value.provenance.source", "too long"},
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class BadSubmissionTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadSubmissionTest, RejectedWithFieldAndReason) {
  auto catalog = Catalog::Build(SanmingTestCatalog());
  ASSERT_THAT(catalog, IsOk());
  v1::Submission s =
      SubsidySubmission("fin-2024-001", "finance", "350424", "670.00");
  GetParam().mutate(&s);
  auto result = ValidateSubmission(**catalog, s, kNow);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument)
      << result.status();
  std::vector<FieldViolation> v = GetFieldViolations(result.status());
  ASSERT_EQ(v.size(), 1u) << result.status();
  EXPECT_EQ(v[0].field, GetParam().field);
  EXPECT_THAT(v[0].description, HasSubstr(GetParam().reason));
  // Every violation carries a stable reason code and its Chinese message,
  // with every value it names filled in.
  EXPECT_THAT(v[0].reason, ::testing::MatchesRegex("[A-Z][A-Z0-9_]*"));
  EXPECT_FALSE(v[0].localized.empty()) << v[0].reason;
  EXPECT_THAT(v[0].localized, ::testing::Not(HasSubstr("{"))) << v[0].reason;
}

TEST(ValidatorTest, ReasonCodeAndChineseMessageOfABadPeriod) {
  auto catalog = Catalog::Build(SanmingTestCatalog());
  ASSERT_THAT(catalog, IsOk());
  v1::Submission s =
      SubsidySubmission("fin-2024-001", "finance", "350424", "670.00");
  s.mutable_items(0)->mutable_indicator_value()->set_period("2024-13");
  std::vector<FieldViolation> v =
      GetFieldViolations(ValidateSubmission(**catalog, s, kNow).status());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].field, "items[0].indicator_value.period");
  EXPECT_EQ(v[0].reason, "INVALID_PERIOD");
  EXPECT_THAT(v[0].description, HasSubstr("month must be 01..12"));
  EXPECT_EQ(v[0].localized,
            "“2024-13”不是有效的报告期（应写作 2024、2024H1、2024Q3、"
            "2024-07 或 2024Q1-Q3）");
}

INSTANTIATE_TEST_SUITE_P(Table, BadSubmissionTest,
                         ::testing::ValuesIn(kBadCases),
                         [](const ::testing::TestParamInfo<BadCase>& info) {
                           std::string n = info.param.name;
                           for (char& c : n)
                             if (!isalnum(c)) c = '_';
                           return n;
                         });

TEST(ValidatorTest, ReportsEveryViolationAtOnce) {
  auto catalog = Catalog::Build(SanmingTestCatalog());
  ASSERT_THAT(catalog, IsOk());
  v1::Submission s = SubsidySubmission("fin-1", "finance", "359999", "abc");
  Value(&s)->set_period("2024-13");
  auto result = ValidateSubmission(**catalog, s, kNow);
  std::vector<std::string> fields;
  for (const auto& v : GetFieldViolations(result.status()))
    fields.push_back(v.field);
  EXPECT_THAT(fields, ::testing::UnorderedElementsAre(
                          "items[0].indicator_value.region_code",
                          "items[0].indicator_value.period",
                          "items[0].indicator_value.value"));
  EXPECT_THAT(result.status().message(),
              HasSubstr("submission \"fin-1\" rejected, 3 invalid fields"));
}

TEST(ValidatorTest, NormalizesRatioFromComponents) {
  auto catalog = Catalog::Build(SanmingTestCatalog());
  ASSERT_THAT(catalog, IsOk());
  v1::Submission s;
  s.set_submission_id("hc-1");
  AddShare(&s);
  auto items = ValidateSubmission(**catalog, s, kNow);
  ASSERT_THAT(items, IsOk());
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].contribution.value(), "65.12");
  EXPECT_EQ((*items)[0].contribution.numerator(), "6512");
  EXPECT_EQ((*items)[0].key.period(), "2024-07");
}

}  // namespace
}  // namespace internal
}  // namespace hub
