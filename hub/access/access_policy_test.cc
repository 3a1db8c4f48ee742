#include "hub/access/access_policy.h"

#include <map>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/model/errors.h"

namespace hub {
namespace access {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;
using ::testing::HasSubstr;

Principal P(const std::string& text) { return *Principal::Parse(text); }

// Three provinces of the seeds, with a city and a county each where the
// seeds have them.
v1::Catalog TreeCatalog() {
  v1::Catalog c;
  for (const char* d : {"finance", "medical_insurance", "reform_office"}) {
    auto* dep = c.add_departments();
    dep->set_code(d);
    dep->set_name(d);
  }
  for (auto [code, parent] : {std::pair{"350000", ""},
                              {"350400", "350000"},
                              {"350424", "350400"},
                              {"410000", ""},
                              {"411300", "410000"},
                              {"500000", ""},
                              {"500110", "500000"}}) {
    auto* r = c.add_regions();
    r->set_code(code);
    r->set_name(code);
    r->set_parent_code(parent);
  }
  auto* ind = c.add_indicators();
  ind->set_code("resident_insurance_subsidy_per_person");
  ind->set_name("居民医保人均财政补助标准");
  ind->set_unit("元/人");
  ind->set_dimension(v1::DIMENSION_YUAN_PER_PERSON);
  ind->add_period_types(v1::PERIOD_TYPE_YEAR);
  ind->set_owner_department("finance");
  for (const char* region : {"350400", "411300"}) {
    auto* t = ind->add_targets();
    t->set_comparator(v1::COMPARATOR_INCREASE_BY);
    t->set_value("30");
    t->set_region_code(region);
  }
  for (auto [code, region] : {std::pair{"sm2024", "350400"},
                              {"ny2022", "411300"},
                              {"fj2024", "350000"}}) {
    auto* plan = c.add_plans();
    plan->set_code(code);
    plan->set_region_code(region);
    auto* task = c.add_tasks();
    task->set_code(std::string(code) + ".1");
    task->set_plan_code(code);
    task->set_region_code(region);
  }
  return c;
}

class AccessPolicyTest : public ::testing::Test {
 protected:
  AccessPolicyTest() : catalog_(*Catalog::Build(TreeCatalog())) {}
  AccessPolicy policy() const { return AccessPolicy(*catalog_); }

