#include "hub/engine/internal/rejection.h"

#include "hub/common/utf8.h"
#include "hub/engine/internal/apply.h"
#include "hub/engine/internal/submission_event.h"
#include "hub/model/errors.h"
#include "hub/model/model.h"

namespace hub {
namespace internal {
namespace {

constexpr size_t kMaxMessage = 1024;
constexpr size_t kMaxField = 256;
constexpr size_t kMaxDescription = 512;
constexpr size_t kMaxSummaryString = 128;

// Valid UTF-8 of at most max bytes, whatever text holds.
std::string Bounded(absl::string_view text, size_t max) {
  if (IsValidUtf8(text)) return std::string(TruncateUtf8(text, max));
  return std::string(TruncateUtf8(ScrubUtf8(text.substr(0, max)), max));
}

// True when the bytes of message parse back (strict UTF-8 included), so a
// stored event always reads.
template <typename T>
bool Parses(absl::string_view bytes) {
  T copy;
  return copy.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
}

}  // namespace

bool IsLoggedRejection(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
      return true;
    default:
      return false;
  }
}

v1::Rejection BoundedRejection(const absl::Status& status,
                               absl::string_view content,
                               const RefusalLimits& limits,
                               const LogCrypto& crypto) {
  v1::Rejection rejection;
  rejection.set_code(absl::StatusCodeToString(status.code()));
  rejection.set_message(Bounded(status.message(), kMaxMessage));
  std::vector<FieldViolation> violations = GetFieldViolations(status);
  for (size_t i = 0; i < violations.size(); ++i) {
    if (static_cast<int>(i) >= limits.fields) {
      rejection.set_fields_omitted(static_cast<int>(violations.size() - i));
      break;
    }
    v1::RejectedField* f = rejection.add_fields();
    f->set_field(Bounded(violations[i].field, kMaxField));
    f->set_description(Bounded(violations[i].description, kMaxDescription));
  }
  rejection.set_content_size(content.size());
  rejection.set_content_hash(crypto.Hash(content));
  return rejection;
}

uint64_t AppendRejection(const std::string& actor,
                         const v1::Submission& submission,
                         const absl::Status& status,
                         const RefusalLimits& limits, Transaction* txn) {
  // Serialized once: the content hash, the body kept and the refused size.
  const EncodedSubmission encoded(txn->crypto(), submission);
  const bool keep = encoded.bytes.size() <= limits.body_bytes &&
                    Parses<v1::Submission>(encoded.bytes);
  v1::ChangeEvent event =
      SubmissionEvent(v1::EVENT_KIND_SUBMISSION_REJECTED, actor, encoded);
  v1::SubmissionSummary* summary = event.mutable_submission();
  summary->set_submission_id(
      Bounded(submission.submission_id(), kMaxSummaryString));
  summary->set_department(Bounded(submission.department(), kMaxSummaryString));
  summary->set_source_system(
      Bounded(submission.source_system(), kMaxSummaryString));
  summary->set_adapter(Bounded(submission.adapter(), kMaxSummaryString));
  *event.mutable_rejection() =
      BoundedRejection(status, encoded.bytes, limits, txn->crypto());
  event.mutable_rejection()->set_body_omitted(!keep);
  if (!keep) return txn->AppendEvent(std::move(event));
  return txn->AppendEvent(std::move(event), {BodyField(encoded)});
}

v1::ChangeEvent CallRefusalEvent(const std::string& actor,
                                 absl::string_view method,
                                 const absl::Status& status,
                                 absl::string_view request,
                                 const RefusalLimits& limits,
                                 const LogCrypto& crypto) {
  v1::ChangeEvent event;
  event.set_actor(Bounded(actor, kMaxSummaryString));
  event.set_kind(v1::EVENT_KIND_CALL_REFUSED);
  v1::Rejection* rejection = event.mutable_rejection();
  *rejection = BoundedRejection(status, request, limits, crypto);
  rejection->set_method(Bounded(method, kMaxField));
  if (request.size() <= limits.body_bytes) {
    rejection->set_request_body(std::string(request));
  } else {
    rejection->set_body_omitted(true);
  }
  return event;
}

}  // namespace internal
}  // namespace hub
