// Internal to hub/reconcile: factories of the built-in rules.
#ifndef HUB_RECONCILE_RULES_INTERNAL_H_
#define HUB_RECONCILE_RULES_INTERNAL_H_

#include <memory>

#include "hub/reconcile/rule.h"

namespace hub {
namespace internal {

std::unique_ptr<ReconcileRule> NewAuthoritativeSourceRule();
std::unique_ptr<ReconcileRule> NewTaskStatusRule();

}  // namespace internal
}  // namespace hub

#endif  // HUB_RECONCILE_RULES_INTERNAL_H_
