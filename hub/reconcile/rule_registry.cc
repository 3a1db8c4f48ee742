#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "hub/reconcile/rule.h"
#include "hub/reconcile/rules_internal.h"

namespace hub {

absl::Status RuleRegistry::Register(absl::string_view name, Factory factory) {
  if (!factories_.emplace(std::string(name), std::move(factory)).second) {
    return absl::AlreadyExistsError(
        absl::StrCat("reconcile rule \"", name, "\" is already registered"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<ReconcileRule>> RuleRegistry::Create(
    absl::string_view name) const {
  auto it = factories_.find(name);
  if (it == factories_.end()) {
    return absl::NotFoundError(
        absl::StrCat("unknown reconcile rule \"", name,
                     "\" (known: ", absl::StrJoin(Names(), ", "), ")"));
  }
  return it->second();
}

std::vector<std::string> RuleRegistry::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, factory] : factories_) names.push_back(name);
  return names;
}

absl::Status RegisterBuiltinRules(RuleRegistry* registry) {
  const std::pair<const char*, RuleRegistry::Factory> builtins[] = {
      {"authoritative_source", internal::NewAuthoritativeSourceRule},
      {"must_agree", internal::NewMustAgreeRule},
      {"latest_report", internal::NewLatestReportRule},
      {"task_status", internal::NewTaskStatusRule},
  };
  for (const auto& [name, factory] : builtins) {
    absl::Status s = registry->Register(name, factory);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const RuleRegistry>> NewBuiltinRuleRegistry() {
  auto registry = std::make_shared<RuleRegistry>();
  absl::Status s = RegisterBuiltinRules(registry.get());
  if (!s.ok()) return s;
  return std::shared_ptr<const RuleRegistry>(std::move(registry));
}

}  // namespace hub
