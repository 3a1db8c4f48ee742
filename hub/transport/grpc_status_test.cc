#include "hub/transport/grpc_status.h"

#include "absl/strings/str_cat.h"
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
  // Each violation is sent once: in the detail, not in the message.
  EXPECT_EQ(g.error_message(), "submission \"x\" rejected");
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

TEST(GrpcStatusTest, TheTrailerFitsADefaultClientWhateverTheViolations) {
  std::vector<FieldViolation> many;
  for (int i = 0; i < 5000; ++i) {
    many.push_back({absl::StrCat("items[", i, "].indicator_value.period"),
                    std::string(2000, 'x')});
  }
  grpc::Status g =
      ToGrpcStatus(InvalidArgumentWithViolations("5000 bad items", many));
  EXPECT_EQ(g.error_message(), "5000 bad items");
  // A client's default metadata limit is 8 KiB, for headers and trailers.
  EXPECT_LT(g.error_details().size() + g.error_message().size(), 6000u);
  std::vector<FieldViolation> got = GetFieldViolations(FromGrpcStatus(g));
  ASSERT_GT(got.size(), 2u);
  EXPECT_EQ(got[0].field, "items[0].indicator_value.period");
  EXPECT_EQ(got[0].description.size(), kMaxViolationBytes);
  EXPECT_EQ(got.back().field, "");
  EXPECT_EQ(got.back().description,
            absl::StrCat("and ", 5000 - (got.size() - 1),
                         " more violations not sent"));
  // A long message is cut, on a character boundary.
  grpc::Status long_message =
      ToGrpcStatus(absl::PermissionDeniedError(std::string(3000, 'p')));
  EXPECT_EQ(long_message.error_message().size(), kMaxWireMessage);
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