  std::unique_ptr<const Catalog> catalog_;
};

// The grants, written out as the spec (DESIGN.md section 6).
const std::map<Role, std::set<Action>>& Grants() {
  static const auto* grants = new std::map<Role, std::set<Action>>{
      {Role::kDepartment,
       {Action::kSubmit, Action::kReadRecords, Action::kReadCatalog,
        Action::kReadLog}},
      {Role::kReformOffice,
       {Action::kSubmit, Action::kReadRecords, Action::kReadCatalog,
        Action::kEditCatalog, Action::kReadLog, Action::kVerifyChain,
        Action::kRebuild, Action::kListConflicts, Action::kResolve,
        Action::kApprovePeriod, Action::kLockPeriod, Action::kUnlockPeriod,
        Action::kListLocks}},
      {Role::kAnalyst, {Action::kReadRecords, Action::kReadCatalog}},
      {Role::kAuditor,
       {Action::kReadRecords, Action::kReadCatalog, Action::kReadLog,
        Action::kVerifyChain, Action::kRebuild}},
      {Role::kOperator, {Action::kOperate}},
  };
  return *grants;
}

bool IsPublic(Action a) {
  return a == Action::kReadCheckpoint || a == Action::kProveInclusion ||
         a == Action::kProveConsistency;
}

// Targets relative to a principal of Sanming (350400).
enum class Where {
  kNone,
  kOwn,
  kOwnCounty,
  kOther,
  kAncestor,
  kUnknown,
  kMalformed
};
const std::map<Where, std::string>& Regions() {
  static const auto* r =
      new std::map<Where, std::string>{{Where::kNone, ""},
                                       {Where::kOwn, "350400"},
                                       {Where::kOwnCounty, "350424"},
                                       {Where::kOther, "411300"},
                                       {Where::kAncestor, "350000"},
                                       {Where::kUnknown, "999999"},
                                       {Where::kMalformed, "35O4OO"}};
  return *r;
}

TEST_F(AccessPolicyTest, EveryRoleTimesEveryActionTimesEveryPlace) {
  int checked = 0;
  for (const char* who :
       {"finance@350400", "reform_office@350400", "analyst@350400",
        "auditor@350400", "operator@350400"}) {
    const Principal p = P(who);
    for (Action a : kAllActions) {
      const bool granted = IsPublic(a) || Grants().at(p.role).count(a) > 0;
      for (const auto& [where, region] : Regions()) {
        for (bool other_department : {false, true}) {
          Target t = Target::Region(region, "region_code");
          if (other_department)
            t.department = "medical_insurance";
          else if (p.role == Role::kDepartment || a == Action::kSubmit)
            t.department = p.department;
          absl::StatusCode want = absl::StatusCode::kOk;
          const bool scoped = !IsPublic(a) && a != Action::kOperate;
          const bool own_only =
              a == Action::kSubmit || p.role == Role::kDepartment;
          if (!granted) {
            want = absl::StatusCode::kPermissionDenied;
          } else if (!scoped) {
            want = absl::StatusCode::kOk;
          } else if (other_department && own_only) {
            want = absl::StatusCode::kPermissionDenied;
          } else if (where == Where::kUnknown || where == Where::kMalformed) {
            want = absl::StatusCode::kInvalidArgument;
          } else if (where == Where::kOther || where == Where::kAncestor) {
            want = absl::StatusCode::kPermissionDenied;
          }
          absl::Status got = policy().Check(p, a, t);
          EXPECT_EQ(got.code(), want)
              << who << " " << ActionName(a) << " in \"" << region << "\""
              << (other_department ? " (other department)" : "") << ": " << got;
          if (want == absl::StatusCode::kInvalidArgument) {
            ASSERT_EQ(GetFieldViolations(got).size(), 1u);
            EXPECT_EQ(GetFieldViolations(got)[0].field, "region_code");
          }
          if (want == absl::StatusCode::kPermissionDenied) {
            EXPECT_THAT(got.message(),
                        HasSubstr(absl::StrCat(who, " (", RoleName(p.role),
                                               ") may not ", ActionName(a))));
          }
          ++checked;
        }
      }
    }
  }
  EXPECT_EQ(checked, 5 * 17 * 7 * 2);
}

TEST_F(AccessPolicyTest, APrincipalOfNoKnownRegionMayOnlyReadPublicThings) {
  for (const char* who : {"reform_office@999999", "auditor@999999"}) {
    for (Action a : kAllActions) {
      absl::Status got = policy().Check(P(who), a);
      if (IsPublic(a)) {
        EXPECT_THAT(got, IsOk()) << ActionName(a);
      } else {
        EXPECT_THAT(got, StatusIs(absl::StatusCode::kPermissionDenied))
            << ActionName(a);
      }
    }
  }
  EXPECT_THAT(policy().Check(P("auditor@999999"), Action::kReadLog),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("its jurisdiction 999999 is not a region")));
}

TEST_F(AccessPolicyTest, ReasonsHaveOneFormat) {
  EXPECT_THAT(policy().Check(P("analyst@350400"), Action::kSubmit),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       "analyst@350400 (analyst) may not submit data: only "
                       "departments and the reform office submit data"));
  EXPECT_THAT(policy().Check(P("analyst@350400"), Action::kReadRecords,
                             Target::Region("411300", "key.region_code")),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       "key.region_code: analyst@350400 (analyst) may not read "
                       "records in 411300: outside its jurisdiction 350400"));
  EXPECT_THAT(policy().Check(P("finance@350400"), Action::kSubmit,
                             Target::DataOf("medical_insurance", "department")),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("department: finance@350400 (department) may "
                                 "not submit data of medical_insurance")));
}

v1::Submission Sub(const std::string& department,
                   std::vector<std::string> regions) {
  v1::Submission s;
  s.set_department(department);
  for (const std::string& r : regions) {
    s.add_items()->mutable_indicator_value()->set_region_code(r);
  }
  return s;
}

TEST_F(AccessPolicyTest, SubmissionsStayInTheirDepartmentAndJurisdiction) {
  const Principal finance = P("finance@350400");
  EXPECT_THAT(policy().CheckSubmission(finance, Sub("finance", {"350424"})),
              IsOk());
  EXPECT_THAT(
      policy().CheckSubmission(finance, Sub("finance", {"350424", "411300"})),
      StatusIs(absl::StatusCode::kPermissionDenied,
               HasSubstr("items[1].indicator_value.region_code: ")));
  // Unknown regions are the validator's to name, with every other problem.
  EXPECT_THAT(policy().CheckSubmission(finance, Sub("finance", {"999999"})),
              IsOk());
  v1::Submission scoped = Sub("finance", {"350424"});
  scoped.mutable_replace_scope()->set_region_code("350000");
  EXPECT_THAT(policy().CheckSubmission(finance, scoped),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("replace_scope.region_code: ")));
  EXPECT_THAT(policy().CheckSubmission(P("reform_office@350400"),
                                       Sub("finance", {"350424"})),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("submits only as reform_office")));
}

// --- catalog edits ----------------------------------------------------------

