#include "hub/records/record_reader.h"

#include <algorithm>
#include <random>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/cst_time.h"
#include "hub/common/status_matchers.h"
#include "hub/model/model.h"
#include "hub/schema/schema.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Sanming (明医改组〔2024〕4号): the city, two of its counties, and Nanyang.
std::shared_ptr<const Catalog> TestCatalog() {
  v1::Catalog c;
  for (const char* code : {"finance", "medical_insurance"}) {
    auto* d = c.add_departments();
    d->set_code(code);
    d->set_name(code);
  }
  for (auto [code, parent] : {std::pair{"350400", ""},
                              {"350404", "350400"},
                              {"350424", "350400"},
                              {"411300", ""}}) {
    auto* r = c.add_regions();
    r->set_code(code);
    r->set_name(code);
    r->set_parent_code(parent);
  }
  for (const char* code : {"county_fund_spending_share",
                           "resident_insurance_subsidy_per_person"}) {
    auto* ind = c.add_indicators();
    ind->set_code(code);
    ind->set_name(code);
    ind->set_unit("%");
    ind->set_dimension(v1::DIMENSION_PERCENT);
    ind->add_period_types(v1::PERIOD_TYPE_YEAR);
    ind->add_period_types(v1::PERIOD_TYPE_HALF);
    ind->set_owner_department("medical_insurance");
  }
  auto* plan = c.add_plans();
  plan->set_code("sm2024");
  plan->set_region_code("350400");
  auto* task = c.add_tasks();
  task->set_code("sm2024.10.3");
  task->set_plan_code("sm2024");
  task->set_region_code("350400");
  task->add_lead_departments("medical_insurance");
  task->mutable_deadline()->set_kind(v1::DEADLINE_KIND_DATE);
  task->mutable_deadline()->set_value("2024-09-30");
  auto built = Catalog::Build(c);
  EXPECT_THAT(built, IsOk());
  return std::shared_ptr<const Catalog>(*std::move(built));
}

v1::MergedRecord Record(v1::SubjectKind kind, const std::string& code,
                        const std::string& region, const std::string& period,
                        v1::RecordState state,
                        const std::vector<std::string>& departments) {
  v1::MergedRecord r;
  r.mutable_key()->set_kind(kind);
  r.mutable_key()->set_code(code);
  r.mutable_key()->set_region_code(region);
  r.mutable_key()->set_period(period);
  r.set_state(state);
  for (const std::string& d : departments) {
    r.add_contributions()->set_department(d);
  }
  r.set_value("47.50");
  return r;
}

// Writes records as the engine does: the record and its index entries.
void Put(Store* store, const std::vector<v1::MergedRecord>& records) {
  WriteBatch batch;
  for (const v1::MergedRecord& r : records) {
    batch.Put(Column::kRecords, EncodeRecordKey(r.key()),
              DeterministicBytes(r));
    for (const std::string& k : IndexKeys(r)) batch.Put(Column::kIndex, k, "");
  }
  ASSERT_THAT(store->Write(batch, false), IsOk());
}

std::vector<std::string> Keys(RecordIterator* it) {
  std::vector<std::string> keys;
  for (; it->Valid(); it->Next()) keys.push_back(it->key());
  EXPECT_THAT(it->status(), IsOk());
  return keys;
}

class RecordReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Put(store_.get(),
        {Record(v1::SUBJECT_KIND_INDICATOR, "county_fund_spending_share",
                "350404", "2024", v1::RECORD_STATE_CONFLICT,
                {"finance", "medical_insurance"}),
         Record(v1::SUBJECT_KIND_INDICATOR, "county_fund_spending_share",
                "350424", "2024H1", v1::RECORD_STATE_SINGLE_SOURCE,
                {"medical_insurance"}),
         Record(v1::SUBJECT_KIND_INDICATOR,
                "resident_insurance_subsidy_per_person", "411300", "2024",
                v1::RECORD_STATE_SINGLE_SOURCE, {"finance"}),
         Record(v1::SUBJECT_KIND_TASK, "sm2024.10.3", "350400", "2024",
                v1::RECORD_STATE_AGREED, {"finance", "medical_insurance"})});
  }
  RecordReader Reader() {
    return RecordReader(store_->NewSnapshot(), catalog_);
  }

  std::shared_ptr<const Catalog> catalog_ = TestCatalog();
  std::unique_ptr<Store> store_ = NewMemStore();
};

