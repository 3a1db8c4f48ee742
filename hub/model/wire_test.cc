#include "hub/model/wire.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/model/model.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::StatusIs;

v1::MergedRecord Record() {
  v1::MergedRecord r;
  r.mutable_key()->set_kind(v1::SUBJECT_KIND_INDICATOR);
  r.mutable_key()->set_code("primary_care_visit_share");
  r.mutable_key()->set_region_code("350424");
  r.mutable_key()->set_period("2024H1");
  r.set_value("64.20");
  r.set_state(v1::RECORD_STATE_SINGLE_SOURCE);
  v1::Contribution* c = r.add_contributions();
  c->set_department("health_commission");
  c->set_numerator("64200");
  c->set_denominator("100000");
  r.set_version(3);
  r.set_etag("\"0123456789abcdef\"");
  r.mutable_resolution()->set_reason("after the field check");
  return r;
}

v1::ChangeEvent Event() {
  v1::ChangeEvent e;
  e.set_sequence(42);
  e.set_time_micros(1721836800000000);
  e.set_actor("health_commission@350400");
  e.set_kind(v1::EVENT_KIND_RECORD_CHANGED);
  *e.mutable_record_key() = Record().key();
  *e.mutable_before() = Record();
  *e.mutable_after() = Record();
  e.mutable_after()->set_version(4);
  e.set_rule_name("authoritative_source");
  e.set_rule_version(1);
  e.set_prev_hash(std::string(32, 'p'));
  e.set_hash(std::string(32, 'h'));
  e.mutable_submission_body()->set_submission_id("hc-2024h1-7");
  return e;
}

TEST(WireTest, InsertingAFieldGivesTheBytesOfTheMessageWithIt) {
  const v1::ChangeEvent full = Event();
  v1::ChangeEvent without = full;
  without.clear_hash();
  std::string bytes = DeterministicBytes(without);
  ASSERT_THAT(InsertLengthDelimitedField(15, full.hash(), &bytes), IsOk());
  EXPECT_EQ(bytes, DeterministicBytes(full));
}

TEST(WireTest, AnEmbeddedMessageGivenAsBytesEncodesAsTheMessage) {
  const v1::ChangeEvent full = Event();
  v1::ChangeEvent without = full;
  without.clear_before();
  without.clear_after();
  std::string bytes = DeterministicBytes(without);
  ASSERT_THAT(
      InsertLengthDelimitedField(8, DeterministicBytes(full.after()), &bytes),
      IsOk());
  ASSERT_THAT(
      InsertLengthDelimitedField(7, DeterministicBytes(full.before()), &bytes),
      IsOk());
  EXPECT_EQ(bytes, DeterministicBytes(full));
}

TEST(WireTest, InsertionPointIsBeforeTheFirstHigherField) {
  v1::MergedRecord r = Record();
  const std::string etag = r.etag();
  r.clear_etag();
  const std::string bytes = DeterministicBytes(r);
  v1::MergedRecord upto12 = r;
  upto12.clear_resolution();
  EXPECT_THAT(FieldInsertionPoint(bytes, 13),
              ::hub::testing::IsOkAndHolds(DeterministicBytes(upto12).size()));
  EXPECT_THAT(FieldInsertionPoint(bytes, 99),
              ::hub::testing::IsOkAndHolds(bytes.size()));
  EXPECT_THAT(FieldInsertionPoint("", 1), ::hub::testing::IsOkAndHolds(0u));
}

TEST(WireTest, WithoutFieldDropsEveryOccurrence) {
  v1::Submission s;
  s.set_submission_id("fin-2024-3");
  s.set_department("finance");
  s.set_submitted_at_micros(1721836800000000);
  s.add_items()->mutable_indicator_value()->set_value("520");
  v1::Submission cleared = s;
  cleared.clear_submitted_at_micros();
  EXPECT_THAT(WithoutField(DeterministicBytes(s), 5),
              ::hub::testing::IsOkAndHolds(DeterministicBytes(cleared)));
}

TEST(WireTest, MalformedBytesAreDataLoss) {
  std::string bytes = DeterministicBytes(Event());
  bytes.resize(bytes.size() - 3);  // a field cut short
  EXPECT_THAT(FieldInsertionPoint(bytes, 99),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(WithoutField(bytes, 15), StatusIs(absl::StatusCode::kDataLoss));
}

}  // namespace
}  // namespace hub