class CatalogChangeTest : public AccessPolicyTest {
 protected:
  absl::Status Change(const std::string& who, const v1::Catalog& update) {
    auto next = Catalog::Build(Catalog::Merge(catalog_->proto(), update));
    EXPECT_TRUE(next.ok()) << next.status();
    return policy().CheckCatalogChange(P(who), **next);
  }
  v1::Catalog PlanTitled(const std::string& code, const std::string& title) {
    v1::Catalog u;
    *u.add_plans() = *catalog_->FindPlan(code);
    u.mutable_plans(0)->set_title(title);
    return u;
  }
  v1::Catalog Reparent(const std::string& code, const std::string& parent) {
    v1::Catalog u;
    *u.add_regions() = *catalog_->FindRegion(code);
    u.mutable_regions(0)->set_parent_code(parent);
    return u;
  }
};

TEST_F(CatalogChangeTest, AnOfficeChangesOnlyPlansOfItsSubtree) {
  v1::Catalog u = PlanTitled("sm2024", "明医改组〔2024〕4号 修订");
  EXPECT_THAT(Change("reform_office@350400", u), IsOk());
  EXPECT_THAT(Change("reform_office@350000", u), IsOk());
  // The three: another city, a county of Sanming, no such region.
  for (const char* who : {"reform_office@500110", "reform_office@350424",
                          "reform_office@999999"}) {
    EXPECT_THAT(Change(who, u), StatusIs(absl::StatusCode::kPermissionDenied))
        << who;
  }
  EXPECT_THAT(Change("reform_office@500110", u),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       "plans[sm2024].region_code: reform_office@500110 "
                       "(reform office) may not change the catalog in 350400: "
                       "outside its jurisdiction 500110"));
  EXPECT_THAT(Change("finance@350400", u),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("(department) may not change the catalog")));
}

TEST_F(CatalogChangeTest, ReparentingNeedsBothPlaces) {
  EXPECT_THAT(Change("reform_office@500110", Reparent("350424", "500110")),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("regions[350424]")));
  EXPECT_THAT(Change("reform_office@350400", Reparent("350424", "500110")),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("regions[350424].parent_code")));
  // Within one's own subtree it is a change at one place.
  v1::Catalog u = Reparent("350424", "350400");
  u.mutable_regions(0)->set_name("宁化县");
  EXPECT_THAT(Change("reform_office@350400", u), IsOk());
  // A city cannot become a root or move under another province.
  EXPECT_THAT(Change("reform_office@350400", Reparent("350400", "410000")),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Change("reform_office@350400", Reparent("350400", "")),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Change("reform_office@350000", Reparent("500110", "350000")),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(CatalogChangeTest, SharedEntriesAreForProvinceLevelOffices) {
  v1::Catalog u;
  *u.add_indicators() =
      *catalog_->FindIndicator("resident_insurance_subsidy_per_person");
  u.mutable_indicators(0)->set_rule("must_agree");
  EXPECT_THAT(Change("reform_office@350400", u),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("indicator definition is shared")));
  EXPECT_THAT(Change("reform_office@350000", u), IsOk());
  v1::Catalog dep;
  auto* d = dep.add_departments();
  d->set_code("tcm");
  d->set_name("中医药管理局");
  EXPECT_THAT(Change("reform_office@350400", dep),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("departments[tcm]")));
  EXPECT_THAT(Change("reform_office@410000", dep), IsOk());
  v1::Catalog root;
  auto* r = root.add_regions();
  r->set_code("440000");
  r->set_name("广东省");
  EXPECT_THAT(Change("reform_office@350000", root),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("new root region")));
}

