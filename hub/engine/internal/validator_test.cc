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

// The hub's clock in these tests: after every period they report.
const absl::Time kNow = absl::FromCivil(absl::CivilSecond(2026, 12, 1, 9, 0, 0),
                                        absl::UTCTimeZone());

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
  EXPECT_THAT(v[0].reason, ::testing::MatchesRegex("[A-Z_]+"));
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

TEST(AuthorizeTest, DepartmentsWriteOnlyTheirOwnDataInTheirJurisdiction) {
  auto catalog = Catalog::Build(SanmingTestCatalog());
  ASSERT_THAT(catalog, IsOk());
  v1::Submission s = SubsidySubmission("fin-1", "finance", "350424", "670.00");
  EXPECT_THAT(
      AuthorizeSubmission(**catalog, *Principal::Parse("finance@350400"), s),
      IsOk());
  EXPECT_THAT(
      AuthorizeSubmission(**catalog,
                          *Principal::Parse("medical_insurance@350400"), s),
      hub::testing::StatusIs(absl::StatusCode::kPermissionDenied,
                             HasSubstr("may only submit its own data")));
  EXPECT_THAT(
      AuthorizeSubmission(**catalog, *Principal::Parse("finance@411300"), s),
      hub::testing::StatusIs(absl::StatusCode::kPermissionDenied,
                             HasSubstr("items[0].region_code: 350424 is "
                                       "outside the jurisdiction 411300")));
  EXPECT_THAT(
      AuthorizeSubmission(**catalog, *Principal::Parse("analyst@350400"), s),
      hub::testing::StatusIs(absl::StatusCode::kPermissionDenied,
                             HasSubstr("may not submit")));
}

}  // namespace
}  // namespace internal
}  // namespace hub
