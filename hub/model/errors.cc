#include "hub/model/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/status.pb.h"
#include "hub/common/utf8.h"

namespace hub {
namespace {

// The summary of InvalidArgumentWithViolations(), kept apart from the
// message (which also lists the first violations).
constexpr char kSummaryTypeUrl[] = "hub.summary";

}  // namespace

FieldViolation MakeViolation(std::string field, std::string description,
                             absl::string_view reason,
                             const ViolationArgs& args) {
  FieldViolation v{std::move(field), std::move(description),
                   std::string(reason), ""};
  v.localized = ReasonMessageZh(reason, args);
  return v;
}

absl::Status InvalidArgumentWithViolations(
    absl::string_view summary, const std::vector<FieldViolation>& violations) {
  google::rpc::BadRequest bad_request;
  std::string message(summary);
  constexpr size_t kMaxInMessage = 5;
  for (size_t i = 0; i < violations.size(); ++i) {
    auto* v = bad_request.add_field_violations();
    v->set_field(violations[i].field);
    v->set_description(violations[i].description);
    v->set_reason(violations[i].reason);
    if (!violations[i].localized.empty()) {
      v->mutable_localized_message()->set_locale("zh-CN");
      v->mutable_localized_message()->set_message(violations[i].localized);
    }
    if (i < kMaxInMessage) {
      absl::StrAppend(&message, i == 0 ? ": " : "; ", violations[i].field, ": ",
                      violations[i].description);
    }
  }
  if (violations.size() > kMaxInMessage) {
    absl::StrAppend(&message, "; and ", violations.size() - kMaxInMessage,
                    " more");
  }
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kBadRequestTypeUrl,
                    absl::Cord(bad_request.SerializeAsString()));
  status.SetPayload(kSummaryTypeUrl, absl::Cord(summary));
  return status;
}

absl::Status RetryLater(absl::string_view message, absl::Duration delay) {
  google::rpc::RetryInfo info;
  const int64_t nanos = absl::ToInt64Nanoseconds(delay);
  info.mutable_retry_delay()->set_seconds(nanos / 1000000000);
  info.mutable_retry_delay()->set_nanos(
      static_cast<int32_t>(nanos % 1000000000));
  absl::Status status = absl::ResourceExhaustedError(message);
  status.SetPayload(kRetryInfoTypeUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

absl::optional<absl::Duration> GetRetryDelay(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(kRetryInfoTypeUrl);
  google::rpc::RetryInfo info;
  if (!payload.has_value() || !info.ParseFromString(std::string(*payload))) {
    return absl::nullopt;
  }
  return absl::Seconds(info.retry_delay().seconds()) +
         absl::Nanoseconds(info.retry_delay().nanos());
}

std::string ShortMessage(const absl::Status& status) {
  absl::optional<absl::Cord> summary = status.GetPayload(kSummaryTypeUrl);
  std::string text = summary.has_value() ? std::string(*summary)
                                         : std::string(status.message());
  return std::string(TruncateUtf8(ScrubUtf8(text), kMaxWireMessage));
}

std::vector<FieldViolation> GetFieldViolations(const absl::Status& status) {
  std::vector<FieldViolation> out;
  absl::optional<absl::Cord> payload = status.GetPayload(kBadRequestTypeUrl);
  if (!payload.has_value()) return out;
  google::rpc::BadRequest bad_request;
  if (!bad_request.ParseFromString(std::string(*payload))) return out;
  for (const auto& v : bad_request.field_violations()) {
    out.push_back({v.field(), v.description(), v.reason(),
                   v.localized_message().locale() == "zh-CN"
                       ? v.localized_message().message()
                       : ""});
  }
  return out;
}

}  // namespace hub
