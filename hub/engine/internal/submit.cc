#include "hub/engine/internal/submit.h"

#include <string>
#include <vector>

#include "hub/access/access_policy.h"
#include "hub/common/status_macros.h"
#include "hub/engine/internal/apply.h"
#include "hub/engine/internal/rejection.h"
#include "hub/engine/internal/replace_scope.h"
#include "hub/engine/internal/validator.h"

namespace hub {
namespace internal {
namespace {

struct Pending {
  Principal principal;
  std::string actor;
  const v1::Submission* submission = nullptr;
  bool dry_run = false;
  std::shared_ptr<const Catalog> catalog;  // validated against
  absl::StatusOr<std::vector<NormalizedItem>> items;
  absl::StatusOr<v1::Receipt> result;
};

absl::StatusOr<std::vector<NormalizedItem>> Validate(
    const SubmitEnv& env, const Catalog& catalog, const Principal& principal,
    const v1::Submission& submission) {
  HUB_RETURN_IF_ERROR(
      access::AccessPolicy(catalog).CheckSubmission(principal, submission));
  HUB_ASSIGN_OR_RETURN(std::vector<NormalizedItem> items,
                       ValidateSubmission(catalog, submission, env.clock()));
  HUB_RETURN_IF_ERROR(ValidateReplaceScope(catalog, submission));
  return items;
}

// Applies p in txn, or logs its refusal there (not on a dry run). Returns
// OK when txn's writes are to be kept.
absl::Status Apply(const SubmitEnv& env, Pending* p, Transaction* txn) {
  // A catalog change committed ahead of this submission (UpdateCatalog puts
  // it in force in log order) is checked again here, so the log alone
  // decides which catalog a submission met.
  std::shared_ptr<const Catalog> in_force = env.catalog();
  if (in_force != p->catalog) {
    p->catalog = std::move(in_force);
    p->items = Validate(env, *p->catalog, p->principal, *p->submission);
  }
  if (p->items.ok()) {
    Transaction attempt(txn);
    p->result = ApplySubmission(*p->catalog, *env.rules, p->actor,
                                *p->submission, *p->items, &attempt);
    if (p->result.ok()) {
      attempt.CommitToParent();
      return absl::OkStatus();
    }
  } else {
    p->result = p->items.status();
  }
  if (!p->dry_run && IsLoggedRejection(p->result.status())) {
    // Refusals are part of the history (issue 5): who tried what, and why.
    AppendRejection(p->actor, *p->submission, p->result.status(), env.refusals,
                    txn);
    return absl::OkStatus();
  }
  return p->result.status();
}

// The outcome of p once its group is done with commit status s.
absl::StatusOr<v1::Receipt> Outcome(Pending* p, absl::Status s) {
  if (!s.ok()) return s;                  // the refusal, or the store's error
  if (!p->result.ok()) return p->result;  // a logged refusal
  v1::Receipt receipt = *std::move(p->result);
  if (p->dry_run) {
    // Nothing was written: no sequence or time was taken (a retry's stored
    // receipt keeps the sequence it was accepted at).
    receipt.set_dry_run(true);
    if (!receipt.replayed()) {
      receipt.set_sequence(0);
      receipt.set_accepted_at_micros(0);
    }
  }
  return receipt;
}

}  // namespace

CommitRequest NewSubmitRequest(
    const SubmitEnv& env, const Principal& principal,
    const v1::Submission& submission, bool dry_run,
    absl::AnyInvocable<void(absl::StatusOr<v1::Receipt>)> done) {
  auto p = std::make_shared<Pending>();
  p->principal = principal;
  p->actor = principal.ToString();
  p->submission = &submission;
  p->dry_run = dry_run;
  p->catalog = env.catalog();
  p->items = Validate(env, *p->catalog, principal, submission);
  CommitRequest request;
  request.discard = dry_run;
  request.op = [&env, p](Transaction* txn) { return Apply(env, p.get(), txn); };
  request.done = [&env, p, done = std::move(done)](absl::Status s) mutable {
    absl::StatusOr<v1::Receipt> outcome = Outcome(p.get(), std::move(s));
    for (HubListener* l : env.listeners) {
      l->OnSubmitted(p->principal, *p->submission, p->dry_run, outcome);
    }
    std::move(done)(std::move(outcome));
  };
  return request;
}

}  // namespace internal
}  // namespace hub
