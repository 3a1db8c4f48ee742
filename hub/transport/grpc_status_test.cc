#include "hub/transport/grpc_status.h"

#include "gtest/gtest.h"
#include "hub/model/errors.h"

namespace hub {
namespace {

TEST(GrpcStatusTest, InvalidArgumentCarriesBadRequestDetails) {
  absl::Status s = InvalidArgumentWithViolations(
      "submission \"x\" rejected",
      {{"items[0].indicator_value.period", "bad"}});
  grpc::Status g = ToGrpcStatus(s);
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(g.error_message(), s.message());
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(g.error_details()));
  EXPECT_EQ(details.code(), 3);
  ASSERT_EQ(details.details_size(), 1);
  EXPECT_EQ(details.details(0).type_url(),
            "type.googleapis.com/google.rpc.BadRequest");
  google::rpc::BadRequest br;
  ASSERT_TRUE(details.details(0).UnpackTo(&br));
  EXPECT_EQ(br.field_violations(0).field(), "items[0].indicator_value.period");

  absl::Status back = FromGrpcStatus(g);
  EXPECT_EQ(back.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(GetFieldViolations(back).size(), 1u);
  EXPECT_EQ(GetFieldViolations(back)[0].description, "bad");
}

TEST(GrpcStatusTest, CodesMapOneToOne) {
  for (auto code :
       {absl::StatusCode::kPermissionDenied, absl::StatusCode::kAlreadyExists,
        absl::StatusCode::kNotFound, absl::StatusCode::kUnavailable,
        absl::StatusCode::kFailedPrecondition, absl::StatusCode::kAborted}) {
    absl::Status s(code, "why");
    grpc::Status g = ToGrpcStatus(s);
    EXPECT_EQ(static_cast<int>(g.error_code()), static_cast<int>(code));
    EXPECT_TRUE(g.error_details().empty());
    EXPECT_EQ(FromGrpcStatus(g), s);
  }
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

}  // namespace
}  // namespace hub
