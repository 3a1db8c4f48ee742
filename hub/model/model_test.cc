#include "hub/model/model.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hub/common/status_matchers.h"
#include "hub/model/errors.h"
#include "hub/model/principal.h"

namespace hub {
namespace {

using ::hub::testing::StatusIs;
using ::testing::HasSubstr;

TEST(Sha256Test, KnownVector) {
  EXPECT_EQ(ToHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(DeterministicBytesTest, EqualMessagesGiveEqualBytes) {
  v1::MergedRecord a, b;
  a.set_value("65.20");
  a.set_version(3);
  b.set_version(3);
  b.set_value("65.20");
  EXPECT_EQ(DeterministicBytes(a), DeterministicBytes(b));
}

}  // namespace
}  // namespace hub

namespace hub {
namespace {

TEST(PrincipalTest, ParsesRoles) {
  auto p = Principal::Parse("medical_insurance@350400");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->role, Role::kDepartment);
  EXPECT_EQ(p->department, "medical_insurance");
  EXPECT_EQ(p->region, "350400");
  EXPECT_EQ(p->ToString(), "medical_insurance@350400");
  EXPECT_EQ(Principal::Parse("reform_office@350400")->role,
            Role::kReformOffice);
  EXPECT_EQ(Principal::Parse("auditor@350000")->role, Role::kAuditor);
  EXPECT_EQ(Principal::Parse("analyst@411300")->role, Role::kAnalyst);
  auto op = Principal::Parse("operator@350400");
  ASSERT_TRUE(op.ok());
  EXPECT_EQ(op->role, Role::kOperator);
  EXPECT_EQ(op->department, "");
  EXPECT_EQ(op->ToString(), "operator@350400");
}

TEST(PrincipalTest, RejectsMalformed) {
  EXPECT_THAT(Principal::Parse("finance"),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                ::testing::HasSubstr("missing '@'")));
  EXPECT_THAT(Principal::Parse("finance@3504"),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                ::testing::HasSubstr("six-digit")));
  EXPECT_THAT(Principal::Parse("Finance@350400"),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                ::testing::HasSubstr("snake_case")));
}

TEST(ErrorsTest, ViolationsRoundTripThroughPayload) {
  absl::Status s = InvalidArgumentWithViolations(
      "submission rejected",
      {{"items[0].period", "bad period"}, {"department", "unknown"}});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "submission rejected: items[0].period: bad period; department: "
            "unknown");
  std::vector<FieldViolation> v = GetFieldViolations(s);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[1].field, "department");
  EXPECT_TRUE(GetFieldViolations(absl::InternalError("x")).empty());
}

TEST(ErrorsTest, ReasonAndChineseMessageRoundTrip) {
  absl::Status s = InvalidArgumentWithViolations(
      "submission rejected",
      {MakeViolation("items[0].indicator_value.region_code",
                     "unknown region \"350999\"", reason::kUnknownRegion,
                     {{"value", "350999"}})});
  std::vector<FieldViolation> v = GetFieldViolations(s);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].field, "items[0].indicator_value.region_code");
  EXPECT_EQ(v[0].description, "unknown region \"350999\"");
  EXPECT_EQ(v[0].reason, "UNKNOWN_REGION");
  EXPECT_EQ(v[0].localized, "未知区划“350999”");
  // The English message is unchanged by the reason.
  EXPECT_EQ(s.message(),
            "submission rejected: items[0].indicator_value.region_code: "
            "unknown region \"350999\"");
}

TEST(ErrorsTest, ReasonsWithoutAChineseMessageGetNone) {
  EXPECT_EQ(ReasonMessageZh("NO_SUCH_REASON", {}), "");
  FieldViolation v = MakeViolation("f", "described", "NO_SUCH_REASON");
  EXPECT_EQ(v.reason, "NO_SUCH_REASON");
  EXPECT_EQ(v.localized, "");
  EXPECT_EQ(ReasonMessageZh(reason::kTooManyItems,
                            {{"count", "10001"}, {"max", "10000"}}),
            "共 10001 项，每次报送最多 10000 项");
}

}  // namespace
}  // namespace hub