TEST_F(RecordReaderTest, GetReturnsTheStoredRecordOrNotFound) {
  v1::RecordKey key;
  key.set_kind(v1::SUBJECT_KIND_TASK);
  key.set_code("sm2024.10.3");
  key.set_region_code("350400");
  key.set_period("2024");
  auto record = Reader().Get(key);
  ASSERT_THAT(record, IsOk());
  EXPECT_EQ(record->contributions_size(), 2);
  key.set_period("2025");
  EXPECT_THAT(
      Reader().Get(key),
      StatusIs(absl::StatusCode::kNotFound,
               HasSubstr("no record for task sm2024.10.3 350400 2025")));
}

TEST_F(RecordReaderTest, ScansBySubtreeIndicatorTaskStateAndDepartment) {
  RecordFilter sanming;
  sanming.region_code = "350400";
  EXPECT_THAT(Keys(Reader().Scan(sanming, "").get()),
              ElementsAre("I/county_fund_spending_share/350404/2024",
                          "I/county_fund_spending_share/350424/2024H1",
                          "T/sm2024.10.3/350400/2024"));
  RecordFilter county = sanming;
  county.region_code = "350424";
  EXPECT_THAT(Keys(Reader().Scan(county, "").get()),
              ElementsAre("I/county_fund_spending_share/350424/2024H1"));
  RecordFilter conflicts;
  conflicts.state = v1::RECORD_STATE_CONFLICT;
  EXPECT_THAT(Keys(Reader().Scan(conflicts, "").get()),
              ElementsAre("I/county_fund_spending_share/350404/2024"));
  RecordFilter finance;
  finance.department = "finance";
  EXPECT_THAT(Keys(Reader().Scan(finance, "").get()),
              ElementsAre("I/county_fund_spending_share/350404/2024",
                          "I/resident_insurance_subsidy_per_person/411300/2024",
                          "T/sm2024.10.3/350400/2024"));
  RecordFilter half;
  half.indicator_code = "county_fund_spending_share";
  half.period = "2024H1";
  EXPECT_THAT(Keys(Reader().Scan(half, "").get()),
              ElementsAre("I/county_fund_spending_share/350424/2024H1"));
  RecordFilter tasks;
  tasks.kind = v1::SUBJECT_KIND_TASK;
  EXPECT_THAT(Keys(Reader().Scan(tasks, "").get()),
              ElementsAre("T/sm2024.10.3/350400/2024"));
}

TEST_F(RecordReaderTest, ResumesAfterAKeyAndSeesOneSnapshot) {
  RecordReader reader = Reader();
  Put(store_.get(),
      {Record(v1::SUBJECT_KIND_INDICATOR, "county_fund_spending_share",
              "350424", "2024", v1::RECORD_STATE_CONFLICT, {"finance"})});
  RecordFilter sanming;
  sanming.region_code = "350400";
  EXPECT_THAT(
      Keys(reader.Scan(sanming, "I/county_fund_spending_share/350404/2024")
               .get()),
      ElementsAre("I/county_fund_spending_share/350424/2024H1",
                  "T/sm2024.10.3/350400/2024"));
  EXPECT_EQ(Keys(Reader().Scan(sanming, "").get()).size(), 4u);
}

TEST_F(RecordReaderTest, CountsTheRecordsInAStateAsOfTheSnapshot) {
  RecordReader reader = Reader();
  Put(store_.get(),
      {Record(v1::SUBJECT_KIND_INDICATOR, "county_fund_spending_share",
              "350424", "2024", v1::RECORD_STATE_CONFLICT, {"finance"})});
  EXPECT_EQ(*reader.Count(v1::RECORD_STATE_CONFLICT), 1u);
  EXPECT_EQ(*reader.Count(v1::RECORD_STATE_SINGLE_SOURCE), 2u);
  EXPECT_EQ(*reader.Count(v1::RECORD_STATE_RESOLVED), 0u);
  EXPECT_EQ(*Reader().Count(v1::RECORD_STATE_CONFLICT), 2u);
}

TEST_F(RecordReaderTest, AnIndexEntryWithoutItsRecordIsDataLoss) {
  WriteBatch batch;
  batch.Put(Column::kIndex,
            StateIndexPrefix(v1::RECORD_STATE_CONFLICT) +
                "I/county_fund_spending_share/350424/2023",
            "");
  ASSERT_THAT(store_->Write(batch, false), IsOk());
  RecordFilter conflicts;
  conflicts.state = v1::RECORD_STATE_CONFLICT;
  std::unique_ptr<RecordIterator> it = Reader().Scan(conflicts, "");
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "I/county_fund_spending_share/350404/2024");
  it->Next();
  EXPECT_FALSE(it->Valid());
  EXPECT_THAT(it->status(), StatusIs(absl::StatusCode::kDataLoss,
                                     HasSubstr("names no record")));
}

