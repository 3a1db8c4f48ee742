#include "hub/catalog/catalog.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/model/errors.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

v1::Catalog SanmingCatalog() {
  v1::Catalog c;
  auto dept = [&](const char* code, const char* name) {
    auto* d = c.add_departments();
    d->set_code(code);
    d->set_name(name);
  };
  dept("finance", "财政局");
  dept("medical_insurance", "医保局");
  auto region = [&](const char* code, const char* name, const char* parent) {
    auto* r = c.add_regions();
    r->set_code(code);
    r->set_name(name);
    r->set_parent_code(parent);
  };
  region("350000", "福建省", "");
  region("350400", "三明市", "350000");
  region("350424", "宁化县", "350400");
  region("350481", "永安市", "350400");
  region("411300", "南阳市", "");
  auto* ind = c.add_indicators();
  ind->set_code("resident_insurance_subsidy_per_person");
  ind->set_name("居民医保人均财政补助标准");
  ind->set_unit("元/人");
  ind->set_dimension(v1::DIMENSION_YUAN_PER_PERSON);
  ind->add_period_types(v1::PERIOD_TYPE_YEAR);
  ind->set_owner_department("finance");
  ind->add_contributing_departments("medical_insurance");
  ind->set_tolerance("1");
  auto* plan = c.add_plans();
  plan->set_code("sm2024");
  plan->set_document_number("明医改组〔2024〕4号");
  plan->set_region_code("350400");
  plan->add_reporting_dates("2024-07-25");
  auto* task = c.add_tasks();
  task->set_code("sm2024.10");
  task->set_plan_code("sm2024");
  task->set_region_code("350400");
  task->add_lead_departments("medical_insurance");
  task->mutable_deadline()->set_kind(v1::DEADLINE_KIND_YEAR);
  task->mutable_deadline()->set_value("2024");
  task->add_indicator_codes("resident_insurance_subsidy_per_person");
  return c;
}

TEST(CatalogTest, BuildsAndLooksUp) {
  auto catalog = Catalog::Build(SanmingCatalog());
  ASSERT_THAT(catalog, IsOk());
  const Catalog& c = **catalog;
  ASSERT_NE(c.FindRegion("350424"), nullptr);
  EXPECT_EQ(c.FindRegion("350424")->name(), "宁化县");
  EXPECT_EQ(c.FindDepartment("nobody"), nullptr);
  EXPECT_EQ(c.FindTask("sm2024.10")->lead_departments(0), "medical_insurance");
}

TEST(CatalogTest, SubtreesFollowParents) {
  auto catalog = Catalog::Build(SanmingCatalog());
  ASSERT_THAT(catalog, IsOk());
  const Catalog& c = **catalog;
  EXPECT_TRUE(c.InSubtree("350424", "350000"));
  EXPECT_TRUE(c.InSubtree("350400", "350400"));
  EXPECT_FALSE(c.InSubtree("350400", "350424"));
  EXPECT_FALSE(c.InSubtree("411300", "350000"));
  EXPECT_FALSE(c.InSubtree("999999", "350000"));
  EXPECT_THAT(c.Subtree("350400"), ElementsAre("350400", "350424", "350481"));
  EXPECT_TRUE(c.Subtree("999999").empty());
}

TEST(CatalogTest, ReportsEveryBrokenReference) {
  v1::Catalog bad = SanmingCatalog();
  bad.mutable_regions(2)->set_parent_code("359999");
  bad.mutable_indicators(0)->set_owner_department("treasury");
  bad.mutable_tasks(0)->add_indicator_codes("no_such_indicator");
  bad.mutable_tasks(0)->mutable_deadline()->set_kind(v1::DEADLINE_KIND_DATE);
  bad.mutable_tasks(0)->mutable_deadline()->set_value("2022年6月30日");
  auto built = Catalog::Build(bad);
  EXPECT_THAT(built, StatusIs(absl::StatusCode::kInvalidArgument,
                              HasSubstr("catalog rejected")));
  std::vector<std::string> fields;
  for (const auto& v : GetFieldViolations(built.status()))
    fields.push_back(v.field);
  EXPECT_THAT(
      fields,
      ElementsAre("regions[2].parent_code", "indicators[0].owner_department",
                  "tasks[0].indicator_codes[1]", "tasks[0].deadline.value"));
}

std::vector<FieldViolation> Violations(const v1::Catalog& c) {
  return GetFieldViolations(Catalog::Build(c).status());
}

TEST(CatalogTest, RegionsFormATreeWithoutCycles) {
  v1::Catalog bad = SanmingCatalog();
  bad.mutable_regions(0)->set_parent_code("350424");  // 福建省 under 宁化县
  std::vector<FieldViolation> v = Violations(bad);
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(v[0].field, "regions[0].parent_code");
  EXPECT_THAT(v[0].description, HasSubstr("makes a cycle"));
}