TEST_F(CatalogChangeTest, TargetsBelongToTheirRegion) {
  v1::Catalog u;
  *u.add_indicators() =
      *catalog_->FindIndicator("resident_insurance_subsidy_per_person");
  u.mutable_indicators(0)->mutable_targets(0)->set_value("40");  // 350400
  EXPECT_THAT(Change("reform_office@350400", u), IsOk());
  EXPECT_THAT(Change("reform_office@410000", u),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("indicators[resident_insurance_subsidy_per_"
                                 "person].targets")));
  v1::Catalog nanyang;
  *nanyang.add_indicators() =
      *catalog_->FindIndicator("resident_insurance_subsidy_per_person");
  nanyang.mutable_indicators(0)->mutable_targets(1)->set_value("40");
  EXPECT_THAT(Change("reform_office@350400", nanyang),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Change("reform_office@350000", nanyang),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(CatalogChangeTest, UnchangedEntriesNeedNoRight) {
  EXPECT_THAT(Change("reform_office@500110", catalog_->proto()), IsOk());
}

TEST(CatalogSetupTest, TheFirstCatalogIsLoadedWholeByAnOfficeItContains) {
  auto empty = *Catalog::Build(v1::Catalog());
  auto first = *Catalog::Build(TreeCatalog());
  AccessPolicy policy(*empty);
  EXPECT_THAT(policy.CheckCatalogChange(P("reform_office@350400"), *first),
              IsOk());
  EXPECT_THAT(policy.CheckCatalogChange(P("reform_office@999999"), *first),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("must contain its region 999999")));
  EXPECT_THAT(policy.CheckCatalogChange(P("analyst@350400"), *first),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(policy.CheckCatalogEditor(P("reform_office@999999")), IsOk());
  EXPECT_THAT(policy.CheckCatalogEditor(P("auditor@350400")),
              StatusIs(absl::StatusCode::kPermissionDenied));
  // Once there is a catalog, an office of no region in it edits nothing.
  AccessPolicy loaded(*first);
  EXPECT_THAT(loaded.CheckCatalogEditor(P("reform_office@999999")),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(loaded.CheckCatalogEditor(P("reform_office@500110")), IsOk());
}

// --- reads of the log and the catalog --------------------------------------

v1::ChangeEvent RecordEvent(const std::string& actor,
                            const std::string& region) {
  v1::ChangeEvent e;
  e.set_actor(actor);
  e.set_kind(v1::EVENT_KIND_RECORD_CHANGED);
  e.mutable_record_key()->set_region_code(region);
  return e;
}

v1::ChangeEvent SubmissionEvent(const std::string& actor) {
  v1::ChangeEvent e;
  e.set_actor(actor);
  e.set_kind(v1::EVENT_KIND_SUBMISSION_ACCEPTED);
  return e;
}

TEST_F(AccessPolicyTest, LogReadsStayInTheJurisdiction) {
  const AccessPolicy pol = policy();
  const Principal auditor = P("auditor@350400");
  EXPECT_TRUE(
      pol.MayReadEvent(auditor, RecordEvent("finance@350400", "350424")));
  EXPECT_FALSE(
      pol.MayReadEvent(auditor, RecordEvent("finance@411300", "411300")));
  EXPECT_TRUE(pol.MayReadEvent(auditor, SubmissionEvent("finance@350400")));
  EXPECT_FALSE(pol.MayReadEvent(auditor, SubmissionEvent("finance@411300")));
  // An auditor of the other city reads none of Sanming's.
  EXPECT_FALSE(
      pol.MayReadEvent(P("auditor@500110"), SubmissionEvent("finance@350400")));
  v1::ChangeEvent lock;
  lock.set_actor("reform_office@350000");
  lock.set_kind(v1::EVENT_KIND_PERIOD_LOCKED);
  lock.mutable_lock()->set_region_code("350000");
  EXPECT_TRUE(pol.MayReadEvent(auditor, lock));  // covers Sanming too
  EXPECT_FALSE(pol.MayReadEvent(P("auditor@411300"), lock));
}

TEST_F(AccessPolicyTest, ADepartmentReadsOnlyItsOwnEvents) {
  const AccessPolicy pol = policy();
  const Principal finance = P("finance@350400");
  EXPECT_TRUE(pol.MayReadEvent(finance, SubmissionEvent("finance@350400")));
  EXPECT_TRUE(
      pol.MayReadEvent(finance, RecordEvent("finance@350400", "350424")));
  EXPECT_FALSE(
      pol.MayReadEvent(finance, SubmissionEvent("medical_insurance@350400")));
  EXPECT_FALSE(pol.MayReadEvent(finance, SubmissionEvent("finance@411300")));
  EXPECT_FALSE(
      pol.MayReadEvent(finance, RecordEvent("reform_office@350400", "350424")));
  EXPECT_FALSE(
      pol.MayReadEvent(P("analyst@350400"), SubmissionEvent("finance@350400")));
}

TEST_F(AccessPolicyTest, TheCatalogReadIsTheSubtreeAndItsAncestors) {
  v1::Catalog seen = policy().VisibleCatalog(P("analyst@350400"));
  std::vector<std::string> regions, plans, targets;
  for (const auto& r : seen.regions()) regions.push_back(r.code());
  for (const auto& p : seen.plans()) plans.push_back(p.code());
  for (const auto& t : seen.indicators(0).targets())
    targets.push_back(t.region_code());
  EXPECT_THAT(regions, ::testing::ElementsAre("350000", "350400", "350424"));
  EXPECT_THAT(plans, ::testing::UnorderedElementsAre("sm2024", "fj2024"));
  EXPECT_THAT(targets, ::testing::ElementsAre("350400"));
  EXPECT_EQ(seen.departments_size(), 3);
  EXPECT_EQ(seen.tasks_size(), 2);
  EXPECT_EQ(policy().VisibleCatalog(P("operator@350400")).ByteSizeLong(), 0u);
}

}  // namespace
}  // namespace access
}  // namespace hub