TEST_F(RecordReaderTest, TasksPastTheirDeadlineAreOverdueUntilCompleted) {
  v1::MergedRecord task = Record(v1::SUBJECT_KIND_TASK, "sm2024.10.3", "350400",
                                 "2024", v1::RECORD_STATE_AGREED, {});
  task.set_status(v1::TASK_STATUS_IN_PROGRESS);
  const absl::Time due = EndOfDayCst(absl::CivilDay(2024, 9, 30));
  MarkOverdue(*catalog_, due - absl::Seconds(1), &task);
  EXPECT_FALSE(task.overdue());
  MarkOverdue(*catalog_, due, &task);
  EXPECT_TRUE(task.overdue());
  task.set_status(v1::TASK_STATUS_COMPLETED);
  MarkOverdue(*catalog_, EndOfDayCst(absl::CivilDay(2025, 1, 1)), &task);
  EXPECT_FALSE(task.overdue());
}

// Against a reference model: every filter's scan equals a brute-force pass
// over all records, whichever access path the filter picks.
TEST(RecordReaderModelTest, EveryScanEqualsTheBruteForceFilter) {
  std::shared_ptr<const Catalog> catalog = TestCatalog();
  std::unique_ptr<Store> store = NewMemStore();
  std::mt19937 rng(20240725);
  const char* regions[] = {"350400", "350404", "350424", "411300"};
  const char* periods[] = {"2024", "2024H1", "2023"};
  const char* codes[] = {"county_fund_spending_share",
                         "resident_insurance_subsidy_per_person"};
  const v1::RecordState states[] = {v1::RECORD_STATE_CONFLICT,
                                    v1::RECORD_STATE_AGREED,
                                    v1::RECORD_STATE_SINGLE_SOURCE};
  std::vector<v1::MergedRecord> all;
  for (const char* code : codes) {
    for (const char* region : regions) {
      for (const char* period : periods) {
        if (rng() % 3 == 0) continue;
        std::vector<std::string> depts;
        if (rng() % 2) depts.push_back("finance");
        if (rng() % 2) depts.push_back("medical_insurance");
        all.push_back(Record(v1::SUBJECT_KIND_INDICATOR, code, region, period,
                             states[rng() % 3], depts));
      }
    }
  }
  Put(store.get(), all);
  RecordReader reader(store->NewSnapshot(), catalog);
  for (int round = 0; round < 300; ++round) {
    RecordFilter f;
    if (rng() % 2) f.region_code = regions[rng() % 4];
    if (rng() % 3 == 0) f.period = periods[rng() % 3];
    if (rng() % 3 == 0) f.indicator_code = codes[rng() % 2];
    if (rng() % 4 == 0)
      f.department = rng() % 2 ? "finance" : "medical_insurance";
    if (rng() % 4 == 0) f.state = states[rng() % 3];
    std::vector<std::string> want;
    for (const v1::MergedRecord& r : all) {
      const v1::RecordKey& k = r.key();
      bool dept = f.department.empty();
      for (const auto& c : r.contributions())
        dept |= c.department() == f.department;
      if ((f.region_code.empty() ||
           catalog->InSubtree(k.region_code(), f.region_code)) &&
          (f.period.empty() || k.period() == f.period) &&
          (f.indicator_code.empty() || k.code() == f.indicator_code) &&
          (f.state == v1::RECORD_STATE_UNSPECIFIED || r.state() == f.state) &&
          dept) {
        want.push_back(EncodeRecordKey(k));
      }
    }
    std::sort(want.begin(), want.end());
    SCOPED_TRACE(absl::StrCat("round ", round, " region ", f.region_code,
                              " period ", f.period, " code ", f.indicator_code,
                              " dept ", f.department, " state ", f.state));
    EXPECT_EQ(Keys(reader.Scan(f, "").get()), want);
    if (want.size() > 1) {
      std::vector<std::string> rest(want.begin() + 1, want.end());
      EXPECT_EQ(Keys(reader.Scan(f, want[0]).get()), rest);
    }
  }
}

}  // namespace
}  // namespace hub