TEST(CatalogTest, EveryTextIsCheckedWhereverItIs) {
  v1::Catalog bad = SanmingCatalog();
  bad.mutable_regions(1)->set_name("三明\x1b[2J市");
  bad.mutable_departments(0)->set_name("\xC0\xAF");
  bad.mutable_indicators(0)->set_unit(std::string(600, 'u'));
  bad.mutable_tasks(0)->set_text("第一行\n第二行");  // a long text may break
  bad.mutable_tasks(0)->mutable_deadline()->set_source_text("\xE2\x80\xAE");
  std::vector<std::string> fields, why;
  for (const auto& v : Violations(bad)) {
    fields.push_back(v.field);
    why.push_back(v.description);
  }
  EXPECT_THAT(fields,
              ::testing::UnorderedElementsAre(
                  "departments[0].name", "regions[1].name",
                  "indicators[0].unit", "tasks[0].deadline.source_text"));
  EXPECT_THAT(why, ::testing::Contains(HasSubstr("not valid UTF-8")));
  EXPECT_THAT(why, ::testing::Contains(
                       HasSubstr("holds the control character U+001B")));
  EXPECT_THAT(why, ::testing::Contains(HasSubstr("too long: 600 bytes")));
}

TEST(CatalogTest, RefusesANegativeTolerance) {
  v1::Catalog bad = SanmingCatalog();
  bad.mutable_indicators(0)->set_tolerance("-1");
  auto built = Catalog::Build(bad);
  ASSERT_THAT(built, StatusIs(absl::StatusCode::kInvalidArgument,
                              HasSubstr("catalog rejected")));
  auto v = GetFieldViolations(built.status());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].field, "indicators[0].tolerance");
  EXPECT_EQ(v[0].description,
            "\"-1\" is negative: a tolerance is an absolute difference, 0 or "
            "more");
  EXPECT_EQ(v[0].reason, "NEGATIVE_TOLERANCE");
  EXPECT_EQ(v[0].localized, "“-1”为负数：容差是差额的绝对值，应为 0 或更大");
}

TEST(CatalogTest, RefusesANumeratorRuleOnAnIndicatorWithoutParts) {
  v1::Catalog bad = SanmingCatalog();
  auto* rule = bad.mutable_indicators(0)->add_validation_rules();
  rule->set_code("subsidy_numerator");
  rule->set_kind(v1::ValidationRule::KIND_NUMERATOR_NOT_ABOVE_DENOMINATOR);
  rule->set_severity(v1::SEVERITY_ERROR);
  auto v = GetFieldViolations(Catalog::Build(bad).status());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].field, "indicators[0].validation_rules[0].kind");
  EXPECT_THAT(v[0].description, HasSubstr("is not a ratio"));
  EXPECT_EQ(v[0].reason, "RULE_NEEDS_RATIO");
  EXPECT_EQ(v[0].localized,
            bad.indicators(0).code() + " 不是比率指标：没有分子和分母可比较");
}

TEST(CatalogTest, RejectsDuplicateAndMalformedCodes) {
  v1::Catalog bad = SanmingCatalog();
  *bad.add_departments() = bad.departments(0);
  bad.mutable_regions(3)->set_code("35048");
  auto built = Catalog::Build(bad);
  ASSERT_FALSE(built.ok());
  auto v = GetFieldViolations(built.status());
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].field, "departments[2].code");
  EXPECT_THAT(v[0].description, HasSubstr("duplicate code \"finance\""));
  EXPECT_EQ(v[1].field, "regions[3].code");
  EXPECT_THAT(v[1].description, HasSubstr("six-digit"));
}

TEST(CatalogTest, MergeReplacesByCodeAndSorts) {
  v1::Catalog base = SanmingCatalog();
  v1::Catalog update;
  auto* d = update.add_departments();
  d->set_code("finance");
  d->set_name("市财政局");
  auto* e = update.add_departments();
  e->set_code("development_reform");
  e->set_name("发改委");
  v1::Catalog merged = Catalog::Merge(base, update);
  ASSERT_EQ(merged.departments_size(), 3);
  EXPECT_EQ(merged.departments(0).code(), "development_reform");
  EXPECT_EQ(merged.departments(1).name(), "市财政局");
  EXPECT_EQ(merged.regions_size(), base.regions_size());
}

TEST(CatalogTest, PersistsOnlyChangedEntries) {
  std::unique_ptr<Store> store = NewMemStore();
  v1::Catalog empty;
  v1::Catalog first = Catalog::Merge(empty, SanmingCatalog());
  WriteBatch batch;
  EXPECT_EQ(PutCatalogChanges(empty, first, &batch), 2 + 5 + 1 + 1 + 1);
  ASSERT_THAT(store->Write(batch, true), IsOk());
  auto loaded = LoadCatalog(*store);
  ASSERT_THAT(loaded, IsOk());
  EXPECT_EQ(loaded->SerializeAsString(), first.SerializeAsString());

  v1::Catalog second = first;
  second.mutable_regions(2)->set_name("宁化县（改）");
  WriteBatch again;
  EXPECT_EQ(PutCatalogChanges(first, second, &again), 1);
}

TEST(CatalogTest, SeedCatalogFilesAreValid) {
  // The real seed catalog is exercised end to end by the demo test in
  // tools/demo; here only a smoke check that the builder accepts an empty one.
  EXPECT_THAT(Catalog::Build(v1::Catalog()), IsOk());
}

}  // namespace
}  // namespace hub
