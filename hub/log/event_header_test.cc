#include "hub/log/event_header.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/model/model.h"

namespace hub {
namespace {

using ::hub::testing::IsOk;
using ::hub::testing::IsOkAndHolds;
using ::hub::testing::StatusIs;

v1::ChangeEvent SubmissionEvent() {
  v1::ChangeEvent e;
  e.set_sequence(7);
  e.set_time_micros(1721836800000000);
  e.set_actor("medical_insurance@350400");
  e.set_kind(v1::EVENT_KIND_SUBMISSION_ACCEPTED);
  e.mutable_submission()->set_submission_id("mi-2024H1-001");
  e.mutable_submission()->set_department("medical_insurance");
  v1::Submission* body = e.mutable_submission_body();
  body->set_submission_id("mi-2024H1-001");
  body->set_department("medical_insurance");
  auto* v = body->add_items()->mutable_indicator_value();
  v->set_indicator_code("drg_dip_fund_share");
  v->set_region_code("350424");
  v->set_period("2024H1");
  v->set_value("71.3");
  e.set_prev_hash(std::string(32, 'p'));
  e.set_hash(std::string(32, 'h'));
  return e;
}

TEST(EventHeaderTest, ReadsTheFilterFieldsOfASubmissionEvent) {
  const v1::ChangeEvent e = SubmissionEvent();
  const std::string bytes = DeterministicBytes(e);
  absl::StatusOr<EventHeader> h = ReadEventHeader(bytes);
  ASSERT_THAT(h.status(), IsOk());
  EXPECT_EQ(h->sequence, 7u);
  EXPECT_EQ(h->kind, v1::EVENT_KIND_SUBMISSION_ACCEPTED);
  EXPECT_EQ(h->actor, "medical_insurance@350400");
  EXPECT_FALSE(h->has_record_key);
  EXPECT_FALSE(h->has_lock);
  EXPECT_EQ(h->submission, DeterministicBytes(e.submission()));
  EXPECT_EQ(h->submission_body, DeterministicBytes(e.submission_body()));
  EXPECT_THAT(ReadDepartment(h->submission), IsOkAndHolds("medical_insurance"));
  EXPECT_THAT(ReadDepartment(h->submission_body),
              IsOkAndHolds("medical_insurance"));
}

TEST(EventHeaderTest, ReadsRecordKeyAndLock) {
  v1::ChangeEvent e;
  e.set_sequence(1u << 20);
  e.set_kind(v1::EVENT_KIND_RECORD_CHANGED);
  e.mutable_record_key()->set_code("county_visit_rate");
  e.mutable_record_key()->set_region_code("411321");
  e.mutable_after()->set_value("90.5");
  e.mutable_lock()->set_period("2022");
  const std::string bytes = DeterministicBytes(e);  // the header's views
  absl::StatusOr<EventHeader> h = ReadEventHeader(bytes);
  ASSERT_THAT(h.status(), IsOk());
  EXPECT_EQ(h->sequence, 1u << 20);
  EXPECT_TRUE(h->has_record_key);
  EXPECT_TRUE(h->has_lock);
  v1::RecordKey key;
  ASSERT_TRUE(key.ParseFromArray(h->record_key.data(),
                                 static_cast<int>(h->record_key.size())));
  EXPECT_EQ(key.region_code(), "411321");
  EXPECT_TRUE(h->submission_body.empty());
  EXPECT_THAT(ReadDepartment(h->submission), IsOkAndHolds(""));
}

TEST(EventHeaderTest, MalformedBytesAreDataLoss) {
  std::string bytes = DeterministicBytes(SubmissionEvent());
  EXPECT_THAT(ReadEventHeader(bytes.substr(0, bytes.size() - 5)).status(),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(ReadEventHeader("\xff\xff\xff").status(),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(ReadDepartment("\x12\x40short").status(),
              StatusIs(absl::StatusCode::kDataLoss));
}

}  // namespace
}  // namespace hub
