// Submissions on their way through the committer: validated on the
// caller's thread against the catalog in force, then applied in log order
// (validated again if a catalog change committed in between), or, when
// refused, logged as a SUBMISSION_REJECTED event in the same group. One
// commit request per submission, so a batch's submissions succeed or fail
// one by one.
#ifndef HUB_ENGINE_INTERNAL_SUBMIT_H_
#define HUB_ENGINE_INTERNAL_SUBMIT_H_

#include <functional>
#include <memory>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "hub/catalog/catalog.h"
#include "hub/engine/hub.h"
#include "hub/engine/internal/committer.h"
#include "hub/engine/internal/merge.h"
#include "hub/engine/listener.h"
#include "hub/model/principal.h"
#include "hub/v1/model.pb.h"

namespace hub {
namespace internal {

struct SubmitEnv {
  std::function<std::shared_ptr<const Catalog>()> catalog;  // in force now
  const RuleSet* rules = nullptr;
  std::function<absl::Time()> clock;    // now, for periods that have begun
  std::vector<HubListener*> listeners;  // told every outcome; borrowed
  RefusalLimits refusals;               // caps of a logged refusal
};

// The commit request of submission (borrowed until done is called) by
// principal. done gets the receipt, or the refusal, or the store's error,
// after env's listeners were told.
// env must outlive the request.
CommitRequest NewSubmitRequest(
    const SubmitEnv& env, const Principal& principal,
    const v1::Submission& submission, bool dry_run,
    absl::AnyInvocable<void(absl::StatusOr<v1::Receipt>)> done);

}  // namespace internal
}  // namespace hub

#endif  // HUB_ENGINE_INTERNAL_SUBMIT_H_
